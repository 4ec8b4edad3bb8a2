import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { simulationToEvents, type BuildEvent, type StepInfo } from '../../../../src/core/build/events.ts';
import { renderBuildkitPlainLog } from '../../../../src/core/build/render/buildkit-plain.ts';
import { renderBuildkitSummary } from '../../../../src/core/build/render/buildkit-tty.ts';
import { renderLegacyLog } from '../../../../src/core/build/render/legacy.ts';
import { maskBuildLog } from '../../../../src/core/build/render/mask.ts';
import { BUSYBOX, resultFrom, SCRATCH, stageBase, type ResultSpec } from './fixture-results.ts';

// Renderer output against logs recorded for these tests on this machine's Engine 20.10.24
// (./recorded/README.md): stderr chunks, meta ARGs, WORKDIR /, unused build-arg warnings, and the
// TTY view's last frame, which the shared scenarios do not show.

// Splits a plain log into its blocks with the vertex numbers removed, sorted.
function unorderedBlocks(log: string): string[] {
  return maskBuildLog(log)
    .split('\n\n')
    .map((block) => block.trim().replace(/^#\d+ /gm, '#N '))
    .sort();
}

const recorded = (name: string): string => readFileSync(fileURLToPath(new URL(`./recorded/${name}`, import.meta.url)), 'utf8');

const multiStageStages = [
  { name: 'base', label: 'base', base: BUSYBOX },
  { name: 'second', label: 'second', base: stageBase(0) },
  { label: 'stage-2', base: BUSYBOX },
] as const;

const unusedArgWarning = { code: 'UNUSED_BUILD_ARG', message: '[Warning] One or more build-args [UNUSED] were not consumed' };

function multiStageLegacy(status: 'run' | 'cached'): ResultSpec {
  return {
    builder: 'legacy',
    contextBytes: 3072,
    stages: multiStageStages,
    warnings: [unusedArgWarning],
    steps: [
      { stage: 0, line: 1, instruction: 'ARG', text: 'ARG BASE=local/busybox:1', metaArg: true },
      { stage: 0, line: 2, instruction: 'FROM', text: 'FROM ${BASE} AS base' },
      { stage: 0, line: 3, instruction: 'WORKDIR', text: 'WORKDIR /', status },
      {
        stage: 0,
        line: 4,
        instruction: 'RUN',
        text: 'RUN echo out1 && echo err1 >&2 && echo out2 && sleep 0.2 && echo err2 >&2',
        status,
        output: status === 'run' ? ['out1', 'out2', 'err1', 'err2'] : [],
      },
      { stage: 0, line: 5, instruction: 'ENV', text: 'ENV X=1', status },
      { stage: 0, line: 6, instruction: 'COPY', text: 'COPY a.txt /a.txt', status },
      { stage: 1, line: 8, instruction: 'FROM', text: 'FROM base AS second' },
      { stage: 1, line: 9, instruction: 'LABEL', text: 'LABEL k=v', status },
      { stage: 1, line: 10, instruction: 'RUN', text: 'RUN echo second', status, output: status === 'run' ? ['second'] : [] },
      { stage: 2, line: 12, instruction: 'FROM', text: 'FROM local/busybox:1' },
      { stage: 2, line: 13, instruction: 'COPY', text: 'COPY --from=second /a.txt /b.txt', status },
      { stage: 2, line: 14, instruction: 'CMD', text: 'CMD ["sh"]', status },
    ],
  };
}

// The recording's RUN wrote err1 and err2 to stderr in two writes, 0.2 s apart.
function streamsAsRecorded(events: BuildEvent[]): BuildEvent[] {
  return events.map((event) => {
    if (event.type !== 'step.log' || !event.text.startsWith('err')) return event;
    return { ...event, stream: 'stderr', timeMs: event.timeMs + (event.text === 'err2' ? 200 : 0) };
  });
}

describe('legacy renderer against this machine’s recordings', () => {
  test('meta ARG steps print no arrow, each stderr write is its own red chunk, and the unused build-arg warning precedes Successfully built', () => {
    const events = streamsAsRecorded(simulationToEvents(resultFrom(multiStageLegacy('run')), { tags: ['stagecraft-render-test:leg'] }));
    const rendered = `${renderLegacyLog(events, { color: 'ansi' }).join('\n')}\n`;
    expect(maskBuildLog(rendered)).toBe(maskBuildLog(recorded('multi-stage.legacy.log')));
  });

  test('the plain variant drops the daemon’s colour escapes but keeps every line', () => {
    const events = streamsAsRecorded(simulationToEvents(resultFrom(multiStageLegacy('run'))));
    const plain = renderLegacyLog(events);
    expect(plain.some((line) => line.includes('\u001b'))).toBe(false);
    expect(plain).toContain('err1');
    expect(plain).toContain('Removing intermediate container ' + (/Running in (\w+)/.exec(plain.join('\n'))?.[1] ?? '?'));
  });

  test('FROM <stage> prints the id of that stage’s last image', () => {
    const lines = renderLegacyLog(simulationToEvents(resultFrom(multiStageLegacy('run'))));
    const afterStep = (prefix: string): string => lines[lines.findIndex((line) => line.startsWith(prefix)) + 1] ?? '';
    expect(afterStep('Step 7/12 : FROM base AS second')).toBe(afterStep('Step 6/12 : COPY a.txt /a.txt'));
  });

  test('a rerun with every step cached prints Using cache with the first run’s ids', () => {
    const first = renderLegacyLog(simulationToEvents(resultFrom(multiStageLegacy('run'))));
    const rerun = renderLegacyLog(simulationToEvents(resultFrom(multiStageLegacy('cached'))));
    const ids = (lines: string[]): string[] => lines.filter((line) => /^ ---> [0-9a-f]{12}$/.test(line));
    expect(ids(rerun)).toEqual(ids(first));
    expect(maskBuildLog(`${rerun.join('\n')}\n`).split('\n').slice(0, 20)).toEqual(
      maskBuildLog(recorded('multi-stage.legacy-rerun.log')).split('\n').slice(0, 20),
    );
  });

  test('a failing RUN prints its output and the non-zero code message', () => {
    const spec: ResultSpec = {
      builder: 'legacy',
      stages: [{ label: '', base: BUSYBOX }],
      steps: [
        { stage: 0, line: 1, instruction: 'FROM', text: 'FROM local/busybox:1' },
        { stage: 0, line: 2, instruction: 'RUN', text: 'RUN echo one && echo two && exit 3', output: ['one', 'two'] },
      ],
      error: { kind: 'run-failed', message: "The command '/bin/sh -c echo one && echo two && exit 3' returned a non-zero code: 3", step: 1 },
    };
    const rendered = `${renderLegacyLog(simulationToEvents(resultFrom(spec)), { color: 'ansi' }).join('\n')}\n`;
    expect(maskBuildLog(rendered)).toBe(maskBuildLog(recorded('failing-run.legacy.log')));
  });

  test('the parser’s empty-continuation warning comes first, as one red stderr chunk', () => {
    const spec: ResultSpec = {
      builder: 'legacy',
      contextBytes: 3072,
      stages: [{ label: '', base: BUSYBOX }],
      warnings: [
        {
          code: 'EMPTY_CONTINUATION_LINE',
          message:
            '[WARNING]: Empty continuation line found in:\n    RUN echo a   && echo b\n[WARNING]: Empty continuation lines will become errors in a future release.',
        },
      ],
      steps: [
        { stage: 0, line: 1, instruction: 'FROM', text: 'FROM local/busybox:1' },
        { stage: 0, line: 2, instruction: 'RUN', text: 'RUN echo a   && echo b', output: ['a', 'b'] },
      ],
    };
    const rendered = `${renderLegacyLog(simulationToEvents(resultFrom(spec), { tags: ['stagecraft-render-test:warn'] }), { color: 'ansi' }).join('\n')}\n`;
    expect(maskBuildLog(rendered)).toBe(maskBuildLog(recorded('empty-continuation.legacy.log')));
  });

  test('an error before the first step is printed as the daemon’s error response', () => {
    const spec: ResultSpec = {
      builder: 'legacy',
      stages: [{ name: 'x', label: 'x', base: BUSYBOX }],
      steps: [],
      error: { kind: 'unknown-target', message: 'failed to reach build target nope in Dockerfile' },
    };
    expect(renderLegacyLog(simulationToEvents(resultFrom(spec)))).toEqual([
      'Sending build context to Docker daemon  2.048kB',
      'Error response from daemon: failed to reach build target nope in Dockerfile',
    ]);
  });
});

describe('RUN output chunks', () => {
  test('a result that carries the RUN’s writes gets each stderr write coloured on its own, as recorded', () => {
    const result = resultFrom(multiStageLegacy('run'));
    const withChunks = {
      ...result,
      steps: result.steps.map((step) =>
        step.line === 4
          ? {
              ...step,
              outputChunks: [
                { stream: 'stdout', text: 'out1\n' },
                { stream: 'stdout', text: 'out2\n' },
                { stream: 'stderr', text: 'err1\n' },
                { stream: 'stderr', text: 'err2\n' },
              ],
            }
          : step,
      ),
    };
    const rendered = `${renderLegacyLog(simulationToEvents(withChunks, { tags: ['stagecraft-render-test:leg'] }), { color: 'ansi' }).join('\n')}\n`;
    expect(maskBuildLog(rendered)).toBe(maskBuildLog(recorded('multi-stage.legacy.log')));
  });

  test('one write of several stderr lines is one red chunk (dd, scenario p01)', () => {
    const result = resultFrom(multiStageLegacy('run'));
    const withChunks = {
      ...result,
      steps: result.steps.map((step) =>
        step.line === 4 ? { ...step, outputChunks: [{ stream: 'stderr', text: '256+0 records in\n256+0 records out\n' }] } : step,
      ),
    };
    const lines = renderLegacyLog(simulationToEvents(withChunks), { color: 'ansi' });
    const at = lines.indexOf('\u001b[91m256+0 records in');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe('256+0 records out');
    expect(lines[at + 2]).toMatch(/^\u001b\[0mRemoving intermediate container [0-9a-f]{12}$/);
  });
});

describe('BuildKit plain renderer against this machine’s recordings', () => {
  test('WORKDIR / makes no vertex, metadata makes none, and the merged FROM is named after the first stage', () => {
    const spec: ResultSpec = {
      builder: 'buildkit',
      stages: multiStageStages,
      steps: [
        { stage: 0, line: 2, instruction: 'FROM', text: 'FROM docker.io/local/busybox:1', pos: '1/4', status: 'cached' },
        { stage: 2, line: 12, instruction: 'FROM', text: 'FROM docker.io/local/busybox:1', pos: '1/2', status: 'cached' },
        { stage: 0, line: 3, instruction: 'WORKDIR', text: 'WORKDIR /', pos: '2/4' },
        {
          stage: 0,
          line: 4,
          instruction: 'RUN',
          text: 'RUN echo out1 && echo err1 >&2 && echo out2 && sleep 0.2 && echo err2 >&2',
          pos: '2/4',
          output: ['out1', 'err1', 'out2', 'err2'],
        },
        { stage: 0, line: 6, instruction: 'COPY', text: 'COPY a.txt /a.txt', pos: '3/4' },
        { stage: 1, line: 8, instruction: 'FROM', text: 'FROM base' },
        { stage: 1, line: 10, instruction: 'RUN', text: 'RUN echo second', pos: '1/1', output: ['second'] },
        { stage: 2, line: 13, instruction: 'COPY', text: 'COPY --from=second /a.txt /b.txt', pos: '2/2' },
      ],
    };
    const events = simulationToEvents(resultFrom(spec), { tags: ['stagecraft-render-test:bk'] });
    const rendered = `${renderBuildkitPlainLog(events).join('\n')}\n`;
    // Whether the context loads before or after a CACHED FROM varies between runs (this recording
    // has it after, scenarios s28-s34 before), so the blocks are compared without their order.
    expect(unorderedBlocks(rendered)).toEqual(unorderedBlocks(recorded('multi-stage.buildkit-plain.log')));
    expect(rendered).not.toContain('WORKDIR /\n');
  });

  test('when one stage fails, a vertex still running in another stage is CANCELED after the ERROR', () => {
    const spec: ResultSpec = {
      builder: 'buildkit',
      stages: [
        { name: 'slow', label: 'slow', base: BUSYBOX },
        { name: 'bad', label: 'bad', base: BUSYBOX },
        { label: 'stage-2', base: SCRATCH },
      ],
      steps: [
        { stage: 1, line: 4, instruction: 'FROM', text: 'FROM docker.io/local/busybox:1', pos: '1/2', status: 'cached', startMs: 0 },
        { stage: 0, line: 2, instruction: 'RUN', text: 'RUN echo start && sleep 2 && echo end', pos: '2/2', startMs: 0, durationMs: 2000, output: ['start'] },
        { stage: 1, line: 5, instruction: 'RUN', text: 'RUN sleep 0.5 && exit 4', pos: '2/2', startMs: 0, durationMs: 1600 },
      ],
      error: { kind: 'run-failed', message: 'executor failed running [/bin/sh -c sleep 0.5 && exit 4]: exit code: 4', step: 2 },
    };
    const rendered = `${renderBuildkitPlainLog(simulationToEvents(resultFrom(spec))).join('\n')}\n`;
    expect(maskBuildLog(rendered)).toBe(maskBuildLog(recorded('sibling-cancel.buildkit-plain.log')));
  });

  test('a failing RUN prints its logs, ERROR, and a summary without the logs', () => {
    const spec: ResultSpec = {
      builder: 'buildkit',
      stages: [{ label: '', base: BUSYBOX }],
      steps: [
        { stage: 0, line: 1, instruction: 'FROM', text: 'FROM docker.io/local/busybox:1', pos: '1/2', status: 'cached' },
        { stage: 0, line: 2, instruction: 'RUN', text: 'RUN echo one && echo two && exit 3', pos: '2/2', output: ['one', 'two'] },
      ],
      error: { kind: 'run-failed', message: 'executor failed running [/bin/sh -c echo one && echo two && exit 3]: exit code: 3', step: 1 },
    };
    const rendered = `${renderBuildkitPlainLog(simulationToEvents(resultFrom(spec))).join('\n')}\n`;
    expect(maskBuildLog(rendered)).toBe(maskBuildLog(recorded('failing-run.buildkit-plain.log')));
  });
});

// Hand-built events for the TTY frames: the TTY lists vertices in the order the engine first
// reported them, which for these recordings put the context load before FROM.
function vertex(stepId: string, name: string, kind: StepInfo['kind'] = 'internal'): StepInfo {
  return { stepId, kind, stage: null, stageLabel: '', instruction: null, line: null, range: null, text: name, name, number: 0, total: 0 };
}

function simpleVertex(info: StepInfo, end: 'finished' | 'cached', status?: { id: string; current?: number }): BuildEvent[] {
  const events: BuildEvent[] = [{ type: 'step.started', builder: 'buildkit', timeMs: 0, step: info }];
  if (status !== undefined) {
    events.push({ type: 'step.progress', builder: 'buildkit', timeMs: 0, stepId: info.stepId, id: status.id, ...(status.current !== undefined ? { current: status.current } : {}), durationMs: 0, done: true });
  }
  events.push(
    end === 'finished'
      ? { type: 'step.finished', builder: 'buildkit', timeMs: 0, stepId: info.stepId, durationMs: 0 }
      : { type: 'step.cached', builder: 'buildkit', timeMs: 0, stepId: info.stepId },
  );
  return events;
}

describe('BuildKit TTY summary against this machine’s recordings', () => {
  test('the last frame of a cached rerun matches the 80-column terminal byte for byte, colours included', () => {
    const events: BuildEvent[] = [
      ...simpleVertex(vertex('df', '[internal] load build definition from Dockerfile'), 'finished', { id: 'transferring dockerfile:', current: 308 }),
      ...simpleVertex(vertex('di', '[internal] load .dockerignore'), 'finished', { id: 'transferring context:', current: 2 }),
      ...simpleVertex(vertex('md', '[internal] load metadata for docker.io/local/busybox:1'), 'finished'),
      ...simpleVertex(vertex('ctx', '[internal] load build context'), 'finished', { id: 'transferring context:', current: 26 }),
      ...simpleVertex(vertex('from', '[base 1/4] FROM docker.io/local/busybox:1', 'instruction'), 'finished'),
      ...simpleVertex(vertex('run', '[base 2/4] RUN echo out1 && echo err1 >&2 && echo out2 && sleep 0.2 && echo err2 >&2', 'instruction'), 'cached'),
      ...simpleVertex(vertex('copy', '[base 3/4] COPY a.txt /a.txt', 'instruction'), 'cached'),
      ...simpleVertex(vertex('second', '[second 1/1] RUN echo second', 'instruction'), 'cached'),
      ...simpleVertex(vertex('copy2', '[stage-2 2/2] COPY --from=second /a.txt /b.txt', 'instruction'), 'cached'),
      { type: 'step.started', builder: 'buildkit', timeMs: 0, step: vertex('export', 'exporting to image', 'export') },
      { type: 'step.progress', builder: 'buildkit', timeMs: 0, stepId: 'export', id: 'exporting layers', durationMs: 0, done: true },
      {
        type: 'step.progress',
        builder: 'buildkit',
        timeMs: 0,
        stepId: 'export',
        id: 'writing image sha256:483fe0ff7b1849a64bb6203e27fdbf1df6abdc350819fd540196622a1a0e786a',
        durationMs: 0,
        done: true,
      },
      { type: 'step.progress', builder: 'buildkit', timeMs: 0, stepId: 'export', id: 'naming to docker.io/library/stagecraft-render-test:bk', durationMs: 0, done: true },
      { type: 'step.finished', builder: 'buildkit', timeMs: 0, stepId: 'export', durationMs: 0 },
      { type: 'build.succeeded', builder: 'buildkit', timeMs: 0, imageId: 'sha256:483f', tags: [], sizeBytes: 0, layers: 0, durationMs: 0 },
    ];
    expect(`${renderBuildkitSummary(events, { color: 'ansi' }).join('\n')}\n`).toBe(recorded('multi-stage.buildkit-tty-rerun.log'));
  });

  test('a failed build shows ERROR in red and repeats the failed vertex’s logs in the summary', () => {
    const run = vertex('run', '[2/2] RUN echo one && echo two && exit 3', 'instruction');
    const events: BuildEvent[] = [
      ...simpleVertex(vertex('df', '[internal] load build definition from Dockerfile'), 'finished', { id: 'transferring dockerfile:', current: 93 }),
      ...simpleVertex(vertex('di', '[internal] load .dockerignore'), 'finished', { id: 'transferring context:', current: 2 }),
      ...simpleVertex(vertex('md', '[internal] load metadata for docker.io/local/busybox:1'), 'finished'),
      ...simpleVertex(vertex('from', '[1/2] FROM docker.io/local/busybox:1', 'instruction'), 'cached'),
      { type: 'step.started', builder: 'buildkit', timeMs: 10, step: run },
      { type: 'step.log', builder: 'buildkit', timeMs: 197, stepId: 'run', stream: 'stdout', text: 'one' },
      { type: 'step.log', builder: 'buildkit', timeMs: 197, stepId: 'run', stream: 'stdout', text: 'two' },
      { type: 'step.failed', builder: 'buildkit', timeMs: 210, stepId: 'run', durationMs: 200, message: 'exit code: 3' },
      {
        type: 'build.failed',
        builder: 'buildkit',
        timeMs: 210,
        durationMs: 210,
        error: { kind: 'run-failed', message: 'executor failed running [/bin/sh -c echo one && echo two && exit 3]: exit code: 3', stepId: 'run' },
      },
    ];
    expect(`${renderBuildkitSummary(events, { color: 'ansi' }).join('\n')}\n`).toBe(recorded('failing-run.buildkit-tty.log'));
  });

  test('a build still running has no FINISHED and counts only completed vertices', () => {
    const events: BuildEvent[] = [
      ...simpleVertex(vertex('df', '[internal] load build definition from Dockerfile'), 'finished'),
      { type: 'step.started', builder: 'buildkit', timeMs: 0, step: vertex('run', '[2/2] RUN sleep 5', 'instruction') },
      { type: 'step.log', builder: 'buildkit', timeMs: 1500, stepId: 'run', stream: 'stdout', text: 'tick' },
    ];
    const [header, , running] = renderBuildkitSummary(events);
    expect(header?.trimEnd()).toBe('[+] Building 1.5s (1/2)');
    expect(running?.endsWith(' 1.5s')).toBe(true);
  });
});
