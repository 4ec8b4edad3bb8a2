// What a build has done so far, folded from its events: the state views read (which step runs,
// each step's and stage's status, how far along the build is). Pure and immutable, so the build
// machine keeps it in context and a view can compute it from any prefix of an event stream.

import type {
  BuildEvent,
  BuildEventError,
  BuildPlannedEvent,
  BuildSucceededEvent,
  BuilderKind,
  StepInfo,
  WarningEvent,
} from './events.ts';

export type StepState = 'pending' | 'running' | 'done' | 'cached' | 'failed' | 'canceled';

export type StageState = 'pending' | 'running' | 'skipped' | 'succeeded' | 'failed' | 'canceled';

export interface StepProgress {
  readonly info: StepInfo;
  readonly state: StepState;
  /** Simulated ms since build start; null until the step started or ended. */
  readonly startedMs: number | null;
  readonly endedMs: number | null;
  /** Output lines the step printed so far. */
  readonly logLines: number;
  /** Legacy image id after the step (finished or cached). */
  readonly imageId?: string;
  /** The failure message, for a failed step. */
  readonly message?: string;
}

export interface StageProgress {
  readonly index: number;
  readonly name: string | null;
  readonly label: string;
  readonly state: StageState;
  /** Why it was skipped (from the plan), when it was. */
  readonly reason?: string;
}

export type BuildOutcome = 'running' | 'succeeded' | 'failed' | 'canceled';

export interface BuildProgress {
  readonly builder: BuilderKind | null;
  readonly plan: BuildPlannedEvent | null;
  /** Planned steps first (in plan order), then any other step in the order it started. */
  readonly steps: readonly StepProgress[];
  readonly stages: readonly StageProgress[];
  /** The step that started last and has not ended; null between steps. */
  readonly currentStepId: string | null;
  readonly completedSteps: number;
  /** The planned number of steps, or the number seen when larger. */
  readonly totalSteps: number;
  /** Time of the last event applied (ms since build start). */
  readonly clockMs: number;
  /** null before `build.started`. */
  readonly outcome: BuildOutcome | null;
  readonly error: BuildEventError | null;
  readonly image: BuildSucceededEvent | null;
  readonly warnings: readonly WarningEvent[];
}

/** Returns the progress of a build that has not started. */
export function initialProgress(): BuildProgress {
  return {
    builder: null,
    plan: null,
    steps: [],
    stages: [],
    currentStepId: null,
    completedSteps: 0,
    totalSteps: 0,
    clockMs: 0,
    outcome: null,
    error: null,
    image: null,
    warnings: [],
  };
}

function updateStep(progress: BuildProgress, stepId: string, update: (step: StepProgress) => StepProgress): BuildProgress {
  const index = progress.steps.findIndex((step) => step.info.stepId === stepId);
  if (index < 0) return progress;
  const steps = progress.steps.slice();
  const current = steps[index];
  if (current === undefined) return progress;
  steps[index] = update(current);
  return { ...progress, steps };
}

function updateStage(progress: BuildProgress, index: number, update: (stage: StageProgress) => StageProgress): BuildProgress {
  const at = progress.stages.findIndex((stage) => stage.index === index);
  if (at < 0) return progress;
  const stages = progress.stages.slice();
  const current = stages[at];
  if (current === undefined) return progress;
  stages[at] = update(current);
  return { ...progress, stages };
}

function isEnded(state: StepState): boolean {
  return state === 'done' || state === 'cached' || state === 'failed' || state === 'canceled';
}

function withCounts(progress: BuildProgress): BuildProgress {
  const completedSteps = progress.steps.filter((step) => isEnded(step.state)).length;
  const running = progress.steps.filter((step) => step.state === 'running');
  const latest = running.reduce<StepProgress | null>(
    (best, step) => (best === null || (step.startedMs ?? 0) >= (best.startedMs ?? 0) ? step : best),
    null,
  );
  return {
    ...progress,
    completedSteps,
    totalSteps: Math.max(progress.plan?.totalSteps ?? 0, progress.steps.length),
    currentStepId: latest?.info.stepId ?? null,
  };
}

function endStep(step: StepProgress, state: StepState, timeMs: number, extra: Partial<StepProgress> = {}): StepProgress {
  return { ...step, ...extra, state, endedMs: timeMs, startedMs: step.startedMs ?? timeMs };
}

/**
 * Applies one event to a build's progress and returns the new progress (the old one is left
 * untouched). Events about unknown steps or stages are ignored rather than rejected.
 */
export function applyBuildEvent(progress: BuildProgress, event: BuildEvent): BuildProgress {
  const clockMs = Number.isFinite(event.timeMs) ? Math.max(progress.clockMs, event.timeMs) : progress.clockMs;
  let next: BuildProgress = { ...progress, clockMs };
  switch (event.type) {
    case 'build.started':
      return { ...initialProgress(), builder: event.builder, outcome: 'running', clockMs };
    case 'build.planned': {
      const planned = event.stages.flatMap((stage) => stage.steps);
      const known = new Set(next.steps.map((step) => step.info.stepId));
      const steps = [
        ...planned
          .filter((info) => !known.has(info.stepId))
          .map((info): StepProgress => ({ info, state: 'pending', startedMs: null, endedMs: null, logLines: 0 })),
        ...next.steps,
      ];
      const stages = event.stages.map(
        (stage): StageProgress => ({ index: stage.index, name: stage.name, label: stage.label, state: 'pending' }),
      );
      next = { ...next, plan: event, steps, stages };
      break;
    }
    case 'stage.started':
      next = updateStage(next, event.stage, (stage) => ({ ...stage, state: 'running' }));
      break;
    case 'stage.skipped':
      next = updateStage(next, event.stage, (stage) => ({ ...stage, state: 'skipped', reason: event.reason }));
      break;
    case 'stage.finished':
      next = updateStage(next, event.stage, (stage) => ({ ...stage, state: event.outcome }));
      break;
    case 'step.started': {
      const exists = next.steps.some((step) => step.info.stepId === event.step.stepId);
      next = exists
        ? updateStep(next, event.step.stepId, (step) => ({ ...step, info: event.step, state: 'running', startedMs: event.timeMs }))
        : {
            ...next,
            steps: [...next.steps, { info: event.step, state: 'running', startedMs: event.timeMs, endedMs: null, logLines: 0 }],
          };
      break;
    }
    case 'step.log':
      next = updateStep(next, event.stepId, (step) => ({ ...step, logLines: step.logLines + 1 }));
      break;
    case 'step.finished':
      next = updateStep(next, event.stepId, (step) =>
        endStep(step, 'done', event.timeMs, event.imageId !== undefined ? { imageId: event.imageId } : {}),
      );
      break;
    case 'step.cached':
      next = updateStep(next, event.stepId, (step) =>
        endStep(step, 'cached', event.timeMs, event.imageId !== undefined ? { imageId: event.imageId } : {}),
      );
      break;
    case 'step.failed':
      next = updateStep(next, event.stepId, (step) => endStep(step, 'failed', event.timeMs, { message: event.message }));
      break;
    case 'step.canceled':
      next = updateStep(next, event.stepId, (step) => endStep(step, 'canceled', event.timeMs));
      break;
    case 'warning':
      next = { ...next, warnings: [...next.warnings, event] };
      break;
    case 'build.succeeded':
      next = { ...next, outcome: 'succeeded', image: event };
      break;
    case 'build.failed':
      next = {
        ...next,
        outcome: 'failed',
        error: event.error,
        stages: next.stages.map((stage) => (stage.state === 'running' ? { ...stage, state: 'failed' } : stage)),
      };
      break;
    case 'build.canceled':
      next = {
        ...next,
        outcome: 'canceled',
        steps: next.steps.map((step) => (step.state === 'running' ? endStep(step, 'canceled', event.timeMs) : step)),
        stages: next.stages.map((stage) => (stage.state === 'running' ? { ...stage, state: 'canceled' } : stage)),
      };
      break;
    default:
      break;
  }
  return withCounts(next);
}

/** Folds a list of events into a build's progress. */
export function progressFromEvents(events: readonly BuildEvent[]): BuildProgress {
  return events.reduce(applyBuildEvent, initialProgress());
}
