import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.ts';

function capture(): { io: { stdout: (t: string) => void; stderr: (t: string) => void }; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { io: { stdout: (t) => (out += t), stderr: (t) => (err += t) }, out: () => out, err: () => err };
}

function writeDockerfile(text: string, extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'stagecraft-lint-'));
  const file = path.join(dir, 'Dockerfile');
  writeFileSync(file, text);
  for (const [name, content] of Object.entries(extra)) writeFileSync(path.join(dir, name), content);
  return file;
}

describe('stagecraft lint', () => {
  test('prints file:line:col: severity Rule: message and exits 0 for warnings', async () => {
    const file = writeDockerfile('FROM alpine:3.19 as build\nCMD echo hi\n');
    const c = capture();
    expect(await main(['lint', file], c.io)).toBe(0);
    expect(c.out()).toContain(`${file}:1:18: warning FromAsCasing: 'as' and 'FROM' keywords' casing do not match\n`);
    expect(c.out()).toContain(`${file}:2:5: warning JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals\n`);
  });

  test('exits 1 when # check=error=true turns a warning into a failed build', async () => {
    const file = writeDockerfile('# check=error=true\nFROM alpine:3.19\nCMD echo hi\n');
    const c = capture();
    expect(await main(['lint', file], c.io)).toBe(1);
    expect(c.out()).toContain('error JSONArgsRecommended');
  });

  test('a parse error is printed as an error and exits 1', async () => {
    const file = writeDockerfile('FROM alpine:3.19\nFNTRYPOINT ["x"]\n');
    const c = capture();
    expect(await main(['lint', file], c.io)).toBe(1);
    expect(c.out()).toContain(`${file}:2:1: error UNKNOWN_INSTRUCTION:`);
  });

  test('prints JSON with --format json', async () => {
    const file = writeDockerfile('FROM alpine:3.19\nMAINTAINER me\n');
    const c = capture();
    expect(await main(['lint', '--format', 'json', file], c.io)).toBe(0);
    const reports = JSON.parse(c.out()) as { file: string; findings: { rule: string; url?: string }[] }[];
    expect(reports[0]?.findings.map((f) => f.rule)).toEqual(['MaintainerDeprecated']);
    expect(reports[0]?.findings[0]?.url).toBe('https://docs.docker.com/go/dockerfile/rule/maintainer-deprecated/');
  });

  test('--target limits the dispatch-time checks to what the target needs', async () => {
    const file = writeDockerfile('FROM alpine:3.19 AS other\nCMD echo hi\nFROM alpine:3.19 AS app\nCMD ["x"]\n');
    const c = capture();
    await main(['lint', '--target', 'app', file], c.io);
    expect(c.out()).not.toContain('JSONArgsRecommended');
  });

  test('usage errors exit 2', async () => {
    const c = capture();
    expect(await main(['lint'], c.io)).toBe(2);
    expect(await main(['lint', '--format', 'xml', 'Dockerfile'], c.io)).toBe(2);
    expect(await main(['lint', '--bogus', 'Dockerfile'], c.io)).toBe(2);
    expect(await main(['lint', '/nonexistent/Dockerfile'], c.io)).toBe(2);
    expect(c.err()).toContain('stagecraft lint:');
  });
});
