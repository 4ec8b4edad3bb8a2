// The build as an xstate machine: plays a build's events one by one, at the pace of the
// simulated clock, so the terminal can print each line as it "happens" and a learner can pause,
// step through and cancel.
//
//   idle ── build.start ──▶ active.planning ──▶ active.running.(playing ⇄ paused)
//                                                   │
//                        succeeded ◀── build.succeeded / build.failed ──▶ failed
//                        canceled  ◀── build.cancel (or an engine's build.canceled)
//   build.reset returns to idle from anywhere; build.start starts over from any state.
//
// Events come either from the simulator (`build.start` with `events`), or live (`build.start`
// with `live: true`, then `build.event` per engine event; the `eventSource` actor is where the
// local agent's stream plugs in). Every effect is named in `setup()`; the pace is the named delay
// `playbackDelay`, so tests run on xstate's SimulatedClock or provide a delay of their own.

import { assign, enqueueActions, fromCallback, setup, type ActorRefFrom, type SnapshotFrom } from 'xstate';
import { isBuildEvent, isStepEndEvent, isTerminalEvent, type BuildEvent } from './events.ts';
import { applyBuildEvent, initialProgress, type BuildProgress } from './machine-progress.ts';

export type { BuildProgress, StageProgress, StepProgress, StepState, StageState } from './machine-progress.ts';

/** What the machine knows about the build so far. */
export interface BuildMachineContext {
  /** True when events arrive as `build.event` (the agent), false when replaying a given list. */
  readonly live: boolean;
  /** Events received but not yet played. */
  readonly pending: readonly BuildEvent[];
  /** Events played so far, in order: what the terminal has printed. */
  readonly emitted: readonly BuildEvent[];
  readonly progress: BuildProgress;
  /** Playback speed: 1 = simulated real time, 2 = twice as fast; Infinity plays without waiting. */
  readonly speed: number;
  /** Each step takes at least this long on screen (ms at speed 1), so instant steps stay visible. */
  readonly minStepDelayMs: number;
  /** No single wait is longer than this (ms at speed 1). */
  readonly maxDelayMs: number;
  /** Enter `paused` instead of `playing` when the build starts. */
  readonly startPaused: boolean;
}

export interface BuildMachineInput {
  readonly speed?: number;
  readonly minStepDelayMs?: number;
  readonly maxDelayMs?: number;
}

/** Events the machine accepts. */
export type BuildMachineEvent =
  | {
      readonly type: 'build.start';
      /** The simulator's events (see `simulationToEvents`); omit with `live: true`. */
      readonly events?: readonly BuildEvent[];
      readonly live?: boolean;
      /** Start paused, to step through from the first step. */
      readonly paused?: boolean;
    }
  /** One engine event from a live source. */
  | { readonly type: 'build.event'; readonly event: BuildEvent }
  | { readonly type: 'build.pause' }
  | { readonly type: 'build.resume' }
  /** While paused: play events up to the end of the next step. */
  | { readonly type: 'build.step' }
  | { readonly type: 'build.cancel' }
  | { readonly type: 'build.reset' }
  | { readonly type: 'build.speed'; readonly speed: number };

/** Emitted for every event the machine plays (`actor.on('build.played', …)`). */
export interface BuildPlayedEmitted {
  readonly type: 'build.played';
  readonly event: BuildEvent;
}

const DEFAULT_MIN_STEP_DELAY_MS = 150;
const DEFAULT_MAX_DELAY_MS = 3000;

function sanitizeSpeed(speed: unknown, fallback: number): number {
  return typeof speed === 'number' && !Number.isNaN(speed) && speed > 0 ? speed : fallback;
}

function initialContext(input: BuildMachineInput | undefined): BuildMachineContext {
  return {
    live: false,
    pending: [],
    emitted: [],
    progress: initialProgress(),
    speed: sanitizeSpeed(input?.speed, 1),
    minStepDelayMs: Math.max(0, input?.minStepDelayMs ?? DEFAULT_MIN_STEP_DELAY_MS),
    maxDelayMs: Math.max(0, input?.maxDelayMs ?? DEFAULT_MAX_DELAY_MS),
    startPaused: false,
  };
}

/** Computes how long to wait before playing the next pending event (0 when live). */
export function nextEventDelay(context: BuildMachineContext): number {
  const next = context.pending[0];
  if (next === undefined || context.live || context.speed === Number.POSITIVE_INFINITY) return 0;
  let wait = Math.max(0, next.timeMs - context.progress.clockMs);
  if (next.type === 'step.started') wait = Math.max(wait, context.minStepDelayMs);
  wait = Math.min(wait, context.maxDelayMs);
  return wait / context.speed;
}

interface Played {
  readonly context: BuildMachineContext;
  readonly played: readonly BuildEvent[];
}

// Plays pending events while `more` says so; stops after a terminal event whatever `more` says.
function playWhile(context: BuildMachineContext, more: (event: BuildEvent, playedSoFar: number) => boolean): Played {
  let progress = context.progress;
  const played: BuildEvent[] = [];
  let index = 0;
  while (index < context.pending.length) {
    const event = context.pending[index];
    if (event === undefined || !more(event, played.length)) break;
    progress = applyBuildEvent(progress, event);
    played.push(event);
    index += 1;
    if (isTerminalEvent(event)) {
      index = context.pending.length;
      break;
    }
  }
  return {
    context: { ...context, progress, pending: context.pending.slice(index), emitted: [...context.emitted, ...played] },
    played,
  };
}

const PLANNING_TYPES: ReadonlySet<BuildEvent['type']> = new Set(['build.started', 'build.planned', 'stage.skipped']);

function isOver(context: BuildMachineContext): boolean {
  const outcome = context.progress.outcome;
  return outcome === 'succeeded' || outcome === 'failed' || outcome === 'canceled';
}

/** The build machine; see the diagram at the top of this file. */
export const buildMachine = setup({
  types: {
    context: {} as BuildMachineContext,
    events: {} as BuildMachineEvent,
    input: {} as BuildMachineInput | undefined,
    emitted: {} as BuildPlayedEmitted,
  },
  actors: {
    // The live event source. The default listens to nothing: the agent adapter provides one that
    // sends `{ type: 'build.event', event }` to its parent for every NDJSON line it reads.
    eventSource: fromCallback<{ type: 'build.event'; event: BuildEvent }, { live: boolean }>(() => () => undefined),
  },
  actions: {
    loadBuild: assign(({ context, event }) => {
      if (event.type !== 'build.start') return {};
      const events = (event.events ?? []).filter(isBuildEvent);
      return {
        ...initialContext({ speed: context.speed, minStepDelayMs: context.minStepDelayMs, maxDelayMs: context.maxDelayMs }),
        live: event.live === true,
        pending: events,
        startPaused: event.paused === true,
      };
    }),
    resetBuild: assign(({ context }) =>
      initialContext({ speed: context.speed, minStepDelayMs: context.minStepDelayMs, maxDelayMs: context.maxDelayMs }),
    ),
    enqueueEvent: assign(({ context, event }) => {
      if (event.type !== 'build.event' || !isBuildEvent(event.event)) return {};
      return { pending: [...context.pending, event.event] };
    }),
    setSpeed: assign(({ context, event }) => (event.type === 'build.speed' ? { speed: sanitizeSpeed(event.speed, context.speed) } : {})),
    playPlanningEvents: enqueueActions(({ context, enqueue }) => {
      const { context: next, played } = playWhile(context, (event) => PLANNING_TYPES.has(event.type));
      enqueue.assign(next);
      for (const event of played) enqueue.emit({ type: 'build.played', event });
    }),
    // Plays the event whose wait is over, then every following one that is due at once (same
    // simulated time, or live), so zero-length waits never need a timer of their own.
    playDueEvents: enqueueActions(({ context, enqueue }) => {
      let current = context;
      const all: BuildEvent[] = [];
      do {
        const { context: next, played } = playWhile(current, (_event, count) => count === 0);
        current = next;
        all.push(...played);
        if (played.length === 0 || isOver(current)) break;
      } while (current.pending.length > 0 && nextEventDelay(current) === 0);
      enqueue.assign(current);
      for (const event of all) enqueue.emit({ type: 'build.played', event });
    }),
    playUntilStepEnd: enqueueActions(({ context, enqueue }) => {
      let stepEnded = false;
      const { context: next, played } = playWhile(context, (event) => {
        if (stepEnded) return false;
        if (isStepEndEvent(event)) stepEnded = true;
        return true;
      });
      enqueue.assign(next);
      for (const event of played) enqueue.emit({ type: 'build.played', event });
    }),
    cancelBuild: enqueueActions(({ context, enqueue }) => {
      const canceled: BuildEvent = {
        type: 'build.canceled',
        builder: context.progress.builder ?? context.pending[0]?.builder ?? 'buildkit',
        timeMs: context.progress.clockMs,
        durationMs: context.progress.clockMs,
      };
      enqueue.assign({
        pending: [],
        emitted: [...context.emitted, canceled],
        progress: applyBuildEvent(context.progress, canceled),
      });
      enqueue.emit({ type: 'build.played', event: canceled });
    }),
    // A replayed stream that ends without a terminal event is reported as a failed build rather
    // than left hanging.
    endTruncatedStream: enqueueActions(({ context, enqueue }) => {
      const failed: BuildEvent = {
        type: 'build.failed',
        builder: context.progress.builder ?? 'buildkit',
        timeMs: context.progress.clockMs,
        durationMs: context.progress.clockMs,
        error: { kind: 'other', message: 'the build stopped reporting before it finished' },
      };
      enqueue.assign({ emitted: [...context.emitted, failed], progress: applyBuildEvent(context.progress, failed) });
      enqueue.emit({ type: 'build.played', event: failed });
    }),
  },
  guards: {
    hasPending: ({ context }) => context.pending.length > 0,
    isPlanned: ({ context }) =>
      context.progress.plan !== null || (context.pending.length > 0 && !PLANNING_TYPES.has(context.pending[0]?.type ?? 'build.started')),
    startsPaused: ({ context }) => context.startPaused,
    isLive: ({ context }) => context.live,
    hasSucceeded: ({ context }) => context.progress.outcome === 'succeeded',
    hasFailed: ({ context }) => context.progress.outcome === 'failed',
    wasCanceled: ({ context }) => context.progress.outcome === 'canceled',
    isReplayExhausted: ({ context }) => !context.live && context.pending.length === 0 && !isOver(context),
  },
  delays: {
    playbackDelay: ({ context }) => nextEventDelay(context),
  },
}).createMachine({
  id: 'build',
  context: ({ input }) => initialContext(input),
  initial: 'idle',
  on: {
    'build.speed': { actions: 'setSpeed' },
  },
  states: {
    idle: {
      on: {
        'build.start': { target: 'active', actions: 'loadBuild' },
      },
    },
    active: {
      invoke: { id: 'eventSource', src: 'eventSource', input: ({ context }) => ({ live: context.live }) },
      on: {
        // A new build replaces the one playing (the learner pressed Build again).
        'build.start': { target: 'active', reenter: true, actions: 'loadBuild' },
        'build.event': { actions: 'enqueueEvent' },
        'build.cancel': { target: 'canceled', actions: 'cancelBuild' },
        'build.reset': { target: 'idle', actions: 'resetBuild' },
      },
      always: [
        { guard: 'hasSucceeded', target: 'succeeded' },
        { guard: 'hasFailed', target: 'failed' },
        { guard: 'wasCanceled', target: 'canceled' },
      ],
      initial: 'planning',
      states: {
        planning: {
          entry: 'playPlanningEvents',
          on: {
            'build.event': { target: 'planning', reenter: true, actions: 'enqueueEvent' },
          },
          always: [
            { guard: 'isPlanned', target: 'running' },
            { guard: 'isReplayExhausted', actions: 'endTruncatedStream' },
          ],
        },
        running: {
          initial: 'choosing',
          states: {
            choosing: {
              always: [{ guard: 'startsPaused', target: 'paused' }, { target: 'playing' }],
            },
            playing: {
              after: {
                playbackDelay: { guard: 'hasPending', target: 'playing', reenter: true, actions: 'playDueEvents' },
              },
              always: [{ guard: 'isReplayExhausted', actions: 'endTruncatedStream' }],
              on: {
                'build.pause': { target: 'paused' },
                // Live events play as they arrive; the timer only paces replays.
                'build.event': [
                  { guard: 'isLive', actions: ['enqueueEvent', 'playDueEvents'] },
                  { target: 'playing', reenter: true, actions: 'enqueueEvent' },
                ],
              },
            },
            paused: {
              on: {
                'build.resume': { target: 'playing' },
                'build.step': { actions: 'playUntilStepEnd' },
              },
            },
          },
        },
      },
    },
    succeeded: {
      on: {
        'build.start': { target: 'active', actions: 'loadBuild' },
        'build.reset': { target: 'idle', actions: 'resetBuild' },
      },
    },
    failed: {
      on: {
        'build.start': { target: 'active', actions: 'loadBuild' },
        'build.reset': { target: 'idle', actions: 'resetBuild' },
      },
    },
    canceled: {
      on: {
        'build.start': { target: 'active', actions: 'loadBuild' },
        'build.reset': { target: 'idle', actions: 'resetBuild' },
      },
    },
  },
});

export type BuildMachine = typeof buildMachine;
export type BuildActor = ActorRefFrom<typeof buildMachine>;
export type BuildSnapshot = SnapshotFrom<typeof buildMachine>;
