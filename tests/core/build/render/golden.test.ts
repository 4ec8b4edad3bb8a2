import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { simulationToEvents, type BuildEvent } from '../../../../src/core/build/events.ts';
import { renderBuildkitPlainLog } from '../../../../src/core/build/render/buildkit-plain.ts';
import { renderLegacyLog } from '../../../../src/core/build/render/legacy.ts';
import { maskBuildLog } from '../../../../src/core/build/render/mask.ts';
import { BUSYBOX, resultFrom, SCRATCH, stageBase, type ResultSpec } from './fixture-results.ts';

// The renderers' output for recorded builds, compared with the real Engine 20.10 log (the last 60
// lines record.mjs kept) after masking ids, digests, timings and transfer sizes.

const scenarios = new URL('../../../../../shared/conformance/scenarios/', import.meta.url);

function realLog(scenario: string, build: number): string {
  const real = JSON.parse(readFileSync(fileURLToPath(new URL(`${scenario}/real.json`, scenarios)), 'utf8')) as {
    builds: { log: string }[];
  };
  return real.builds[build]?.log ?? '';
}

function render(spec: ResultSpec, tag: string, mutate?: (events: BuildEvent[]) => BuildEvent[]): string {
  let events = simulationToEvents(resultFrom(spec), { tags: [tag] });
  if (mutate) events = mutate(events);
  const lines = spec.builder === 'legacy' ? renderLegacyLog(events, { color: 'ansi' }) : renderBuildkitPlainLog(events);
  return `${lines.join('\n')}\n`;
}

function tail(text: string): string {
  return text.split('\n').slice(-60).join('\n');
}

function expectSameLog(rendered: string, scenario: string, build: number): void {
  expect(maskBuildLog(tail(rendered))).toBe(maskBuildLog(realLog(scenario, build)));
}

const p01Stages = [
  { name: 'builder', label: 'builder', base: BUSYBOX },
  { label: 'stage-1', base: BUSYBOX },
] as const;

const p01Legacy = (src: 'run' | 'cached'): ResultSpec => ({
  builder: 'legacy',
  stages: p01Stages,
  contextBytes: 4608,
  steps: [
    { stage: 0, line: 1, instruction: 'FROM', text: 'FROM local/busybox:1 AS builder' },
    { stage: 0, line: 2, instruction: 'WORKDIR', text: 'WORKDIR /build', status: src },
    { stage: 0, line: 3, instruction: 'COPY', text: 'COPY pom.xml .', status: src },
    {
      stage: 0,
      line: 4,
      instruction: 'RUN',
      text: 'RUN mkdir -p /root/.m2 && dd if=/dev/zero of=/root/.m2/repo.bin bs=1024 count=256',
      status: src,
      output: src === 'run' ? ['256+0 records in', '256+0 records out'] : [],
    },
    { stage: 0, line: 5, instruction: 'COPY', text: 'COPY src ./src' },
    { stage: 0, line: 6, instruction: 'RUN', text: 'RUN mkdir -p target && cat pom.xml src/Main.java > target/app.jar' },
    { stage: 1, line: 8, instruction: 'FROM', text: 'FROM local/busybox:1' },
    { stage: 1, line: 9, instruction: 'WORKDIR', text: 'WORKDIR /app', status: src },
    { stage: 1, line: 10, instruction: 'COPY', text: 'COPY --from=builder /build/target/app.jar app.jar' },
    { stage: 1, line: 11, instruction: 'CMD', text: 'CMD ["java", "-jar", "app.jar"]' },
  ],
});

// dd writes its summary to stderr; the simulator's output has no stream yet, so the test marks it.
const ddOnStderr = (events: BuildEvent[]): BuildEvent[] =>
  events.map((event) => (event.type === 'step.log' && event.text.includes('records') ? { ...event, stream: 'stderr' } : event));

describe('legacy renderer against recorded Engine 20.10 logs', () => {
  test('a first two-stage build prints every step, its containers and the dd stderr in red, as p01 recorded', () => {
    expectSameLog(render(p01Legacy('run'), 'oracle-2', ddOnStderr), 'p01-jar-two-stage', 2);
  });

  test('the rebuild after a source edit prints Using cache up to the changed COPY, as p01 recorded', () => {
    expectSameLog(render(p01Legacy('cached'), 'oracle-3'), 'p01-jar-two-stage', 3);
  });

  test('a failing RUN prints its output then the engine message and nothing else, as p02 recorded', () => {
    const spec: ResultSpec = {
      builder: 'legacy',
      target: 'app',
      stages: [
        { name: 'base', label: 'base', base: BUSYBOX },
        { name: 'lint', label: 'lint', base: stageBase(0) },
        { name: 'app', label: 'app', base: stageBase(0) },
      ],
      steps: [
        { stage: 0, line: 1, instruction: 'FROM', text: 'FROM local/busybox:1 AS base', pos: '1/6' },
        { stage: 0, line: 2, instruction: 'RUN', text: 'RUN echo base > /base' },
        { stage: 1, line: 4, instruction: 'FROM', text: 'FROM base AS lint' },
        { stage: 1, line: 5, instruction: 'RUN', text: 'RUN echo linting && false', output: ['linting'] },
      ],
      error: { kind: 'run-failed', message: "The command '/bin/sh -c echo linting && false' returned a non-zero code: 1", step: 3 },
    };
    expectSameLog(render(spec, 'oracle-1'), 'p02-target-skips-lint', 1);
  });

  test('a RUN --mount under the legacy builder fails right after its Step line, as p04 recorded', () => {
    const spec: ResultSpec = {
      builder: 'legacy',
      stages: [{ label: '', base: BUSYBOX }],
      steps: [
        { stage: 0, line: 1, instruction: 'FROM', text: 'FROM local/busybox:1' },
        { stage: 0, line: 2, instruction: 'RUN', text: 'RUN --mount=type=secret,id=token echo using secret > /done' },
      ],
      error: {
        kind: 'requires-buildkit',
        message:
          'the --mount option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled',
        step: 1,
      },
    };
    expectSameLog(render(spec, 'oracle-0'), 'p04-secret-mount-legacy', 0);
  });

  test('FROM scratch prints an empty id and a missing COPY source stops the build, as p05 recorded', () => {
    const spec: ResultSpec = {
      builder: 'legacy',
      stages: [
        { name: 'build', label: 'build', base: BUSYBOX },
        { label: 'stage-1', base: SCRATCH },
      ],
      steps: [
        { stage: 0, line: 1, instruction: 'FROM', text: 'FROM local/busybox:1 AS build', pos: '1/4' },
        { stage: 0, line: 2, instruction: 'RUN', text: 'RUN mkdir /out && echo bin > /out/app' },
        { stage: 1, line: 4, instruction: 'FROM', text: 'FROM scratch' },
        { stage: 1, line: 5, instruction: 'COPY', text: 'COPY --from=build /out/app.exe /app' },
      ],
      error: { kind: 'copy-source-missing', message: 'COPY failed: stat out/app.exe: file does not exist', step: 3 },
    };
    expectSameLog(render(spec, 'oracle-1'), 'p05-missing-artifact', 1);
  });

  const p08 = (status: 'run' | 'cached'): ResultSpec => ({
    builder: 'legacy',
    contextBytes: 4096,
    stages: [
      { name: 'build', label: 'build', base: BUSYBOX },
      { label: 'stage-1', base: SCRATCH },
    ],
    steps: [
      { stage: 0, line: 1, instruction: 'FROM', text: 'FROM local/busybox:1 AS build' },
      { stage: 0, line: 2, instruction: 'WORKDIR', text: 'WORKDIR /w', status },
      { stage: 0, line: 3, instruction: 'COPY', text: 'COPY a.txt b.txt ./', status },
      { stage: 0, line: 4, instruction: 'RUN', text: 'RUN cat a.txt b.txt > ab.txt', status },
      { stage: 1, line: 6, instruction: 'FROM', text: 'FROM scratch' },
      { stage: 1, line: 7, instruction: 'COPY', text: 'COPY --from=build /w/ab.txt /ab.txt', status },
    ],
  });

  test('an unchanged rebuild is Using cache for every step and keeps every id, as p08 recorded', () => {
    const first = render(p08('run'), 'oracle-0');
    const second = render(p08('cached'), 'oracle-1');
    expectSameLog(first, 'p08-unchanged-rebuild', 0);
    expectSameLog(second, 'p08-unchanged-rebuild', 1);
    const ids = (log: string): string[] => [...log.matchAll(/^ ---> ([0-9a-f]{12})$/gm)].map((m) => m[1] ?? '');
    expect(ids(second)).toEqual(ids(first));
  });

  test('ENV runs in a container like RUN and WORKDIR do, as p10 recorded', () => {
    const spec: ResultSpec = {
      builder: 'legacy',
      stages: [{ label: '', base: BUSYBOX }],
      steps: [
        { stage: 0, line: 1, instruction: 'FROM', text: 'FROM local/busybox:1' },
        { stage: 0, line: 2, instruction: 'ENV', text: 'ENV APP_HOME=/srv/app' },
        { stage: 0, line: 3, instruction: 'RUN', text: 'RUN mkdir -p $APP_HOME && echo ok > $APP_HOME/ok' },
        { stage: 0, line: 4, instruction: 'WORKDIR', text: 'WORKDIR $APP_HOME' },
      ],
    };
    expectSameLog(render(spec, 'oracle-0'), 'p10-env-then-run', 0);
  });
});

describe('BuildKit plain renderer against recorded Engine 20.10 logs', () => {
  test('a two-stage build interleaves the second stage by simulated time and loads the context after FROM, as p01 recorded', () => {
    const spec: ResultSpec = {
      builder: 'buildkit',
      stages: p01Stages,
      steps: [
        { stage: 0, line: 1, instruction: 'FROM', text: 'FROM docker.io/local/busybox:1', pos: '1/6', startMs: 0 },
        { stage: 1, line: 8, instruction: 'FROM', text: 'FROM docker.io/local/busybox:1', pos: '1/3', startMs: 0 },
        { stage: 0, line: 2, instruction: 'WORKDIR', text: 'WORKDIR /build', pos: '2/6', startMs: 0 },
        { stage: 1, line: 9, instruction: 'WORKDIR', text: 'WORKDIR /app', pos: '2/3', startMs: 0 },
        { stage: 0, line: 3, instruction: 'COPY', text: 'COPY pom.xml .', pos: '3/6', startMs: 10 },
        {
          stage: 0,
          line: 4,
          instruction: 'RUN',
          text: 'RUN mkdir -p /root/.m2 && dd if=/dev/zero of=/root/.m2/repo.bin bs=1024 count=256',
          pos: '4/6',
          startMs: 20,
          output: ['256+0 records in', '256+0 records out'],
        },
        { stage: 0, line: 5, instruction: 'COPY', text: 'COPY src ./src', pos: '5/6', startMs: 320 },
        { stage: 0, line: 6, instruction: 'RUN', text: 'RUN mkdir -p target && cat pom.xml src/Main.java > target/app.jar', pos: '6/6', startMs: 330 },
        { stage: 1, line: 10, instruction: 'COPY', text: 'COPY --from=builder /build/target/app.jar app.jar', pos: '3/3', startMs: 630 },
      ],
    };
    expectSameLog(render(spec, 'oracle-0'), 'p01-jar-two-stage', 0);
  });

  test('--target app builds only base and app, and a FROM <stage> stage counts from 1, as p02 recorded', () => {
    const spec: ResultSpec = {
      builder: 'buildkit',
      target: 'app',
      stages: [
        { name: 'base', label: 'base', base: BUSYBOX },
        { name: 'lint', label: 'lint', base: stageBase(0), runs: false, selection: 'unreachable' },
        { name: 'app', label: 'app', base: stageBase(0) },
      ],
      steps: [
        { stage: 0, line: 1, instruction: 'FROM', text: 'FROM docker.io/local/busybox:1', pos: '1/2' },
        { stage: 0, line: 2, instruction: 'RUN', text: 'RUN echo base > /base', pos: '2/2' },
        { stage: 2, line: 7, instruction: 'FROM', text: 'FROM base' },
        { stage: 2, line: 8, instruction: 'RUN', text: 'RUN echo app > /app', pos: '1/1' },
      ],
    };
    expectSameLog(render(spec, 'oracle-0'), 'p02-target-skips-lint', 0);
  });

  test('a failing RUN prints ERROR and the error summary after its output, as p02 recorded', () => {
    const spec: ResultSpec = {
      builder: 'buildkit',
      target: 'lint',
      stages: [
        { name: 'base', label: 'base', base: BUSYBOX },
        { name: 'lint', label: 'lint', base: stageBase(0) },
      ],
      steps: [
        { stage: 0, line: 1, instruction: 'FROM', text: 'FROM docker.io/local/busybox:1', pos: '1/2' },
        { stage: 0, line: 2, instruction: 'RUN', text: 'RUN echo base > /base', pos: '2/2', status: 'cached' },
        { stage: 1, line: 4, instruction: 'FROM', text: 'FROM base' },
        { stage: 1, line: 5, instruction: 'RUN', text: 'RUN echo linting && false', pos: '1/1', output: ['linting'] },
      ],
      error: { kind: 'run-failed', message: 'executor failed running [/bin/sh -c echo linting && false]: exit code: 1', step: 3 },
    };
    expectSameLog(render(spec, 'oracle-2'), 'p02-target-skips-lint', 2);
  });

  test('a scratch final stage is labelled stage-1 and expands the ARG in the RUN name, as p03 recorded', () => {
    const spec: ResultSpec = {
      builder: 'buildkit',
      stages: [
        { name: 'build', label: 'build', base: BUSYBOX },
        { label: 'stage-1', base: SCRATCH },
      ],
      steps: [
        { stage: 0, line: 1, instruction: 'FROM', text: 'FROM docker.io/local/busybox:1', pos: '1/2' },
        { stage: 0, line: 3, instruction: 'RUN', text: 'RUN echo "hi world" > /greeting', pos: '2/2' },
        { stage: 1, line: 5, instruction: 'FROM', text: 'FROM scratch' },
        { stage: 1, line: 6, instruction: 'COPY', text: 'COPY --from=build /greeting /greeting', pos: '1/1' },
      ],
    };
    expectSameLog(render(spec, 'oracle-0'), 'p03-arg-in-run', 0);
  });

  test('a single-stage build has no stage label in its step names, as p04 recorded', () => {
    const spec: ResultSpec = {
      builder: 'buildkit',
      stages: [{ label: '', base: BUSYBOX }],
      steps: [
        { stage: 0, line: 1, instruction: 'FROM', text: 'FROM docker.io/local/busybox:1', pos: '1/2' },
        { stage: 0, line: 2, instruction: 'RUN', text: 'RUN --mount=type=secret,id=token echo using secret > /done', pos: '2/2' },
      ],
    };
    expectSameLog(render(spec, 'oracle-1'), 'p04-secret-mount-legacy', 1);
  });

  test('a missing COPY --from source fails the vertex and the summary wraps the cache-key message, as p05 recorded', () => {
    const spec: ResultSpec = {
      builder: 'buildkit',
      stages: [
        { name: 'build', label: 'build', base: BUSYBOX },
        { label: 'stage-1', base: SCRATCH },
      ],
      steps: [
        { stage: 0, line: 1, instruction: 'FROM', text: 'FROM docker.io/local/busybox:1', pos: '1/2' },
        { stage: 0, line: 2, instruction: 'RUN', text: 'RUN mkdir /out && echo bin > /out/app', pos: '2/2' },
        { stage: 1, line: 4, instruction: 'FROM', text: 'FROM scratch' },
        { stage: 1, line: 5, instruction: 'COPY', text: 'COPY --from=build /out/app.exe /app', pos: '1/1' },
      ],
      error: { kind: 'copy-source-missing', message: 'failed to compute cache key: "/out/app.exe" not found: not found', step: 3 },
    };
    expectSameLog(render(spec, 'oracle-0'), 'p05-missing-artifact', 0);
  });

  test('an unknown target stops after the two internal loads with the frontend message, as p06 recorded', () => {
    const spec: ResultSpec = {
      builder: 'buildkit',
      target: 'prod',
      stages: [{ name: 'build', label: '', base: BUSYBOX, runs: false, selection: 'not-reached' }],
      steps: [],
      error: {
        kind: 'unknown-target',
        message: 'failed to solve with frontend dockerfile.v0: failed to create LLB definition: target stage prod could not be found',
      },
    };
    expectSameLog(render(spec, 'oracle-0'), 'p06-unknown-target', 0);
  });

  test('RUN output lines carry their offset and the export names the tag, as p07 recorded', () => {
    const spec: ResultSpec = {
      builder: 'buildkit',
      stages: [{ label: '', base: BUSYBOX }],
      steps: [
        { stage: 0, line: 1, instruction: 'FROM', text: 'FROM docker.io/local/busybox:1', pos: '1/3' },
        { stage: 0, line: 2, instruction: 'RUN', text: 'RUN dd if=/dev/zero of=/tmp/cache.bin bs=1024 count=1024', pos: '2/3', output: ['1024+0 records in', '1024+0 records out'] },
        { stage: 0, line: 3, instruction: 'RUN', text: 'RUN rm -f /tmp/cache.bin', pos: '3/3' },
      ],
    };
    expectSameLog(render(spec, 'oracle-0'), 'p07-delete-later-layer', 0);
  });

  test('COPY from the context adds the load build context vertex after FROM, as p08 recorded', () => {
    const spec: ResultSpec = {
      builder: 'buildkit',
      stages: [
        { name: 'build', label: 'build', base: BUSYBOX },
        { label: 'stage-1', base: SCRATCH },
      ],
      steps: [
        { stage: 0, line: 1, instruction: 'FROM', text: 'FROM docker.io/local/busybox:1', pos: '1/4' },
        { stage: 0, line: 2, instruction: 'WORKDIR', text: 'WORKDIR /w', pos: '2/4' },
        { stage: 0, line: 3, instruction: 'COPY', text: 'COPY a.txt b.txt ./', pos: '3/4' },
        { stage: 0, line: 4, instruction: 'RUN', text: 'RUN cat a.txt b.txt > ab.txt', pos: '4/4' },
        { stage: 1, line: 6, instruction: 'FROM', text: 'FROM scratch' },
        { stage: 1, line: 7, instruction: 'COPY', text: 'COPY --from=build /w/ab.txt /ab.txt', pos: '1/1' },
      ],
    };
    expectSameLog(render(spec, 'oracle-2'), 'p08-unchanged-rebuild', 2);
  });

  test('an unused stage gets no vertex but keeps its index in the final stage label, as p09 recorded', () => {
    const spec: ResultSpec = {
      builder: 'buildkit',
      stages: [
        { name: 'tools', label: 'tools', base: BUSYBOX, runs: false, selection: 'unreachable' },
        { name: 'build', label: 'build', base: BUSYBOX },
        { label: 'stage-2', base: SCRATCH },
      ],
      steps: [
        { stage: 1, line: 4, instruction: 'FROM', text: 'FROM docker.io/local/busybox:1', pos: '1/2' },
        { stage: 1, line: 5, instruction: 'RUN', text: 'RUN echo build > /build', pos: '2/2' },
        { stage: 2, line: 7, instruction: 'FROM', text: 'FROM scratch' },
        { stage: 2, line: 8, instruction: 'COPY', text: 'COPY --from=build /build /build', pos: '1/1' },
      ],
    };
    expectSameLog(render(spec, 'oracle-1'), 'p09-unused-stage-legacy-builds', 1);
  });
});
