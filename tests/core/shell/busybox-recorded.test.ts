// Every case in fixtures/busybox-recorded.json was run with `docker run --rm local/busybox:1
// /bin/sh -c SCRIPT` on Docker Engine 20.10.24 (see the file header); the model must print the
// same stdout and stderr and exit with the same status.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { rootfsFromFileList } from '../../../src/core/fs/index.ts';
import { runScript } from '../../../src/core/shell/index.ts';
import { BUSYBOX_FILE_LIST } from './busybox-image.ts';

interface RecordedCase {
  readonly script: string;
  readonly user?: string;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

const recorded = JSON.parse(readFileSync(new URL('./fixtures/busybox-recorded.json', import.meta.url), 'utf8')) as { cases: RecordedCase[] };

// `ls -l` shows the image's real dates; the simulator prints a fixed date.
const maskDates = (text: string): string => text.replace(/[A-Z][a-z]{2} [ \d]\d \d\d:\d\d/g, 'DATE');

// sed is a busybox applet the model does not implement: it must say so instead of guessing.
const NOT_MODELLED = new Set(recorded.cases.filter((c) => /\bsed\b/.test(c.script)).map((c) => c.script));

describe('scripts recorded on local/busybox:1', () => {
  const base = rootfsFromFileList('local/busybox:1', BUSYBOX_FILE_LIST);
  for (const c of recorded.cases) {
    const name = `${c.user ? `as ${c.user}: ` : ''}${c.script.replace(/\n/g, '⏎')}`;
    if (NOT_MODELLED.has(c.script)) {
      test(`${name} is reported as not modelled`, () => {
        const result = runScript(c.script, { fs: base.edit(), ...(c.user ? { user: c.user } : {}) });
        expect(result.modelled).toBe(false);
        expect(result.notes.join('\n')).toContain('sed: not modelled');
      });
      continue;
    }
    test(`${name} prints and exits like busybox`, () => {
      const result = runScript(c.script, { fs: base.edit(), ...(c.user ? { user: c.user } : {}) });
      expect({ stdout: maskDates(result.stdout), stderr: result.stderr, exitCode: result.exitCode }).toEqual({
        stdout: maskDates(c.stdout),
        stderr: c.stderr,
        exitCode: c.exitCode,
      });
    });
  }
});
