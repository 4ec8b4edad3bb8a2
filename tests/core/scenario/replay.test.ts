import { describe, expect, test } from 'vitest';
import { dockerfileText, replayScenario } from '../../../src/core/scenario/replay.ts';
import { encodeUtf8 } from '../../../src/core/fs/utf8.ts';
import type { ContextFile } from '../../../src/core/build/context.ts';
import type { ScenarioSpec } from '../../../src/core/scenario/types.ts';

const busybox = {
  'local/busybox:1': {
    sizeBytes: 1982382,
    dirs: ['/bin', '/etc', '/tmp'],
    files: { '/bin/busybox': 1982256 },
    symlinks: Object.fromEntries(['sh', 'cat', 'echo', 'test'].map((n) => [`/bin/${n}`, 'busybox'])),
  },
};

// tests/scenarios/s57-dockerfile-utf8-bytes, as bytes on disk (recorded: both builders succeed, base+26).
const dockerfile = '\ufeffARG V=\ufeff1\nFROM local/busybox:$V AS first\nRUN echo h\u00e9llo > /h\nFROM \ufefflocal/busybox:1\nCOPY --from=first /h /h\nCOPY caf\u00e9.bin /raw.bin\nRUN echo \u00fcn\u00efcode-\u00df > /u && test "$(cat /h)" = "h\u00e9llo"\n';
const raw = Uint8Array.from([0x63, 0x61, 0x66, 0xe9, 0xff, 0x0a]); // not UTF-8: COPY takes the 6 bytes as they are

function files(): Map<string, ContextFile> {
  return new Map<string, ContextFile>([
    ['Dockerfile', { content: encodeUtf8(dockerfile), mode: 0o644 }],
    ['caf\u00e9.bin', { content: raw, mode: 0o644 }],
  ]);
}

describe('replaying a scenario whose files are bytes', () => {
  test('the Dockerfile is read as UTF-8, byte-order marks kept for the parser and lexer to drop', () => {
    expect(dockerfileText({ content: encodeUtf8(dockerfile) })).toBe(dockerfile);
    expect(dockerfileText({ content: Uint8Array.from([0xef, 0xbb, 0xbf, 0x46, 0xc3, 0xa9]) })).toBe('\ufeffF\u00e9');
  });

  test('non-ASCII text in a UTF-8 Dockerfile builds as on Engine 20.10 in both builders (s57: base+26, 7+6+13 bytes)', () => {
    const spec: ScenarioSpec = { title: 's57', images: busybox, builds: [{ builder: 'buildkit' }, { builder: 'legacy' }] };
    const { report } = replayScenario({ spec, files: files() });
    for (const b of report.builds) {
      expect(b.error).toBeNull();
      expect(b.stagesBuilt).toEqual([0, 1]);
      expect(b.image?.sizeBytes).toBe(1982382 + 7 + 6 + 13);
      expect(b.steps.map((s) => s.line)).toEqual([3, 5, 6, 7]);
    }
  });

  test('an edit that replaces a binary file with text of the same length still reruns its COPY', () => {
    const spec: ScenarioSpec = { title: 's57', images: busybox, builds: [{ builder: 'legacy' }, { builder: 'legacy', edits: { 'caf\u00e9.bin': 'caf\u00e9\n' } }] };
    const second = replayScenario({ spec, files: files() }).report.builds[1];
    expect(second?.steps.map((s) => [s.line, s.status])).toEqual([[3, 'cached'], [5, 'cached'], [6, 'run'], [7, 'run']]);
    expect(second?.image?.sizeBytes).toBe(1982382 + 26);
  });
});
