import { describe, expect, test } from 'vitest';
import { createActor, fromCallback, SimulatedClock } from 'xstate';
import { simulationToEvents, type BuildEvent } from '../../../src/core/build/events.ts';
import { buildMachine, nextEventDelay } from '../../../src/core/build/machine.ts';
import { progressFromEvents } from '../../../src/core/build/machine-progress.ts';
import { renderLegacyLog } from '../../../src/core/build/render/legacy.ts';
import { BUSYBOX, resultFrom, type ResultSpec } from './render/fixture-results.ts';

const legacySpec: ResultSpec = {
  builder: 'legacy',
  stages: [{ label: '', base: BUSYBOX }],
  steps: [
    { stage: 0, line: 1, instruction: 'FROM', text: 'FROM local/busybox:1' },
    { stage: 0, line: 2, instruction: 'ENV', text: 'ENV APP_HOME=/srv/app', durationMs: 100 },
    { stage: 0, line: 3, instruction: 'RUN', text: 'RUN echo ok', output: ['ok'], durationMs: 400 },
    { stage: 0, line: 4, instruction: 'WORKDIR', text: 'WORKDIR /srv/app', durationMs: 100 },
  ],
};

const failingSpec: ResultSpec = {
  ...legacySpec,
  steps: legacySpec.steps.slice(0, 3),
  error: { kind: 'run-failed', message: "The command '/bin/sh -c echo ok' returned a non-zero code: 1", step: 2 },
};

const events = (spec: ResultSpec = legacySpec): BuildEvent[] => simulationToEvents(resultFrom(spec), { tags: ['app'] });

// SimulatedClock starts a timer set while it flushes at the already-advanced time, so time is
// advanced one millisecond at a time, as a real clock would pass it.
function advance(clock: SimulatedClock, ms: number): void {
  clock.increment(0);
  for (let elapsed = 0; elapsed < ms; elapsed++) clock.increment(1);
}

function start(input?: { speed?: number; minStepDelayMs?: number }) {
  const clock = new SimulatedClock();
  const actor = createActor(buildMachine, { clock, input });
  const played: BuildEvent[] = [];
  actor.on('build.played', (emitted) => played.push(emitted.event));
  actor.start();
  return { clock, actor, played };
}

describe('build machine', () => {
  test('a replayed build plans at once, then plays event by event on the simulated clock until it succeeds', () => {
    const { clock, actor } = start({ minStepDelayMs: 0 });
    expect(actor.getSnapshot().value).toBe('idle');
    actor.send({ type: 'build.start', events: events() });
    const afterPlanning = actor.getSnapshot();
    expect(afterPlanning.matches({ active: { running: 'playing' } })).toBe(true);
    expect(afterPlanning.context.emitted.map((event) => event.type)).toEqual(['build.started', 'build.planned']);
    expect(afterPlanning.context.progress.totalSteps).toBe(4);

    advance(clock, 10_000);
    const done = actor.getSnapshot();
    expect(done.value).toBe('succeeded');
    expect(done.context.emitted).toEqual(events());
    expect(done.context.progress.completedSteps).toBe(4);
    expect(done.context.progress.steps.map((step) => step.state)).toEqual(['done', 'done', 'done', 'done']);
  });

  test('playback waits for the simulated time between events, divided by the speed', () => {
    const { clock, actor } = start({ minStepDelayMs: 0, speed: 2 });
    actor.send({ type: 'build.start', events: events() });
    // FROM, ENV start at 0 and ENV ends at 100 ms: at speed 2 that is 50 ms of wall time.
    advance(clock, 0);
    const beforeEnvEnds = actor.getSnapshot().context.progress;
    expect(beforeEnvEnds.steps[1]?.state).toBe('running');
    advance(clock, 49);
    expect(actor.getSnapshot().context.progress.steps[1]?.state).toBe('running');
    advance(clock, 1);
    expect(actor.getSnapshot().context.progress.steps[1]?.state).toBe('done');
  });

  test('every step is on screen for at least the minimum step delay', () => {
    const { clock, actor } = start({ minStepDelayMs: 150 });
    actor.send({ type: 'build.start', events: events() });
    advance(clock, 0);
    // stage.started is due at once; the FROM step then waits its minimum.
    expect(actor.getSnapshot().context.pending[0]?.type).toBe('step.started');
    expect(nextEventDelay(actor.getSnapshot().context)).toBe(150);
    advance(clock, 149);
    expect(actor.getSnapshot().context.progress.steps[0]?.state).toBe('pending');
    advance(clock, 1);
    expect(actor.getSnapshot().context.progress.steps[0]?.state).toBe('done');
  });

  test('paused, build.step plays exactly one step from its start to its end, and resume plays the rest', () => {
    const { clock, actor, played } = start({ minStepDelayMs: 0 });
    actor.send({ type: 'build.start', events: events(), paused: true });
    expect(actor.getSnapshot().matches({ active: { running: 'paused' } })).toBe(true);
    advance(clock, 10_000);
    expect(played.map((event) => event.type)).toEqual(['build.started', 'build.planned']);

    actor.send({ type: 'build.step' });
    expect(played.slice(2).map((event) => event.type)).toEqual(['stage.started', 'step.started', 'step.finished']);
    actor.send({ type: 'build.step' });
    actor.send({ type: 'build.step' });
    const snapshot = actor.getSnapshot();
    expect(snapshot.context.progress.steps.map((step) => step.state)).toEqual(['done', 'done', 'done', 'pending']);
    expect(snapshot.context.emitted.filter((event) => event.type === 'step.log').map((event) => (event.type === 'step.log' ? event.text : ''))).toEqual(['ok']);

    actor.send({ type: 'build.resume' });
    advance(clock, 10_000);
    expect(actor.getSnapshot().value).toBe('succeeded');
  });

  test('pause stops the clock-driven playback until resume', () => {
    const { clock, actor } = start({ minStepDelayMs: 0 });
    actor.send({ type: 'build.start', events: events() });
    actor.send({ type: 'build.pause' });
    const emitted = actor.getSnapshot().context.emitted.length;
    advance(clock, 10_000);
    expect(actor.getSnapshot().context.emitted.length).toBe(emitted);
    actor.send({ type: 'build.resume' });
    advance(clock, 10_000);
    expect(actor.getSnapshot().value).toBe('succeeded');
  });

  test('cancel mid-build plays a build.canceled event and marks the running step canceled', () => {
    const { actor, played } = start();
    actor.send({ type: 'build.start', live: true });
    const all = events();
    const runStarted = all.findIndex((event) => event.type === 'step.started' && event.step.instruction === 'RUN');
    for (const event of all.slice(0, runStarted + 1)) actor.send({ type: 'build.event', event });
    expect(actor.getSnapshot().context.progress.currentStepId).toBe('s0-l3');
    actor.send({ type: 'build.cancel' });
    const snapshot = actor.getSnapshot();
    expect(snapshot.value).toBe('canceled');
    expect(played.at(-1)?.type).toBe('build.canceled');
    expect(snapshot.context.progress.steps.map((step) => step.state)).toEqual(['done', 'done', 'canceled', 'pending']);
    expect(snapshot.context.progress.outcome).toBe('canceled');
  });

  test('cancel while idle does nothing', () => {
    const { actor } = start();
    actor.send({ type: 'build.cancel' });
    expect(actor.getSnapshot().value).toBe('idle');
  });

  test('a failing build ends in failed with the engine error and the failed step in context', () => {
    const { clock, actor } = start({ speed: Number.POSITIVE_INFINITY });
    actor.send({ type: 'build.start', events: events(failingSpec) });
    clock.increment(0);
    const snapshot = actor.getSnapshot();
    expect(snapshot.value).toBe('failed');
    expect(snapshot.context.progress.error?.kind).toBe('run-failed');
    expect(snapshot.context.progress.steps.find((step) => step.state === 'failed')?.info.line).toBe(3);
  });

  test('the played events, rendered as they arrive, give the whole legacy log', () => {
    const { clock, actor, played } = start({ speed: Number.POSITIVE_INFINITY });
    actor.send({ type: 'build.start', events: events() });
    clock.increment(0);
    expect(renderLegacyLog(played)).toEqual(renderLegacyLog(events()));
    expect(renderLegacyLog(played).at(-1)).toBe('Successfully tagged app:latest');
  });

  test('reset returns to idle with nothing played, and a finished build can be started again', () => {
    const { clock, actor } = start({ speed: Number.POSITIVE_INFINITY });
    actor.send({ type: 'build.start', events: events() });
    clock.increment(0);
    actor.send({ type: 'build.reset' });
    expect(actor.getSnapshot().value).toBe('idle');
    expect(actor.getSnapshot().context.emitted).toEqual([]);
    actor.send({ type: 'build.start', events: events(failingSpec) });
    clock.increment(0);
    expect(actor.getSnapshot().value).toBe('failed');
    actor.send({ type: 'build.start', events: events() });
    clock.increment(0);
    expect(actor.getSnapshot().value).toBe('succeeded');
  });

  test('starting a build while one plays replaces it from the beginning', () => {
    const { clock, actor } = start({ minStepDelayMs: 0 });
    actor.send({ type: 'build.start', events: events(failingSpec), paused: true });
    actor.send({ type: 'build.step' });
    actor.send({ type: 'build.start', events: events() });
    expect(actor.getSnapshot().context.emitted.map((event) => event.type)).toEqual(['build.started', 'build.planned']);
    advance(clock, 10_000);
    expect(actor.getSnapshot().value).toBe('succeeded');
  });

  test('build.speed changes the playback speed and ignores nonsense values', () => {
    const { actor } = start();
    actor.send({ type: 'build.speed', speed: 4 });
    expect(actor.getSnapshot().context.speed).toBe(4);
    actor.send({ type: 'build.speed', speed: -1 });
    actor.send({ type: 'build.speed', speed: Number.NaN });
    expect(actor.getSnapshot().context.speed).toBe(4);
  });

  test('live events sent as build.event are played as they arrive, without waiting', () => {
    const { actor } = start();
    actor.send({ type: 'build.start', live: true });
    expect(actor.getSnapshot().matches({ active: 'planning' })).toBe(true);
    for (const event of events()) actor.send({ type: 'build.event', event });
    const snapshot = actor.getSnapshot();
    expect(snapshot.value).toBe('succeeded');
    expect(snapshot.context.emitted).toEqual(events());
  });

  test('a live engine whose plan arrives after the start of the build still gets planned and played', () => {
    const { actor } = start();
    actor.send({ type: 'build.start', live: true });
    for (const event of events()) actor.send({ type: 'build.event', event: { ...event, timeMs: event.timeMs + 30 } });
    expect(actor.getSnapshot().value).toBe('succeeded');
  });

  test('a live build waits for more events instead of failing when its stream pauses', () => {
    const { clock, actor } = start();
    actor.send({ type: 'build.start', live: true });
    for (const event of events().slice(0, 5)) actor.send({ type: 'build.event', event });
    advance(clock, 60_000);
    expect(actor.getSnapshot().matches({ active: { running: 'playing' } })).toBe(true);
  });

  test('the eventSource actor can be swapped for a fake that feeds the machine', () => {
    const source = fromCallback<{ type: 'build.event'; event: BuildEvent }, { live: boolean }>(({ sendBack, input }) => {
      if (input.live) for (const event of events()) sendBack({ type: 'build.event', event });
      return () => undefined;
    });
    const actor = createActor(buildMachine.provide({ actors: { eventSource: source } }), { clock: new SimulatedClock() });
    actor.start();
    actor.send({ type: 'build.start', live: true });
    expect(actor.getSnapshot().value).toBe('succeeded');
  });

  test('a replay that ends without a terminal event ends failed instead of hanging', () => {
    const { clock, actor } = start({ speed: Number.POSITIVE_INFINITY });
    actor.send({ type: 'build.start', events: events().slice(0, -1) });
    clock.increment(0);
    expect(actor.getSnapshot().value).toBe('failed');
    expect(actor.getSnapshot().context.progress.error?.kind).toBe('other');
  });

  test('values that are not build events are dropped from the replay', () => {
    const { clock, actor } = start({ speed: Number.POSITIVE_INFINITY });
    const junk = [null, 3, { type: 'nope' }, { type: 'step.log', builder: 'x', timeMs: 0 }] as unknown as BuildEvent[];
    actor.send({ type: 'build.start', events: [...junk, ...events()] });
    clock.increment(0);
    expect(actor.getSnapshot().value).toBe('succeeded');
    expect(actor.getSnapshot().context.emitted).toEqual(events());
  });

  test('progress shows the skipped stage and its reason, and the current step while one runs', () => {
    const spec: ResultSpec = {
      builder: 'buildkit',
      target: 'app',
      stages: [
        { name: 'lint', label: 'lint', base: BUSYBOX, runs: false, selection: 'unreachable' },
        { name: 'app', label: 'app', base: BUSYBOX },
      ],
      steps: [
        { stage: 1, line: 4, instruction: 'FROM', text: 'FROM docker.io/local/busybox:1', pos: '1/2' },
        { stage: 1, line: 5, instruction: 'RUN', text: 'RUN echo app', pos: '2/2' },
      ],
    };
    const all = events(spec);
    const runStart = all.findIndex((event) => event.type === 'step.started' && event.step.instruction === 'RUN');
    const progress = progressFromEvents(all.slice(0, runStart + 1));
    expect(progress.stages.map((stage) => stage.state)).toEqual(['skipped', 'running']);
    expect(progress.currentStepId).toBe('s1-l5');
    expect(progressFromEvents(all).currentStepId).toBeNull();
  });
});
