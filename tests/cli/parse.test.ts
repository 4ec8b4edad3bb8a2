import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.ts';

const fixtureRoot = path.resolve(__dirname, '../../../shared/conformance/buildkit-parser');

async function run(args: readonly string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await main(['parse', ...args], {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { status, stdout, stderr };
}

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'stagecraft-parse-'));
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('stagecraft parse', () => {
  test('--format buildkit prints exactly the result file of a BuildKit fixture', async () => {
    const dockerfile = path.join(fixtureRoot, 'lk4d4-the-edge-case-generator', 'Dockerfile');
    const { status, stdout } = await run(['--format', 'buildkit', dockerfile]);
    expect(stdout).toBe(readFileSync(path.join(fixtureRoot, 'lk4d4-the-edge-case-generator', 'result'), 'utf8'));
    expect(status).toBe(0);
  });

  test('every negative BuildKit fixture makes the command exit 1', async () => {
    for (const name of ['empty_dockerfile', 'env_no_value', 'only_comments', 'shykes-nested-json']) {
      const { status } = await run([path.join(fixtureRoot, 'testfiles-negative', name, 'Dockerfile')]);
      expect({ name, status }).toEqual({ name, status: 1 });
    }
  });

  test('the text format prints file:line:col: severity CODE message', async () => {
    const file = tempFile('Dockerfile', 'FROM alpine\nFNTRYPOINT ["sh"]\n');
    const { status, stdout } = await run([file]);
    expect(status).toBe(1);
    expect(stdout).toBe(`${file}:2:1: error UNKNOWN_INSTRUCTION FNTRYPOINT is not a Dockerfile instruction. Did you mean ENTRYPOINT?\n`);
  });

  test('a clean file prints an ok summary and exits 0', async () => {
    const file = tempFile('Dockerfile', 'FROM alpine AS build\nRUN true\nFROM scratch\nCOPY --from=build /x /x\n');
    const { status, stdout } = await run([file]);
    expect({ status, stdout }).toEqual({ status: 0, stdout: `${file}: ok, 2 stages, 4 instructions\n` });
  });

  test('warnings alone do not fail the command', async () => {
    const file = tempFile('Dockerfile', 'FROM alpine\nRUN echo a \\\n\n  b\n');
    const { status, stdout } = await run([file]);
    expect(status).toBe(0);
    expect(stdout).toContain('warning EMPTY_CONTINUATION_LINE');
  });

  test('the json format gives the AST and diagnostics with positions', async () => {
    const file = tempFile('Dockerfile', 'FROM alpine AS base\nRUN --mount=type=cache,target=/root/.cache make\nCOPY --form=base a b\n');
    const { status, stdout } = await run(['--format=json', file]);
    expect(status).toBe(1);
    const [result] = JSON.parse(stdout) as [
      { file: string; stages: { name: string }[]; instructions: { kind: string }[]; diagnostics: { engineMessage: string; start: { line: number; column: number } }[] },
    ];
    expect(result.file).toBe(file);
    expect(result.stages.map((stage) => stage.name)).toEqual(['base']);
    expect(result.instructions.map((instruction) => instruction.kind)).toEqual(['from', 'run', 'copy']);
    expect(result.diagnostics.map((d) => [d.engineMessage, d.start])).toEqual([
      ['dockerfile parse error on line 3: unknown flag: --form (did you mean from?)', { line: 3, column: 6 }],
    ]);
  });

  test('the json format gives every raw node the same shape, a trigger of a trigger included', async () => {
    // ONBUILD ONBUILD is an error, but the AST still has both triggers; the inner one's raw node
    // used to be printed unconverted (with wordIndex, without flagRanges/argRanges).
    const file = tempFile('Dockerfile', 'FROM alpine\nONBUILD ONBUILD RUN --network=none make\n');
    const { stdout } = await run(['--format=json', file]);
    const [result] = JSON.parse(stdout) as [{ instructions: { trigger?: { raw: object; trigger?: { raw: Record<string, unknown> } } }[] }];
    const inner = result.instructions[1]?.trigger?.trigger?.raw;
    expect(inner).toMatchObject({ keyword: 'RUN', flags: ['--network=none'], args: ['make'], flagRanges: [[32, 46]], argRanges: [[47, 51]] });
    expect(inner).not.toHaveProperty('wordIndex');
  });

  test('an unreadable file is an error for that file while the others are still parsed', async () => {
    const good = tempFile('Dockerfile', 'FROM alpine\n');
    const missing = path.join(path.dirname(good), 'missing.Dockerfile');
    const { status, stdout, stderr } = await run([missing, good]);
    expect(status).toBe(1);
    expect(stderr).toBe(`${missing}: error cannot read file (ENOENT)\n`);
    expect(stdout).toBe(`${good}: ok, 1 stage, 1 instruction\n`);
  });

  test('usage problems exit 2: no file, an unknown option, a bad format', async () => {
    expect((await run([])).status).toBe(2);
    expect((await run(['--verbose', 'Dockerfile'])).status).toBe(2);
    const badFormat = await run(['--format', 'yaml', 'Dockerfile']);
    expect(badFormat.status).toBe(2);
    expect(badFormat.stderr).toContain("--format must be text, json or buildkit, not 'yaml'");
  });

  test('--help prints the usage and exits 0', async () => {
    const { status, stdout } = await run(['--help']);
    expect(status).toBe(0);
    expect(stdout).toContain('Usage: stagecraft parse [--format text|json|buildkit] FILE...');
  });
});
