import { describe, expect, test } from 'vitest';
import { parseForSimulation } from '../../../src/core/scenario/replay.ts';
import { buildContext, type ContextFile } from '../../../src/core/build/context.ts';
import { createBuildCache, simulateBuild, type BuildCache } from '../../../src/core/build/simulate.ts';
import { declaredImageResolver } from '../../../src/core/build/base-images.ts';
import { normalizeImageRef } from '../../../src/core/graph/image-ref.ts';
import type { BuilderKind, BuildResult } from '../../../src/core/build/types.ts';
import { BUSYBOX_FILE_LIST } from '../shell/busybox-image.ts';

const resolveImage = declaredImageResolver({ 'local/busybox:1': BUSYBOX_FILE_LIST }, normalizeImageRef);

function build(dockerfile: string, builder: BuilderKind, cache: BuildCache = createBuildCache(), files: Record<string, string> = {}): BuildResult {
  const ctx = new Map<string, ContextFile>(Object.entries({ Dockerfile: dockerfile, ...files }).map(([k, v]) => [k, { content: v }]));
  return simulateBuild({ dockerfile: parseForSimulation(dockerfile), context: buildContext(ctx), request: { builder }, resolveImage }, cache);
}

const DOCKERFILE = [
  'FROM local/busybox:1 AS gen',
  'RUN echo hi > /hi.txt && date > /stamp',
  'RUN echo exact > /exact.txt',
  'FROM local/busybox:1',
  'COPY --from=gen /hi.txt /stamp /exact.txt /',
  'COPY ctx.txt /ctx.txt',
  'RUN ls -l /tmp > /listing',
  '',
].join('\n');

describe('a RUN step with a command the shell model does not run is flagged as a guess', () => {
  for (const builder of ['legacy', 'buildkit'] as const) {
    test(`${builder}: the step with \`date\` (not modelled) is estimated, the fully modelled echo step is not`, () => {
      const r = build(DOCKERFILE, builder, createBuildCache(), { 'ctx.txt': 'ctx\n' });
      expect(r.outcome).toBe('success');
      const estimated = Object.fromEntries(r.steps.filter((s) => s.instruction === 'RUN').map((s) => [s.line, s.estimated]));
      expect(estimated).toEqual({ 2: true, 3: false, 7: true });
    });

    test(`${builder}: a cache hit on a rebuild keeps the step estimated`, () => {
      const cache = createBuildCache();
      build(DOCKERFILE, builder, cache, { 'ctx.txt': 'ctx\n' });
      const second = build(DOCKERFILE, builder, cache, { 'ctx.txt': 'ctx\n' });
      const run2 = second.steps.find((s) => s.line === 2);
      expect(run2?.status).toBe('cached');
      expect(run2?.estimated).toBe(true);
      expect(second.steps.find((s) => s.line === 3)?.estimated).toBe(false);
    });

    test(`${builder}: the final image's provenance says which files are guesses, through COPY --from too`, () => {
      const r = build(DOCKERFILE, builder, createBuildCache(), { 'ctx.txt': 'ctx\n' });
      const guess = Object.fromEntries((r.image?.files ?? []).filter((f) => f.type === 'file' && f.origin.kind === 'step').map((f) => [f.path, f.guess ?? 'exact']));
      expect(guess).toEqual({ '/hi.txt': 'partly-modelled', '/stamp': 'unknown', '/exact.txt': 'exact', '/ctx.txt': 'exact', '/listing': 'host-dependent' });
    });
  }
});

describe('a RUN step that fails on a guessed exit status says the failure is a prediction', () => {
  test('legacy: `test "$(hostname)" = x` fails, estimated, and the explanation says a real build may succeed', () => {
    const r = build('FROM local/busybox:1\nRUN set -e; test "$(hostname)" = x\n', 'legacy');
    expect(r.outcome).toBe('error');
    const run = r.steps.find((s) => s.instruction === 'RUN');
    expect(run?.status).toBe('failed');
    expect(run?.estimated).toBe(true);
    expect(r.error?.explanation).toMatch(/could only guess this exit status.*a real build may succeed here/);
  });

  test('buildkit: the same test against BuildKit\'s known hostname is exact', () => {
    const fails = build('FROM local/busybox:1\nRUN set -e; test "$(hostname)" = x\n', 'buildkit');
    expect(fails.outcome).toBe('error');
    expect(fails.steps.find((s) => s.instruction === 'RUN')?.estimated).toBe(false);
    expect(fails.error?.explanation).not.toMatch(/could only guess/);
    const passes = build('FROM local/busybox:1\nRUN test "$(hostname)" = buildkitsandbox\n', 'buildkit');
    expect(passes.outcome).toBe('success');
    expect(passes.steps.find((s) => s.instruction === 'RUN')?.estimated).toBe(false);
  });

  for (const builder of ['legacy', 'buildkit'] as const) {
    test(`${builder}: a plain \`false\` fails exactly`, () => {
      const r = build('FROM local/busybox:1\nRUN false\n', builder);
      expect(r.outcome).toBe('error');
      expect(r.steps.find((s) => s.instruction === 'RUN')?.estimated).toBe(false);
      expect(r.error?.explanation).toBe('The command exited with status 1, so the build stops at this step.');
    });
  }
});
