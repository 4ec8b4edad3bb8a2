import { describe, expect, test } from 'vitest';
import { parseForSimulation } from '../../../src/core/scenario/replay.ts';
import { buildContext, type ContextFile } from '../../../src/core/build/context.ts';
import { createBuildCache, simulateBuild, type BuildCache } from '../../../src/core/build/simulate.ts';
import { declaredImageResolver } from '../../../src/core/build/base-images.ts';
import { normalizeImageRef } from '../../../src/core/graph/image-ref.ts';
import type { BuildRequest, BuildResult } from '../../../src/core/build/types.ts';

// Every expectation here was observed on Engine 20.10.24 (scenario s58-from-platform-flag).

const busybox = {
  'local/busybox:1': {
    sizeBytes: 1982382,
    dirs: ['/bin', '/etc', '/tmp'],
    files: { '/bin/busybox': 1982256 },
    symlinks: Object.fromEntries(['sh', 'echo', 'cat'].map((n) => [`/bin/${n}`, 'busybox'])),
  },
};
const resolveImage = declaredImageResolver(busybox, normalizeImageRef);

function build(dockerfile: string, request: BuildRequest, cache: BuildCache = createBuildCache()): BuildResult {
  const ctx = new Map<string, ContextFile>([['Dockerfile', { content: dockerfile }], ['data.txt', { content: 'data\n' }]]);
  return simulateBuild({ dockerfile: parseForSimulation(dockerfile), context: buildContext(ctx), request, resolveImage }, cache);
}

const stepStatuses = (r: BuildResult): [number, string][] => r.steps.filter((s) => s.instruction !== 'FROM').map((s) => [s.line, s.status]);
const emptyPlatformError = 'failed to parse platform : "" is an invalid component of "": platform specifier component must match "^[A-Za-z0-9_-]+$": invalid argument';
const fooError = 'failed to parse platform foo: "foo": unknown operating system or architecture: invalid argument';

describe('FROM --platform, as Engine 20.10 builds it', () => {
  test('$BUILDPLATFORM builds with BuildKit and is empty for the legacy builder, which fails at the FROM step (s58 b1, b2)', () => {
    const text = 'FROM --platform=$BUILDPLATFORM local/busybox:1\nRUN echo hi > /x\n';
    expect(build(text, { builder: 'buildkit' }).outcome).toBe('success');
    const legacy = build(text, { builder: 'legacy' });
    expect(legacy.error).toMatchObject({ kind: 'parse', message: emptyPlatformError, line: 1 });
    expect(legacy.steps.map((s) => [s.instruction, s.status])).toEqual([['FROM', 'failed']]);
  });

  test('a written or ARG-defined linux/amd64 builds in both and keeps the cache of a plain FROM (s58 b3 to b6)', () => {
    for (const builder of ['buildkit', 'legacy'] as const) {
      const cache = createBuildCache();
      build('FROM local/busybox:1\nRUN echo hi > /x\n', { builder }, cache);
      const written = build('FROM --platform=linux/amd64 local/busybox:1\nRUN echo hi > /x\n', { builder }, cache);
      expect(stepStatuses(written)).toEqual([[2, 'cached']]);
      expect(build('ARG P=linux/amd64\nFROM --platform=$P local/busybox:1\nRUN echo hi > /x\n', { builder }).outcome).toBe('success');
    }
  });

  test('BuildKit reports an invalid platform before anything runs; the legacy builder at the FROM step (s58 b7 to b12)', () => {
    const bk = build('FROM --platform=foo local/busybox:1\nRUN echo hi > /x\n', { builder: 'buildkit' });
    expect(bk.error).toMatchObject({ kind: 'parse', message: fooError });
    expect(bk.steps).toEqual([]);
    expect(build('FROM --platform=$NOPE local/busybox:1\n', { builder: 'buildkit' }).error?.message).toBe(emptyPlatformError);
    const lexer = 'failed to process arguments for platform : failed to process "${X-1}": missing \':\' in substitution';
    for (const builder of ['buildkit', 'legacy'] as const) {
      expect(build('FROM --platform=${X-1} local/busybox:1\n', { builder }).error).toMatchObject({ kind: 'other', message: lexer });
    }
  });

  test('a platform the local image does not have fails BuildKit at the registry and builds with the legacy builder (s58 b13, b14)', () => {
    const text = 'FROM --platform=linux/arm64 local/busybox:1\nRUN echo hi > /x\n';
    const bk = build(text, { builder: 'buildkit' });
    expect(bk.error?.kind).toBe('other');
    expect(bk.error?.message).toContain('registry-1.docker.io');
    expect(bk.steps).toEqual([]);
    expect(build(text, { builder: 'legacy' }).outcome).toBe('success');
  });

  test('the legacy builder refuses a foreign platform for a stage it built; BuildKit ignores it (s58 b15, b16)', () => {
    const text = 'FROM local/busybox:1 AS base\nRUN echo a > /a\nFROM --platform=linux/arm64 base\nRUN cat /a > /b\n';
    expect(build(text, { builder: 'buildkit' }).outcome).toBe('success');
    const legacy = build(text, { builder: 'legacy' });
    expect(legacy.error?.kind).toBe('other');
    expect(legacy.error?.message).toMatch(/^image with reference sha256:\S+ was found but does not match the specified platform: wanted linux\/arm64, actual: linux\/amd64$/);
    expect(stepStatuses(legacy)).toEqual([[2, 'run']]);
  });

  test('a stage that is still its base image passes the legacy platform check (s58 b32)', () => {
    expect(build('FROM local/busybox:1 AS base\nFROM --platform=linux/arm64 base\nRUN echo ok > /ok\n', { builder: 'legacy' }).outcome).toBe('success');
  });

  test('BuildKit fails on a bad platform in a stage the target does not need, even before an unknown --target (s58 b17, b19, b20)', () => {
    const text = 'FROM --platform=foo local/busybox:1 AS unused\nRUN echo a > /a\nFROM local/busybox:1 AS final\nRUN echo b > /b\n';
    expect(build(text, { builder: 'buildkit' }).error).toMatchObject({ kind: 'parse', message: fooError, line: 1 });
    expect(build(text, { builder: 'buildkit', target: 'nope' }).error?.message).toBe(fooError);
    expect(build(text, { builder: 'legacy', target: 'nope' }).error?.kind).toBe('unknown-target');
  });

  test('BuildKit never resolves a foreign platform in a stage it does not need (s58 b21)', () => {
    const r = build('FROM --platform=linux/arm64 local/busybox:1 AS unused\nRUN echo a > /a\nFROM local/busybox:1 AS final\nRUN echo b > /b\n', { builder: 'buildkit' });
    expect(r.outcome).toBe('success');
    expect(r.plan.order).toEqual([1]);
  });

  test('the legacy builder checks the platform before the base name; BuildKit the base name first (s58 b27, b28)', () => {
    const text = 'FROM --platform=foo $NOPE\nRUN echo hi > /x\n';
    expect(build(text, { builder: 'buildkit' }).error).toMatchObject({ kind: 'other', message: 'base name ($NOPE) should not be blank' });
    expect(build(text, { builder: 'legacy' }).error).toMatchObject({ kind: 'parse', message: fooError });
  });

  test('linux/amd64/v2 reruns a BuildKit RUN that a plain FROM cached, not a legacy one (s58 b33, b34)', () => {
    const plain = 'FROM local/busybox:1\nRUN echo hi > /x\n';
    const v2 = 'FROM --platform=linux/amd64/v2 local/busybox:1\nRUN echo hi > /x\n';
    for (const [builder, status] of [['buildkit', 'run'], ['legacy', 'cached']] as const) {
      const cache = createBuildCache();
      build(plain, { builder }, cache);
      expect(stepStatuses(build(v2, { builder }, cache))).toEqual([[2, status]]);
    }
  });
});
