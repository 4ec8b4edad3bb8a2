import { readdirSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { replayDir } from '../../src/cli/commands/replay.ts';
import { simulationToEvents } from '../../src/core/build/events.ts';
import { buildEventSchema, buildRequestSchema, contextListProblem, contextPathProblem, parseBuildEventLine, pairRequestSchema } from '../../src/protocol/index.ts';

describe('every event the simulator emits is valid on the wire', () => {
  const roots = [path.resolve(__dirname, '../../../shared/conformance/scenarios'), path.resolve(__dirname, '../scenarios')];
  const dirs = roots.flatMap((root) => (existsSync(root) ? readdirSync(root).map((n) => path.join(root, n)).filter((d) => existsSync(path.join(d, 'scenario.json'))) : []));
  test('there are scenarios', () => expect(dirs.length).toBeGreaterThan(0));
  for (const dir of dirs.slice(0, 40)) {
    test(`${path.basename(dir)}`, () => {
      const { builds } = replayDir(dir);
      for (const { result } of builds) {
        for (const event of simulationToEvents(result, { tags: ['app'] })) {
          const parsed = buildEventSchema.safeParse(event);
          expect(parsed.success ? '' : `${event.type}: ${JSON.stringify(parsed.error.issues.slice(0, 2))}`).toBe('');
          expect(parseBuildEventLine(JSON.stringify(event))).toEqual(event);
        }
      }
    });
  }
});

describe('bad lines are refused', () => {
  test('not JSON, unknown types, missing or extra fields', () => {
    expect(parseBuildEventLine('not json')).toBeNull();
    expect(parseBuildEventLine('{"type":"step.exec","builder":"legacy","timeMs":0}')).toBeNull();
    expect(parseBuildEventLine('{"type":"step.log","builder":"legacy","timeMs":0,"stepId":"a","stream":"stdout"}')).toBeNull();
    expect(parseBuildEventLine('{"type":"step.log","builder":"legacy","timeMs":0,"stepId":"a","stream":"stdout","text":"x","html":"<b>"}')).toBeNull();
    expect(parseBuildEventLine('{"type":"step.log","builder":"legacy","timeMs":-1,"stepId":"a","stream":"stdout","text":"x"}')).toBeNull();
  });
});

describe('requests', () => {
  test('a build request allows exactly the documented fields', () => {
    const ok = { builder: 'buildkit', dockerfile: 'FROM x\n', files: [{ path: 'a', contentBase64: 'aGk=' }], target: 'app', buildArgs: { A_1: 'v' }, noCache: true };
    expect(buildRequestSchema.safeParse(ok).success).toBe(true);
    expect(buildRequestSchema.safeParse({ ...ok, platform: 'linux/arm64' }).success).toBe(false);
    expect(buildRequestSchema.safeParse({ ...ok, builder: 'podman' }).success).toBe(false);
    expect(buildRequestSchema.safeParse({ ...ok, target: '--output=/' }).success).toBe(false);
    expect(buildRequestSchema.safeParse({ ...ok, buildArgs: { 'A=B': 'x' } }).success).toBe(false);
    expect(buildRequestSchema.safeParse({ ...ok, buildArgs: { A: 'line\u0000' } }).success).toBe(false);
    expect(buildRequestSchema.safeParse({ ...ok, files: [{ path: 'a', contentBase64: 'not base64!' }] }).success).toBe(false);
  });
  test('a pairing request is one code', () => {
    expect(pairRequestSchema.safeParse({ code: '4321-ABCD-EFGH-JKMN' }).success).toBe(true);
    expect(pairRequestSchema.safeParse({ code: '4321-ABCD', extra: 1 }).success).toBe(false);
    expect(pairRequestSchema.safeParse({ code: 'a b c d e f' }).success).toBe(false);
  });
});

describe('context path grammar', () => {
  test('plain relative paths are accepted', () => {
    for (const p of ['a', 'src/Main.java', 'a/b/c/d/e/f/g/h', '.dockerignore', 'x_y-z.1']) expect(contextPathProblem(p)).toBeNull();
  });
  test('every accepted path stays inside the context when joined to a root', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (p) => {
        if (contextPathProblem(p) !== null) return;
        const root = '/ctx';
        const joined = path.posix.resolve(root, p);
        expect(joined.startsWith(`${root}/`)).toBe(true);
        expect(path.posix.relative(root, joined)).toBe(p);
      }),
      { numRuns: 2000 },
    );
  });
  test('random segments built from the allowed alphabet round-trip or are refused for a stated reason', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Za-z0-9._-]{1,8}$/), { minLength: 1, maxLength: 10 }), (segments) => {
        const p = segments.join('/');
        const problem = contextPathProblem(p);
        if (segments.some((s) => s === '.' || s === '..') || segments.length > 8) expect(problem).not.toBeNull();
      }),
    );
  });
  test('lists: case collisions, file-and-folder, the Dockerfile', () => {
    expect(contextListProblem(['A.txt', 'a.txt'])).toHaveLength(1);
    expect(contextListProblem(['a', 'a/b'])).toHaveLength(1);
    expect(contextListProblem(['dockerfile'])).toHaveLength(1);
    expect(contextListProblem(['a/b', 'a/c', 'd'])).toEqual([]);
  });
});

test('the BuildEvent schema file lists every core event type', () => {
  const source = readFileSync(path.resolve(__dirname, '../../src/protocol/events.ts'), 'utf8');
  for (const type of ['build.started', 'build.planned', 'stage.started', 'stage.skipped', 'step.started', 'step.container', 'step.progress', 'step.log', 'step.finished', 'step.cached', 'step.failed', 'step.canceled', 'stage.finished', 'warning', 'build.succeeded', 'build.failed', 'build.canceled']) {
    expect(source).toContain(`z.literal('${type}')`);
  }
});
