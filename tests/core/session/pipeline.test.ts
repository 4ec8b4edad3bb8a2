import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyzeScenario, createPipelineDeps, createPlaygroundSession, type Analysis } from '../../../src/core/session/pipeline.ts';
import { finalImageRootfs } from '../../../src/core/build/simulate.ts';
import { Rootfs } from '../../../src/core/fs/layered-fs.ts';
import type { Layer } from '../../../src/core/fs/layer.ts';
import { readScenario, sameScenario, normalizeContextPath, type Scenario } from '../../../src/core/session/scenario.ts';

const lesson2 = path.resolve(import.meta.dirname, '../../../content/lessons/02-first-multi-stage-build');
const read = (p: string): string => readFileSync(path.join(lesson2, p), 'utf8');
const scenario: Scenario = {
  dockerfile: read('solution.Dockerfile'),
  files: { 'src/header.txt': read('src/header.txt'), 'src/message.txt': read('src/message.txt') },
  settings: { builder: 'both', target: '', buildArgs: {}, noCache: false },
};

describe('analysing a scenario', () => {
  const deps = createPipelineDeps();
  const analysis = analyzeScenario(scenario, deps);
  test('lists the stages and simulates each chosen builder', () => {
    expect(analysis.stages.map((s) => s.name ?? null)).toEqual(['build', null]);
    expect(analysis.views.map((v) => [v.builder, v.result.outcome])).toEqual([
      ['legacy', 'success'],
      ['buildkit', 'success'],
    ]);
  });
  test('the build stage is built alone for its files, and sizes compare final vs build stage', () => {
    const bk = analysis.views[1];
    const build = bk?.stacks[0];
    expect(build?.filesKnown).toBe(true);
    expect(build?.layers.some((l) => l.files.some((f) => f.path === '/opt/toolchain/compiler'))).toBe(true);
    expect(bk?.sizes?.buildStage?.label).toBe('build');
    expect((bk?.sizes?.buildStage?.bytes ?? 0) > (bk?.sizes?.finalBytes ?? 0)).toBe(true);
    expect(bk?.sizes?.singleStage?.savedBytes).toBeGreaterThan(4_000_000);
  });
  test('a parse error reaches the editor as a diagnostic, not an exception', () => {
    const broken = analyzeScenario({ ...scenario, dockerfile: 'FROM busybox\nFROOM x\n' }, deps);
    expect(broken.diagnostics.some((d) => d.source === 'parser' && d.severity === 'error')).toBe(true);
  });
});

describe('each pipeline\'s dependencies remember their own steps', () => {
  // The layers a build's steps committed, from its final image's filesystem.
  const layersOf = (analysis: Analysis): readonly Layer[] => {
    const image = analysis.views[1]?.result.image;
    const fs = image ? finalImageRootfs(image) : undefined;
    return fs instanceof Rootfs ? fs.layers : [];
  };

  test('a later keystroke of one session reuses its step layers; another session derives its own', () => {
    const deps = createPipelineDeps();
    const first = layersOf(analyzeScenario(scenario, deps));
    const again = layersOf(analyzeScenario(scenario, deps));
    const other = layersOf(analyzeScenario(scenario, createPipelineDeps()));
    // The final stage's last step copies from the build stage, whose RUN layers it reads by content.
    const copy = first.length - 1;
    expect(first[copy]?.createdBy).toMatch(/^COPY --from=build /);
    expect(again[copy]).toBe(first[copy]);
    expect(other[copy]).not.toBe(first[copy]);
    expect(other[copy]?.digest).toBe(first[copy]?.digest);
  });

  test('fresh dependencies bring an empty store of their own', () => {
    const [a, b] = [createPipelineDeps(), createPipelineDeps()];
    expect(a.stepMemos).toBeDefined();
    expect(a.stepMemos).not.toBe(b.stepMemos);
    expect(a.stepMemos?.runs.size).toBe(0);
  });
});

describe('the local agent\'s base image', () => {
  test('the playground simulates local/busybox:1 with the real engine\'s size and files, not an estimate', () => {
    const session = createPlaygroundSession(createPipelineDeps());
    const settings = { builder: 'buildkit', target: '', buildArgs: {}, noCache: false } as const;
    const { result } = session.build({ dockerfile: 'FROM local/busybox:1\nRUN echo hi > /greeting\n', files: {}, settings }, 'buildkit');
    expect(result.outcome).toBe('success');
    // `docker image inspect local/busybox:1 --format '{{.Size}}'` after shared/tools/setup-docker.sh,
    // plus the 3-byte file the RUN wrote.
    expect(result.image?.sizeBytes).toBe(1_982_382 + 3);
    expect(result.image?.estimated).toBe(false);
    expect(result.image?.files.some((f) => f.path === '/bin/busybox')).toBe(true);
  });
});

describe('a session keeps each builder its own cache', () => {
  test('a rebuild after editing a context file reuses the steps before the COPY and explains the miss', () => {
    const session = createPlaygroundSession(createPipelineDeps());
    const first = session.build(scenario, 'buildkit');
    expect(first.result.steps.filter((s) => s.status === 'cached')).toEqual([]);
    const edited = { ...scenario, files: { ...scenario.files, 'src/message.txt': 'changed\n' } };
    const second = session.build(edited, 'buildkit');
    const copy = second.result.steps.find((s) => s.instruction === 'COPY' && s.text.includes('src/'));
    const toolchain = second.result.steps.find((s) => s.text.includes('toolchain'));
    expect(toolchain?.status).toBe('cached');
    expect(copy?.status).toBe('run');
    expect(copy?.reason.code).toBe('source-changed');
    // The legacy cache is separate: its first build runs everything.
    const legacy = session.build(edited, 'legacy');
    expect(legacy.result.steps.filter((s) => s.status === 'cached')).toEqual([]);
    expect(second.events[0]?.type).toBe('build.started');
  });
});

describe('scenarios from storage and links', () => {
  test('untrusted JSON is checked and context paths cleaned', () => {
    expect(readScenario({ dockerfile: 1, files: {} })).toBeNull();
    const s = readScenario({ dockerfile: 'FROM a', files: { './src//x': 'y', '../etc/passwd': 'z' }, settings: { builder: 'nope', noCache: true } });
    expect(s?.files).toEqual({ 'src/x': 'y' });
    expect(s?.settings.builder).toBe('buildkit');
    expect(s?.settings.noCache).toBe(true);
    expect(normalizeContextPath('a/../b')).toBeNull();
  });
  test('two scenarios differing only in key order are the same', () => {
    expect(sameScenario({ ...scenario, files: { b: '1', a: '2' } }, { ...scenario, files: { a: '2', b: '1' } })).toBe(true);
  });
});
