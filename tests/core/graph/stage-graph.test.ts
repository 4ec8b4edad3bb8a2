import { describe, expect, test } from 'vitest';
import { parseForSimulation } from '../../../src/core/scenario/replay.ts';
import { buildStageGraph } from '../../../src/core/graph/stage-graph.ts';
import { selectStages } from '../../../src/core/graph/select-stages.ts';
import { normalizeImageRef } from '../../../src/core/graph/image-ref.ts';

const df = parseForSimulation('ARG BASE=local/busybox:1\nFROM ${BASE} AS Base\nRUN echo b\nFROM base AS lint\nRUN false\nFROM Base AS app\nCOPY --from=BASE /x /x\n');

describe('stage graph', () => {
  test('BuildKit matches FROM <stage> only when written in lowercase', () => {
    const g = buildStageGraph(df, { builder: 'buildkit' });
    expect(g.stages[1]?.base).toEqual({ kind: 'stage', index: 0 });
    expect(g.stages[2]?.base.kind).toBe('invalid');
  });

  test('the legacy builder matches FROM <stage> case-insensitively', () => {
    const g = buildStageGraph(df, { builder: 'legacy' });
    expect(g.stages[2]?.base).toEqual({ kind: 'stage', index: 0 });
  });

  test('meta ARGs expand in FROM and a build-arg overrides them', () => {
    const g = buildStageGraph(df, { builder: 'buildkit', buildArgs: { BASE: 'alpine:3.19' } });
    expect(g.stages[0]?.baseName).toBe('alpine:3.19');
  });

  test('BuildKit builds only the target closure; legacy builds every stage up to it', () => {
    const bk = selectStages(buildStageGraph(df, { builder: 'buildkit' }), 'lint');
    const leg = selectStages(buildStageGraph(df, { builder: 'legacy' }), 'app');
    expect(bk.order).toEqual([0, 1]);
    expect(leg.order).toEqual([0, 1, 2]);
  });

  test('COPY --from of the own stage is a circular dependency for BuildKit', () => {
    const g = buildStageGraph(parseForSimulation('FROM local/busybox:1 AS loop\nCOPY --from=loop /a /b\n'), { builder: 'buildkit' });
    expect(g.errors[0]?.message).toBe('circular dependency detected on stage: loop');
  });

  test('an unknown target names the stages that exist', () => {
    const r = selectStages(buildStageGraph(df, { builder: 'buildkit' }), 'prod');
    expect(r.error?.kind).toBe('unknown-target');
    expect(r.error?.explanation).toContain('base, lint, app');
  });

  test('image references normalise to docker.io with library/ and latest', () => {
    expect(normalizeImageRef('alpine')).toBe('docker.io/library/alpine:latest');
    expect(normalizeImageRef('local/busybox:1')).toBe('docker.io/local/busybox:1');
  });
});

describe('an invalid base image name, in each builder\'s words', () => {
  // Engine 20.10.24 on this machine: `DOCKER_BUILDKIT=0|1 docker build` of a one-line Dockerfile.
  const hex = 'a'.repeat(64);
  test.each([
    ['Busybox', 'invalid reference format: repository name must be lowercase'],
    ['busy!box', 'invalid reference format'],
    [hex, `invalid repository name (${hex}), cannot specify 64-byte hexadecimal strings`],
  ])('FROM %s', (name, engineText) => {
    const file = parseForSimulation(`FROM ${name}\n`);
    // record.mjs reads the bare legacy text as `other` and BuildKit's `failed to parse` as `parse`.
    expect(buildStageGraph(file, { builder: 'legacy' }).stages[0]?.base).toEqual({ kind: 'invalid', message: engineText, errorKind: 'other' });
    expect(buildStageGraph(file, { builder: 'buildkit' }).stages[0]?.base).toEqual({ kind: 'invalid', message: `failed to parse stage name "${name}": ${engineText}`, errorKind: 'parse' });
  });
});

describe('an invalid COPY --from value, in each builder\'s words', () => {
  // Engine 20.10.24: legacy names the flag, BuildKit reads the value as an image and fails as FROM does.
  test.each([
    ['Busybox', 'invalid reference format: repository name must be lowercase'],
    ['busy!box', 'invalid reference format'],
  ])('COPY --from=%s', (value, engineText) => {
    const file = parseForSimulation(`FROM local/busybox:1\nCOPY --from=${value} /x /x\n`);
    // Legacy fails at the COPY step (the read's target); BuildKit before building (a graph error).
    expect(buildStageGraph(file, { builder: 'legacy' }).stages[0]?.reads[0]?.target).toEqual({ kind: 'error', errorKind: 'image-not-found', message: `invalid from flag value ${value}: ${engineText}` });
    expect(buildStageGraph(file, { builder: 'buildkit' }).errors.map((e) => e.message)).toEqual([`failed to parse stage name "${value}": ${engineText}`]);
  });
});

describe('FROM --platform in the stage graph (s58-from-platform-flag)', () => {
  const graphOf = (text: string, builder: 'buildkit' | 'legacy', buildArgs?: Record<string, string>) =>
    buildStageGraph(parseForSimulation(text), { builder, ...(buildArgs ? { buildArgs } : {}) });

  test('BuildKit expands $BUILDPLATFORM with its automatic args; the legacy builder has none, so it is empty', () => {
    const text = 'FROM --platform=$BUILDPLATFORM local/busybox:1\n';
    expect(graphOf(text, 'buildkit').stages[0]?.platform).toMatchObject({ word: '$BUILDPLATFORM', expanded: 'linux/amd64', kind: 'parsed', isHost: true });
    expect(graphOf(text, 'legacy').stages[0]?.platform).toMatchObject({
      expanded: '',
      kind: 'invalid',
      errorKind: 'parse',
      message: 'failed to parse platform : "" is an invalid component of "": platform specifier component must match "^[A-Za-z0-9_-]+$": invalid argument',
    });
  });

  test('a meta ARG and a build arg set the platform in both builders', () => {
    for (const builder of ['buildkit', 'legacy'] as const) {
      expect(graphOf('ARG P=linux/amd64\nFROM --platform=${P} local/busybox:1\n', builder).stages[0]?.platform).toMatchObject({ expanded: 'linux/amd64', isHost: true });
      expect(graphOf('ARG P\nFROM --platform=$P local/busybox:1\n', builder, { P: 'linux/arm64' }).stages[0]?.platform).toMatchObject({ expanded: 'linux/arm64', isHost: false });
    }
  });

  test('a FROM without --platform has no platform in the graph', () => {
    expect(graphOf('FROM local/busybox:1\n', 'buildkit').stages[0]?.platform).toBeUndefined();
  });

  test('BuildKit reports a bad platform while expanding FROM words, before the target lookup, even in an unneeded stage', () => {
    const g = graphOf('FROM --platform=foo local/busybox:1 AS unused\nFROM local/busybox:1 AS final\n', 'buildkit');
    expect(g.errors).toMatchObject([{ kind: 'parse', buildkitPhase: 'expanding-from-words', stage: 0, message: 'failed to parse platform foo: "foo": unknown operating system or architecture: invalid argument' }]);
    expect(graphOf('FROM --platform=${X-1} local/busybox:1\n', 'buildkit').errors).toMatchObject([
      { kind: 'other', buildkitPhase: 'expanding-from-words', message: 'failed to process arguments for platform : failed to process "${X-1}": missing \':\' in substitution' },
    ]);
  });

  test('BuildKit reports a blank base name, not the platform, when both of a stage are bad (s58 b27)', () => {
    expect(graphOf('FROM --platform=foo $NOPE\n', 'buildkit').errors.map((e) => e.message)).toEqual(['base name ($NOPE) should not be blank']);
  });

  test('the legacy builder keeps platform errors for the FROM step: none is a graph error', () => {
    expect(graphOf('FROM --platform=foo local/busybox:1\n', 'legacy').errors).toEqual([]);
  });

  test('each BuildKit graph error says whether it comes before or after the target lookup', () => {
    const g = graphOf('FROM Busybox AS a\nFROM local/busybox:1${X-1} AS b\nFROM local/busybox:1 AS c\nCOPY --from=5 /a /b\n', 'buildkit');
    expect(g.errors.map((e) => [e.buildkitPhase, e.stage])).toEqual([
      ['expanding-from-words', 1],
      ['after-finding-target', 2],
      ['after-finding-target', 0],
    ]);
    expect(selectStages(g, 'nope').error?.buildkitPhase).toBe('finding-target');
  });
});
