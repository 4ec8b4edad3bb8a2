import { describe, expect, test } from 'vitest';
import {
  buildEventsToNdjson,
  isBuildEvent,
  isStepEndEvent,
  parseBuildEventsNdjson,
  simulationToEvents,
  type BuildEvent,
  type StepInfo,
} from '../../../../src/core/build/events.ts';
import type { BuildResult } from '../../../../src/core/build/types.ts';
import { createBuildkitPlainRenderer, renderBuildkitPlainLog } from '../../../../src/core/build/render/buildkit-plain.ts';
import { formatContextSize, formatLogOffset, formatTransferBytes, stripAnsi, tagWithLatest } from '../../../../src/core/build/render/format.ts';
import { sha256Hex, shortIdFromKey } from '../../../../src/core/build/render/ids.ts';
import { createBuildLogRenderer, renderBuildLog } from '../../../../src/core/build/render/index.ts';
import { renderLegacyLog } from '../../../../src/core/build/render/legacy.ts';
import { maskBuildLog } from '../../../../src/core/build/render/mask.ts';
import { BUSYBOX, resultFrom, SCRATCH, stageBase, type ResultSpec } from './fixture-results.ts';

// Legacy steps are numbered by the fixture; `pos` only matters to BuildKit.
const twoStage = (builder: 'legacy' | 'buildkit', copyDigest = 'sha256:src-v1'): ResultSpec => ({
  builder,
  stages: [
    { name: 'build', label: 'build', base: BUSYBOX },
    { label: 'stage-1', base: SCRATCH },
  ],
  steps: [
    { stage: 0, line: 1, instruction: 'FROM', text: builder === 'legacy' ? 'FROM local/busybox:1 AS build' : 'FROM docker.io/local/busybox:1', ...(builder === 'buildkit' ? { pos: '1/3' } : {}) },
    { stage: 0, line: 2, instruction: 'COPY', text: 'COPY src /src', ...(builder === 'buildkit' ? { pos: '2/3' } : {}), layerDigest: copyDigest },
    { stage: 0, line: 3, instruction: 'RUN', text: 'RUN make', ...(builder === 'buildkit' ? { pos: '3/3' } : {}), output: ['compiling', 'done'] },
    { stage: 1, line: 5, instruction: 'FROM', text: 'FROM scratch' },
    { stage: 1, line: 6, instruction: 'COPY', text: 'COPY --from=build /out /out', ...(builder === 'buildkit' ? { pos: '1/1' } : {}) },
  ],
});

describe('formats', () => {
  test('sha256Hex matches the standard test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(sha256Hex('é€😀')).toBe('df9226927fd572c1ee66eec85de1bb139497614899f36e4e90474cb71f6ef9d0');
    expect(shortIdFromKey('x')).toMatch(/^[0-9a-f]{12}$/);
  });

  test('the legacy context size uses four significant digits and decimal units, like the CLI', () => {
    expect(formatContextSize(2048)).toBe('2.048kB');
    expect(formatContextSize(4608)).toBe('4.608kB');
    expect(formatContextSize(999)).toBe('999B');
    expect(formatContextSize(1_234_567)).toBe('1.235MB');
    expect(formatContextSize(0)).toBe('0B');
    expect(formatContextSize(Number.NaN)).toBe('0B');
  });

  test('BuildKit transfer amounts are whole bytes below 1000 and two decimals above', () => {
    expect(formatTransferBytes(381)).toBe('381B');
    expect(formatTransferBytes(123_510)).toBe('123.51kB');
    expect(formatTransferBytes(2_500_000)).toBe('2.50MB');
  });

  test('log offsets keep three, two or one decimals by magnitude', () => {
    expect(formatLogOffset(233)).toBe('0.233');
    expect(formatLogOffset(12_345)).toBe('12.35');
    expect(formatLogOffset(123_456)).toBe('123.5');
  });

  test('tags without a tag get :latest, digests and explicit tags are kept', () => {
    expect(tagWithLatest('app')).toBe('app:latest');
    expect(tagWithLatest('localhost:5000/app')).toBe('localhost:5000/app:latest');
    expect(tagWithLatest('app:1')).toBe('app:1');
  });
});

describe('simulationToEvents', () => {
  test('events survive a JSON round trip unchanged, so they can travel as NDJSON', () => {
    for (const builder of ['legacy', 'buildkit'] as const) {
      const events = simulationToEvents(resultFrom(twoStage(builder)), { tags: ['app'] });
      expect(JSON.parse(JSON.stringify(events))).toStrictEqual(events);
      expect(events.every(isBuildEvent)).toBe(true);
    }
  });

  test('events go through NDJSON and back unchanged, and broken lines are counted, not thrown', () => {
    const events = simulationToEvents(resultFrom(twoStage('buildkit')), { tags: ['app'] });
    const text = buildEventsToNdjson(events);
    expect(text.split('\n')).toHaveLength(events.length + 1);
    expect(parseBuildEventsNdjson(text)).toStrictEqual({ events, rejected: 0 });
    const damaged = `${text}{"type":"step.log"\nnot json\n\n{"type":"nope","builder":"legacy","timeMs":0}\n`;
    expect(parseBuildEventsNdjson(damaged).rejected).toBe(3);
    expect(parseBuildEventsNdjson(damaged).events).toHaveLength(events.length);
  });

  test('the stream is ordered by time, starts with build.started and ends with one terminal event', () => {
    for (const builder of ['legacy', 'buildkit'] as const) {
      const events = simulationToEvents(resultFrom(twoStage(builder)));
      expect(events[0]?.type).toBe('build.started');
      expect(events.at(-1)?.type).toBe('build.succeeded');
      expect(events.filter((event) => event.type.startsWith('build.') && event.type !== 'build.started' && event.type !== 'build.planned')).toHaveLength(1);
      for (let i = 1; i < events.length; i++) expect(events[i]?.timeMs ?? 0).toBeGreaterThanOrEqual(events[i - 1]?.timeMs ?? 0);
    }
  });

  test('every started step ends exactly once', () => {
    for (const builder of ['legacy', 'buildkit'] as const) {
      const events = simulationToEvents(resultFrom(twoStage(builder)));
      const started = events.flatMap((event) => (event.type === 'step.started' ? [event.step.stepId] : []));
      const ended = events.flatMap((event) => (isStepEndEvent(event) ? [event.stepId] : []));
      expect([...ended].sort()).toEqual([...started].sort());
    }
  });

  test('legacy steps never overlap: each ends before the next starts', () => {
    const events = simulationToEvents(resultFrom(twoStage('legacy')));
    let open: string | null = null;
    for (const event of events) {
      if (event.type === 'step.started') {
        expect(open).toBeNull();
        open = event.step.stepId;
      } else if (isStepEndEvent(event)) {
        expect(event.stepId).toBe(open);
        open = null;
      }
    }
  });

  test('BuildKit interleaves independent stages by simulated time', () => {
    const spec: ResultSpec = {
      builder: 'buildkit',
      stages: [
        { name: 'a', label: 'a', base: BUSYBOX },
        { name: 'b', label: 'b', base: BUSYBOX },
        { label: 'stage-2', base: SCRATCH },
      ],
      steps: [
        { stage: 0, line: 1, instruction: 'FROM', text: 'FROM docker.io/local/busybox:1', pos: '1/2', startMs: 0 },
        { stage: 0, line: 2, instruction: 'RUN', text: 'RUN sleep 1', pos: '2/2', startMs: 0, durationMs: 1000 },
        { stage: 1, line: 4, instruction: 'FROM', text: 'FROM docker.io/local/busybox:1', pos: '1/2', startMs: 0 },
        { stage: 1, line: 5, instruction: 'RUN', text: 'RUN sleep 0.5', pos: '2/2', startMs: 0, durationMs: 500 },
        { stage: 2, line: 7, instruction: 'FROM', text: 'FROM scratch' },
        { stage: 2, line: 8, instruction: 'COPY', text: 'COPY --from=a /x /x', pos: '1/1', startMs: 1000 },
      ],
    };
    const events = simulationToEvents(resultFrom(spec));
    const order = events.flatMap((event) => (event.type === 'step.started' || isStepEndEvent(event) ? [`${event.type}:${event.type === 'step.started' ? event.step.stepId : event.stepId}`] : []));
    const at = (entry: string): number => order.indexOf(entry);
    expect(at('step.started:s1-l5')).toBeLessThan(at('step.finished:s0-l2'));
    expect(at('step.finished:s1-l5')).toBeLessThan(at('step.finished:s0-l2'));
    // The two identical FROMs are one vertex.
    expect(order.filter((entry) => entry === 'step.started:s1-l4')).toHaveLength(0);
  });

  test('a rerun shows the same vertex digests and image ids for cached steps, and a changed COPY changes its own and later ones', () => {
    const digests = (spec: ResultSpec): Map<string, string> =>
      new Map(
        simulationToEvents(resultFrom(spec)).flatMap((event) =>
          event.type === 'step.started' && event.step.kind === 'instruction' ? [[event.step.stepId, event.step.digest ?? '']] : [],
        ),
      );
    const first = digests(twoStage('buildkit'));
    const again = digests(twoStage('buildkit'));
    const edited = digests(twoStage('buildkit', 'sha256:src-v2'));
    expect(again).toEqual(first);
    expect(edited.get('s0-l1')).toBe(first.get('s0-l1'));
    expect(edited.get('s0-l2')).not.toBe(first.get('s0-l2'));
    expect(edited.get('s0-l3')).not.toBe(first.get('s0-l3'));

    const ids = (spec: ResultSpec): string[] =>
      simulationToEvents(resultFrom(spec)).flatMap((event) => (event.type === 'step.finished' && event.imageId !== undefined ? [event.imageId] : []));
    expect(ids(twoStage('legacy'))).toEqual(ids(twoStage('legacy')));
    expect(ids(twoStage('legacy', 'sha256:src-v2'))[1]).not.toBe(ids(twoStage('legacy'))[1]);
  });

  test('the metadata and export vertices carry the exact digests Engine 20.10 prints for them', () => {
    const digests = simulationToEvents(resultFrom(twoStage('buildkit'))).flatMap((event) =>
      event.type === 'step.started' && event.step.kind !== 'instruction' ? [[event.step.name, event.step.digest]] : [],
    );
    expect(digests).toContainEqual([
      '[internal] load metadata for docker.io/local/busybox:1',
      'sha256:082798addb296dae48645bdd419a1755afe99488bc1b900981c60018c7fd5d45',
    ]);
    expect(digests).toContainEqual(['exporting to image', 'sha256:e8c613e07b0b7ff33893b694f7759a10d42e180f2b4dc349fb57dc6b71dcab00']);
  });

  test('an image that cannot be resolved fails its own metadata vertex, reported after the ones that resolved', () => {
    const message =
      'failed to solve with frontend dockerfile.v0: failed to create LLB definition: failed to do request: Head "https://registry-1.docker.io/v2/local/missing/manifests/1": dial tcp: no such host';
    const spec: ResultSpec = {
      builder: 'buildkit',
      images: ['docker.io/local/busybox:1', 'docker.io/local/missing:1'],
      stages: [
        { name: 'ok', label: 'ok', base: BUSYBOX },
        { label: 'stage-1', base: { kind: 'image', ref: 'local/missing:1', normalized: 'docker.io/local/missing:1', known: false } },
      ],
      steps: [],
      error: { kind: 'image-not-found', message },
    };
    const lines = renderBuildkitPlainLog(simulationToEvents(resultFrom(spec)), { digests: false });
    expect(lines.slice(-9)).toEqual([
      '#3 [internal] load metadata for docker.io/local/busybox:1',
      '#3 DONE 0.0s',
      '',
      '#4 [internal] load metadata for docker.io/local/missing:1',
      '#4 ERROR: failed to do request: Head "https://registry-1.docker.io/v2/local/missing/manifests/1": dial tcp: no such host',
      '------',
      ' > [internal] load metadata for docker.io/local/missing:1:',
      '------',
      message,
    ]);
  });

  test('a result that is not a result gives no events instead of throwing', () => {
    expect(simulationToEvents({} as BuildResult)).toEqual([]);
    expect(simulationToEvents(null as unknown as BuildResult)).toEqual([]);
  });

  test('skipped stages are announced with the plan’s reason', () => {
    const spec: ResultSpec = {
      builder: 'buildkit',
      stages: [
        { name: 'lint', label: 'lint', base: BUSYBOX, runs: false, selection: 'unreachable' },
        { name: 'app', label: 'app', base: stageBase(0) },
      ],
      steps: [],
    };
    const skipped = simulationToEvents(resultFrom(spec)).filter((event) => event.type === 'stage.skipped');
    expect(skipped.map((event) => (event.type === 'stage.skipped' ? [event.stage, event.selection] : []))).toEqual([[0, 'unreachable']]);
  });
});

function info(stepId: string, name: string): StepInfo {
  return { stepId, kind: 'instruction', stage: 0, stageLabel: '', instruction: 'RUN', line: 1, range: [0, 1], text: name, name, number: 1, total: 1 };
}

describe('BuildKit plain renderer, live', () => {
  test('with eager headers, a step that starts while nothing else prints shows its name at once', () => {
    const renderer = createBuildkitPlainRenderer({ digests: false, eagerHeaders: true });
    expect(renderer.push({ type: 'step.started', builder: 'buildkit', timeMs: 0, step: info('a', '[1/1] RUN sleep 5') })).toEqual(['#1 [1/1] RUN sleep 5']);
    expect(renderer.push({ type: 'step.log', builder: 'buildkit', timeMs: 1234, stepId: 'a', stream: 'stdout', text: 'hi' })).toEqual(['#1 1.234 hi']);
    expect(renderer.push({ type: 'step.finished', builder: 'buildkit', timeMs: 2000, stepId: 'a', durationMs: 2000 })).toEqual(['#1 DONE 2.0s']);
  });

  test('by default a started vertex prints nothing until it has output or ends', () => {
    const renderer = createBuildkitPlainRenderer({ digests: false });
    expect(renderer.push({ type: 'step.started', builder: 'buildkit', timeMs: 0, step: info('a', '[1/1] RUN sleep 5') })).toEqual([]);
    expect(renderer.push({ type: 'step.finished', builder: 'buildkit', timeMs: 5000, stepId: 'a', durationMs: 5000 })).toEqual([
      '#1 [1/1] RUN sleep 5',
      '#1 DONE 5.0s',
    ]);
  });

  test('a vertex that finishes while another one prints cuts it short with #N ..., as scenario s05 recorded', () => {
    const events: BuildEvent[] = [
      { type: 'step.started', builder: 'buildkit', timeMs: 0, step: info('a', '[a 2/2] RUN slow') },
      { type: 'step.started', builder: 'buildkit', timeMs: 10, step: info('b', '[b 2/2] RUN fast') },
      { type: 'step.log', builder: 'buildkit', timeMs: 100, stepId: 'b', stream: 'stdout', text: 'b1' },
      { type: 'step.log', builder: 'buildkit', timeMs: 500, stepId: 'a', stream: 'stdout', text: 'a1' },
      { type: 'step.finished', builder: 'buildkit', timeMs: 600, stepId: 'b', durationMs: 590 },
      { type: 'step.finished', builder: 'buildkit', timeMs: 1000, stepId: 'a', durationMs: 1000 },
    ];
    expect(renderBuildkitPlainLog(events, { digests: false, eagerHeaders: true })).toEqual([
      '#1 [a 2/2] RUN slow',
      '#1 0.500 a1',
      '#1 ...',
      '',
      '#2 [b 2/2] RUN fast',
      '#2 0.090 b1',
      '#2 DONE 0.6s',
      '',
      '#1 [a 2/2] RUN slow',
      '#1 DONE 1.0s',
    ]);
  });

  test('output of a vertex that is not open waits until the open one ends', () => {
    const events: BuildEvent[] = [
      { type: 'step.started', builder: 'buildkit', timeMs: 0, step: info('a', '[a 2/2] RUN one') },
      { type: 'step.started', builder: 'buildkit', timeMs: 0, step: info('b', '[b 2/2] RUN two') },
      { type: 'step.log', builder: 'buildkit', timeMs: 100, stepId: 'b', stream: 'stdout', text: 'b1' },
      { type: 'step.finished', builder: 'buildkit', timeMs: 200, stepId: 'a', durationMs: 200 },
      { type: 'step.finished', builder: 'buildkit', timeMs: 300, stepId: 'b', durationMs: 300 },
    ];
    expect(renderBuildkitPlainLog(events, { digests: false, eagerHeaders: true })).toEqual([
      '#1 [a 2/2] RUN one',
      '#1 DONE 0.2s',
      '',
      '#2 [b 2/2] RUN two',
      '#2 0.100 b1',
      '#2 DONE 0.3s',
    ]);
  });

  test('without eager headers the later vertex with output prints first and the other follows whole', () => {
    const events: BuildEvent[] = [
      { type: 'step.started', builder: 'buildkit', timeMs: 0, step: info('a', '[a 2/2] RUN one') },
      { type: 'step.started', builder: 'buildkit', timeMs: 0, step: info('b', '[b 2/2] RUN two') },
      { type: 'step.log', builder: 'buildkit', timeMs: 100, stepId: 'b', stream: 'stdout', text: 'b1' },
      { type: 'step.finished', builder: 'buildkit', timeMs: 200, stepId: 'a', durationMs: 200 },
      { type: 'step.finished', builder: 'buildkit', timeMs: 300, stepId: 'b', durationMs: 300 },
    ];
    expect(renderBuildkitPlainLog(events, { digests: false })).toEqual([
      '#1 [b 2/2] RUN two',
      '#1 0.100 b1',
      '#1 ...',
      '',
      '#2 [a 2/2] RUN one',
      '#2 DONE 0.2s',
      '',
      '#1 [b 2/2] RUN two',
      '#1 DONE 0.3s',
    ]);
  });

  test('canceling prints CANCELED for every vertex still running', () => {
    const events: BuildEvent[] = [
      { type: 'step.started', builder: 'buildkit', timeMs: 0, step: info('a', '[1/2] RUN sleep 9') },
      { type: 'build.canceled', builder: 'buildkit', timeMs: 300, durationMs: 300 },
    ];
    expect(renderBuildkitPlainLog(events, { digests: false })).toEqual(['#1 [1/2] RUN sleep 9', '#1 CANCELED']);
  });

  test('the ansi variant colours the error lines red and nothing else', () => {
    const events: BuildEvent[] = [
      { type: 'step.started', builder: 'buildkit', timeMs: 0, step: info('a', '[1/1] RUN false') },
      { type: 'step.failed', builder: 'buildkit', timeMs: 100, stepId: 'a', durationMs: 100, message: 'boom' },
      { type: 'build.failed', builder: 'buildkit', timeMs: 100, durationMs: 100, error: { kind: 'run-failed', message: 'boom', stepId: 'a' } },
    ];
    const lines = renderBuildkitPlainLog(events, { color: 'ansi', digests: false });
    expect(lines[0]).toBe('#1 [1/1] RUN false');
    expect(lines[1]).toBe('\u001b[31m#1 ERROR: boom\u001b[0m');
    expect(lines.map(stripAnsi)).toEqual(renderBuildkitPlainLog(events, { digests: false }));
  });

  test('events for steps it never saw start are ignored', () => {
    const renderer = createBuildkitPlainRenderer();
    expect(renderer.push({ type: 'step.log', builder: 'buildkit', timeMs: 0, stepId: 'ghost', stream: 'stdout', text: 'x' })).toEqual([]);
    expect(renderer.push({ type: 'step.finished', builder: 'buildkit', timeMs: 0, stepId: 'ghost', durationMs: 0 })).toEqual([]);
  });
});

describe('legacy renderer', () => {
  test('prints one line per event as it arrives and the plain variant has no escapes', () => {
    const events = simulationToEvents(resultFrom(twoStage('legacy')), { tags: ['app'] });
    const lines = renderLegacyLog(events);
    expect(lines[0]).toBe('Sending build context to Docker daemon  2.048kB');
    expect(lines).toContain('Step 3/5 : RUN make');
    expect(lines).toContain('compiling');
    expect(lines.at(-1)).toBe('Successfully tagged app:latest');
    expect(lines.join('\n')).not.toContain('\u001b');
  });

  test('a failed step whose container was force-removed says so before the error', () => {
    const events = simulationToEvents(
      resultFrom({
        builder: 'legacy',
        stages: [{ label: '', base: BUSYBOX }],
        steps: [
          { stage: 0, line: 1, instruction: 'FROM', text: 'FROM local/busybox:1' },
          { stage: 0, line: 2, instruction: 'RUN', text: 'RUN exit 3' },
        ],
        error: { kind: 'run-failed', message: "The command '/bin/sh -c exit 3' returned a non-zero code: 3", step: 1 },
      }),
    ).map((event) => (event.type === 'step.failed' ? { ...event, removedContainerId: '0743ff0b9929' } : event));
    expect(renderLegacyLog(events).slice(-2)).toEqual([
      'Removing intermediate container 0743ff0b9929',
      "The command '/bin/sh -c exit 3' returned a non-zero code: 3",
    ]);
  });

  test('renderBuildLog picks the format of the builder that produced the events', () => {
    const legacy = simulationToEvents(resultFrom(twoStage('legacy')));
    const buildkit = simulationToEvents(resultFrom(twoStage('buildkit')));
    expect(renderBuildLog(legacy)[0]).toMatch(/^Sending build context/);
    expect(renderBuildLog(buildkit)[0]).toBe('#1 [internal] load build definition from Dockerfile');
    expect(renderBuildLog([])).toEqual([]);
  });

  test('one renderer follows a legacy build and then a BuildKit rebuild, each in its own format', () => {
    const renderer = createBuildLogRenderer();
    const legacy = simulationToEvents(resultFrom(twoStage('legacy'))).flatMap((event) => renderer.push(event));
    const buildkit = simulationToEvents(resultFrom(twoStage('buildkit'))).flatMap((event) => renderer.push(event));
    expect(legacy).toEqual(renderLegacyLog(simulationToEvents(resultFrom(twoStage('legacy')))));
    expect(buildkit).toEqual(renderBuildkitPlainLog(simulationToEvents(resultFrom(twoStage('buildkit')))));
  });
});

describe('maskBuildLog', () => {
  test('masks ids, digests, timings and transfer sizes but keeps instruction text and output', () => {
    const log = [
      '#7 [internal] load build context',
      '#7 sha256:6ecc8540a8467ec22f9ed53f0138a1d552777e4c8e517c29f222590c5b2469f1',
      '#7 transferring context: 137B 0.1s done',
      '#7 DONE 0.1s',
      '',
      '#9 [builder 4/6] RUN dd',
      '#9 0.233 256+0 records in',
      ' ---> Running in acabb8231163',
      'Removing intermediate container acabb8231163',
      ' ---> dedc4263eb29',
      'Successfully built 4ac85d3b03f7',
    ].join('\n');
    expect(maskBuildLog(log).split('\n')).toEqual([
      '#1 [internal] load build context',
      '#1 sha256:<digest>',
      '#1 transferring context: <bytes> done',
      '#1 DONE <t>',
      '',
      '#2 [builder 4/6] RUN dd',
      '#2 <t> 256+0 records in',
      ' ---> Running in <id>',
      'Removing intermediate container <id>',
      ' ---> <id>',
      'Successfully built <id>',
    ]);
  });

  test('a status printed mid-transfer collapses into its done line', () => {
    expect(maskBuildLog('#1 transferring dockerfile:\n#1 transferring dockerfile: 173B 0.0s done')).toBe('#1 transferring dockerfile: <bytes> done');
  });
});
