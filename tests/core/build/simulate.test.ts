import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { parseForSimulation } from '../../../src/core/scenario/replay.ts';
import { buildContext, type ContextFile } from '../../../src/core/build/context.ts';
import { createBuildCache, simulateBuild, type BuildCache } from '../../../src/core/build/simulate.ts';
import { declaredImageResolver } from '../../../src/core/build/base-images.ts';
import { normalizeImageRef } from '../../../src/core/graph/image-ref.ts';
import type { BuildRequest, BuildResult } from '../../../src/core/build/types.ts';

const busybox = {
  'local/busybox:1': {
    sizeBytes: 1982382,
    dirs: ['/bin', '/etc', '/tmp'],
    files: { '/bin/busybox': 1982256 },
    symlinks: Object.fromEntries(['sh', 'ls', 'cat', 'echo', 'mkdir', 'cp', 'mv', 'rm', 'dd', 'head', 'wc', 'sleep', 'true', 'false', 'touch', 'printf', 'test', 'env'].map((n) => [`/bin/${n}`, 'busybox'])),
  },
};
const resolveImage = declaredImageResolver(busybox, normalizeImageRef);

function build(dockerfile: string, request: BuildRequest, cache: BuildCache, files: Record<string, string> = {}): BuildResult {
  const ctx = new Map<string, ContextFile>(Object.entries({ Dockerfile: dockerfile, ...files }).map(([k, v]) => [k, { content: v }]));
  return simulateBuild({ dockerfile: parseForSimulation(dockerfile), context: buildContext(ctx), request, resolveImage }, cache);
}

const twoStage = 'FROM local/busybox:1 AS build\nCOPY a.txt /a.txt\nRUN cat /a.txt > /b.txt\nLABEL v=1\nRUN echo two > /two.txt\n\nFROM scratch\nCOPY --from=build /b.txt /b.txt\n';

describe('legacy builder', () => {
  test('a changed LABEL makes the legacy builder rerun every later step of the stage', () => {
    const cache = createBuildCache();
    build(twoStage, { builder: 'legacy' }, cache, { 'a.txt': 'a\n' });
    const second = build(twoStage.replace('v=1', 'v=2'), { builder: 'legacy' }, cache, { 'a.txt': 'a\n' });
    const status = Object.fromEntries(second.steps.filter((s) => s.instruction !== 'FROM').map((s) => [s.line, s.status]));
    expect(status).toEqual({ 2: 'cached', 3: 'cached', 4: 'run', 5: 'run', 8: 'cached' });
    expect(second.steps.find((s) => s.line === 4)?.reason.message).toContain('LABEL changed');
  });

  test('the legacy builder runs a stage the target does not need', () => {
    const df = 'FROM local/busybox:1 AS tools\nRUN echo t > /t\nFROM local/busybox:1 AS app\nRUN echo a > /a\n';
    const r = build(df, { builder: 'legacy', target: 'app' }, createBuildCache());
    expect(r.plan.order).toEqual([0, 1]);
    expect(r.plan.stages[0]?.reason).toContain('not needed');
  });
});

describe('BuildKit', () => {
  test('BuildKit skips a stage the target does not need and keeps a LABEL change cached', () => {
    const cache = createBuildCache();
    build(twoStage, { builder: 'buildkit' }, cache, { 'a.txt': 'a\n' });
    const second = build(twoStage.replace('v=1', 'v=2'), { builder: 'buildkit' }, cache, { 'a.txt': 'a\n' });
    expect(second.steps.filter((s) => s.instruction !== 'FROM').every((s) => s.status === 'cached')).toBe(true);
  });

  test('a source edit reruns the COPY and explains which source changed', () => {
    const cache = createBuildCache();
    build(twoStage, { builder: 'buildkit' }, cache, { 'a.txt': 'a\n' });
    const second = build(twoStage, { builder: 'buildkit' }, cache, { 'a.txt': 'changed\n' });
    const copy = second.steps.find((s) => s.line === 2);
    expect(copy?.status).toBe('run');
    expect(copy?.reason.message).toBe('COPY source a.txt changed');
  });

  test('the final image records which step produced each file', () => {
    const r = build(twoStage, { builder: 'buildkit' }, createBuildCache(), { 'a.txt': 'abc\n' });
    expect(r.image?.sizeBytes).toBe(4);
    expect(r.image?.files.find((f) => f.path === '/b.txt')?.origin).toEqual({ kind: 'step', stage: 1, line: 8, instruction: 'COPY' });
  });

  test('an unknown target is reported with the engine message and no steps', () => {
    const r = build(twoStage, { builder: 'buildkit', target: 'prod' }, createBuildCache(), { 'a.txt': 'a\n' });
    expect(r.error?.kind).toBe('unknown-target');
    expect(r.error?.message).toBe('target stage prod could not be found');
    expect(r.steps).toEqual([]);
  });

  test('a failing RUN carries the exit code in the BuildKit message', () => {
    const r = build('FROM local/busybox:1\nRUN exit 3\n', { builder: 'buildkit' }, createBuildCache());
    expect(r.error?.kind).toBe('run-failed');
    expect(r.error?.message).toBe('executor failed running [/bin/sh -c exit 3]: exit code: 3');
  });
});

// Random Dockerfiles from a small grammar over busybox.
const instruction = fc.oneof(
  fc.constantFrom('RUN echo hi > /hi.txt', 'RUN mkdir -p /w/x && echo a > /w/x/a', 'RUN rm -rf /w', 'RUN dd if=/dev/zero of=/z bs=1024 count=2', 'RUN false', 'RUN exit 2'),
  fc.constantFrom('COPY a.txt /a.txt', 'COPY a.txt b.txt /d/', 'COPY missing /m', 'COPY --from=0 /bin/busybox /bb', 'COPY --from=s1 /hi.txt /x'),
  fc.constantFrom('ENV A=1', 'ARG B=2', 'LABEL l=1', 'WORKDIR /w', 'WORKDIR rel', 'USER 1000:1000', 'CMD ["sh"]', 'EXPOSE 80', 'ONBUILD RUN echo o'),
);
const stageGen = fc.tuple(fc.constantFrom('local/busybox:1', 'scratch', 's0', 'S0', 'missing/img:1'), fc.array(instruction, { maxLength: 5 }));
const dockerfileGen = fc.array(stageGen, { minLength: 1, maxLength: 4 }).map((stages) =>
  stages.map(([base, body], i) => [`FROM ${base} AS s${i}`, ...body].join('\n')).join('\n\n') + '\n',
);

describe('properties', () => {
  test('random Dockerfiles never make the simulator throw, for either builder', () => {
    fc.assert(
      fc.property(dockerfileGen, fc.constantFrom<'legacy' | 'buildkit'>('legacy', 'buildkit'), fc.option(fc.constantFrom('s0', 's1', 'nope'), { nil: undefined }), (df, builder, target) => {
        const r = build(df, { builder, ...(target !== undefined ? { target } : {}) }, createBuildCache(), { 'a.txt': 'a\n', 'b.txt': 'b\n' });
        expect(r.error?.message ?? '').not.toContain('internal simulator error');
      }),
      { numRuns: 200 },
    );
  });

  test('rebuilding with no change is fully cached in both builders', () => {
    fc.assert(
      fc.property(dockerfileGen, fc.constantFrom<'legacy' | 'buildkit'>('legacy', 'buildkit'), (df, builder) => {
        const cache = createBuildCache();
        const files = { 'a.txt': 'a\n', 'b.txt': 'b\n' };
        const first = build(df, { builder }, cache, files);
        if (first.outcome !== 'success') return;
        const second = build(df, { builder }, cache, files);
        const ran = second.steps.filter((s) => s.instruction !== 'FROM' && !s.metaArg && !s.onbuild && s.status !== 'cached');
        expect(ran.map((s) => s.display)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('Engine 20.10 specifics verified against the real engine', () => {
  test('the legacy builder discards what RUN writes under a VOLUME', () => {
    const df = 'FROM local/busybox:1\nVOLUME /data\nRUN echo 123456789 > /data/x && echo 123456789 > /y\n';
    const leg = build(df, { builder: 'legacy' }, createBuildCache());
    expect(leg.image?.sizeBytes).toBe(1982382 + 10);
    const bk = build(df, { builder: 'buildkit' }, createBuildCache());
    expect(bk.error?.kind).toBe('run-failed');
  });

  test('a named USER missing from /etc/passwd fails the next RUN in both builders', () => {
    const df = 'FROM local/busybox:1\nUSER appuser\nRUN echo hi\n';
    expect(build(df, { builder: 'legacy' }, createBuildCache()).error?.message).toBe('unable to find user appuser: no matching entries in passwd file');
    expect(build(df, { builder: 'buildkit' }, createBuildCache()).error?.message).toBe('executor failed running [/bin/sh -c echo hi]: unable to find user appuser: invalid argument');
  });

  test('RUN on FROM scratch has no shell to start', () => {
    const df = 'FROM scratch\nRUN echo hi\n';
    expect(build(df, { builder: 'legacy' }, createBuildCache()).error?.message).toContain('stat /bin/sh: no such file or directory');
    expect(build(df, { builder: 'buildkit' }, createBuildCache()).error?.kind).toBe('run-failed');
  });

  test('heredocs are a parse error for the 20.10 frontend, and # syntax= cannot be pulled offline', () => {
    const here = 'FROM local/busybox:1\nRUN <<EOF\necho hi > /h\nEOF\n';
    expect(build(here, { builder: 'legacy' }, createBuildCache()).error?.message).toBe('dockerfile parse error line 3: unknown instruction: ECHO');
    const syntax = `# syntax=docker/dockerfile:1\n${here}`;
    expect(build(syntax, { builder: 'buildkit' }, createBuildCache()).error?.kind).toBe('other');
  });

  test('BuildKit names the later stage when a COPY --from reads it before it is built', () => {
    const df = 'FROM scratch AS first\nCOPY --from=second /s.txt /s.txt\nFROM local/busybox:1 AS second\nRUN echo s > /s.txt\n';
    const r = build(df, { builder: 'buildkit', target: 'first' }, createBuildCache());
    expect(r.error?.kind).toBe('copy-source-missing');
    expect(r.steps.some((s) => s.line === 4)).toBe(false);
  });
});

describe('meta ARG and FROM word failures, in the order Engine 20.10 reports them', () => {
  const lexerArg = 'ARG V=${X\nFROM local/busybox:1${V}\nRUN echo ok > /ok\n';
  const unusedLexerFrom = 'FROM local/busybox:1${X-1} AS unused\nRUN echo unused > /u\nFROM local/busybox:1\nRUN echo ok > /ok\n';
  const unusedBadRef = 'FROM Busybox AS unused\nRUN echo unused > /u\nFROM local/busybox:1\nRUN echo ok > /ok\n';

  test('the legacy builder fails at a meta ARG whose default the lexer rejects, before any stage (s56 b8)', () => {
    const r = build(lexerArg, { builder: 'legacy' }, createBuildCache());
    expect(r.error).toMatchObject({ kind: 'other', message: 'failed to process "${X": missing \':\' in substitution', line: 1 });
    expect(r.steps.map((s) => [s.line, s.status, s.metaArg === true])).toEqual([[1, 'failed', true]]);
    expect(r.plan.stages.every((s) => s.selection === 'not-reached')).toBe(true);
  });

  test('a --build-arg naming that ARG does not save the legacy build (s56 b9), and BuildKit builds with V empty (s56 b1)', () => {
    expect(build(lexerArg, { builder: 'legacy', buildArgs: { V: '1' } }, createBuildCache()).error?.message).toBe('failed to process "${X": missing \':\' in substitution');
    const bk = build(lexerArg, { builder: 'buildkit' }, createBuildCache());
    expect(bk.outcome).toBe('success');
    expect(bk.plan.images).toEqual(['docker.io/local/busybox:1']);
  });

  test('an unknown --target is reported before the meta ARG failure by the legacy builder (s56 b12)', () => {
    expect(build(lexerArg, { builder: 'legacy', target: 'nope' }, createBuildCache()).error?.kind).toBe('unknown-target');
  });

  test('BuildKit reports a FROM word the lexer rejects before an unknown --target (s56 b11)', () => {
    const r = build(unusedLexerFrom, { builder: 'buildkit', target: 'nope' }, createBuildCache());
    expect(r.error).toMatchObject({ kind: 'other', message: 'failed to process "local/busybox:1${X-1}": missing \':\' in substitution', line: 1 });
    expect(build('FROM $NOPE AS unused\nFROM local/busybox:1 AS ok\n', { builder: 'buildkit', target: 'nope' }, createBuildCache()).error?.message).toBe('base name ($NOPE) should not be blank');
  });

  test('BuildKit looks up --target before invalid references, --from indices and cycles (s56 b15)', () => {
    expect(build(unusedBadRef, { builder: 'buildkit', target: 'nope' }, createBuildCache()).error?.kind).toBe('unknown-target');
    expect(build('FROM local/busybox:1 AS a\nCOPY --from=5 /a /b\nFROM local/busybox:1 AS ok\n', { builder: 'buildkit', target: 'nope' }, createBuildCache()).error?.kind).toBe('unknown-target');
    expect(build('FROM local/busybox:1 AS loop\nCOPY --from=loop /a /b\nFROM local/busybox:1 AS ok\n', { builder: 'buildkit', target: 'nope' }, createBuildCache()).error?.kind).toBe('unknown-target');
    expect(build(unusedBadRef, { builder: 'buildkit' }, createBuildCache()).error?.kind).toBe('parse');
  });

  test('the legacy builder prints an invalid base reference bare, which reads as kind other, not image-not-found (s56 b14)', () => {
    const r = build(unusedBadRef, { builder: 'legacy' }, createBuildCache());
    expect(r.error).toMatchObject({ kind: 'other', message: 'invalid reference format: repository name must be lowercase', line: 1 });
    expect(r.steps.map((s) => [s.line, s.status])).toEqual([[1, 'failed']]);
    expect(build('ARG TAG=1\nARG TAG\nFROM local/busybox:$TAG\n', { builder: 'legacy' }, createBuildCache()).error).toMatchObject({ kind: 'other', message: 'invalid reference format' });
  });
});

describe('provenance across rebuilds', () => {
  const fromStage = 'FROM local/busybox:1 AS build\nRUN echo hi > /out.txt\n\nFROM local/busybox:1\nCOPY --from=build /out.txt /app/out.txt\n';
  const identicalCopies = 'FROM local/busybox:1 AS build\nRUN echo hi > /out.txt\n\nFROM local/busybox:1 AS a\nCOPY --from=build /out.txt /app/out.txt\n\nFROM local/busybox:1\nCOPY --from=build /out.txt /app/out.txt\n';

  for (const builder of ['legacy', 'buildkit'] as const) {
    test(`${builder}: a cached COPY --from says where its file came from, as it did when it ran`, () => {
      const cache = createBuildCache();
      const first = build(fromStage, { builder }, cache);
      const second = build(fromStage, { builder }, cache);
      expect(second.steps.find((s) => s.line === 5)?.status).toBe('cached');
      const firstFile = first.image?.files.find((f) => f.path === '/app/out.txt');
      const secondFile = second.image?.files.find((f) => f.path === '/app/out.txt');
      expect(firstFile?.copiedFrom).toEqual({ kind: 'step', stage: 0, line: 2, instruction: 'RUN' });
      expect(secondFile?.copiedFrom).toEqual(firstFile?.copiedFrom);
      expect(secondFile?.origin).toEqual(firstFile?.origin);
    });

    test(`${builder}: a cached COPY --from identical to one in another stage keeps its provenance`, () => {
      const cache = createBuildCache();
      const first = build(identicalCopies, { builder }, cache);
      const second = build(identicalCopies, { builder }, cache);
      const firstFile = first.image?.files.find((f) => f.path === '/app/out.txt');
      expect(firstFile?.copiedFrom).toEqual({ kind: 'step', stage: 0, line: 2, instruction: 'RUN' });
      expect(second.image?.files.find((f) => f.path === '/app/out.txt')).toEqual(firstFile);
    });
  }
});
