// The build as a stream of events: the one format every consumer of a build reads.
//
// The simulator's result is turned into these (`simulationToEvents`, below); the
// local agent will stream the same union as NDJSON from a real Docker engine; the build machine
// (./machine.ts) replays them step by step; the renderers (./render/) turn them back into each
// builder's real log text. So every event is plain JSON data: no functions, Maps, Dates or class
// instances, only strings, numbers, booleans, null, arrays and plain objects.
//
// Conventions shared by every event:
// - `type` is dot-namespaced (`step.started`), as xstate events are.
// - `builder` says which `docker build` produced it; renderers refuse nothing, but each builder
//   only emits the fields its log format has (legacy image ids, BuildKit vertex digests).
// - `timeMs` is milliseconds since the build started (integer or not, never negative).
// - A step is one unit the engine reports: a legacy `Step N/M`, or a BuildKit vertex (Dockerfile
//   instructions and the `[internal] …` / `exporting to image` vertices alike). `stepId` is unique
//   within one build; a real engine's vertex digest makes a good one.

import type { SourceRange } from '../diagnostics.ts';
import type { BuildErrorKind, BuilderKind, StageSelection, StepReason } from './types.ts';

export type { BuilderKind } from './types.ts';

interface EventBase {
  readonly builder: BuilderKind;
  /** Milliseconds since the build started. */
  readonly timeMs: number;
}

/** What kind of unit of work a step is. */
export type StepKind =
  /** A Dockerfile instruction (FROM included). */
  | 'instruction'
  /** BuildKit bookkeeping: `[internal] load build definition from Dockerfile`, `load .dockerignore`, `load metadata for …`, `load build context`. */
  | 'internal'
  /** BuildKit `exporting to image`. */
  | 'export';

/** Where a step sits: everything a view or a renderer needs to name it. */
export interface StepInfo {
  readonly stepId: string;
  readonly kind: StepKind;
  /** Stage index (0-based among all FROMs); null for internal and export steps. */
  readonly stage: number | null;
  /**
   * BuildKit progress label of the stage (`builder`, `stage-1`, or `` for a single-stage build);
   * for legacy the stage name or `` when unnamed.
   */
  readonly stageLabel: string;
  /** Uppercased keyword (`RUN`, `FROM`, `ARG` …); null for internal and export steps. */
  readonly instruction: string | null;
  /** 1-based first line of the instruction in the Dockerfile; null when not an instruction. */
  readonly line: number | null;
  /** The instruction's source range; null when not an instruction. */
  readonly range: SourceRange | null;
  /** Instruction text as the engine prints it (BuildKit: expanded), or the internal vertex name. */
  readonly text: string;
  /**
   * The name the engine prints: BuildKit's vertex name (`[builder 2/6] WORKDIR /build`,
   * `[internal] load .dockerignore`); legacy `Step 2/10 : WORKDIR /build`.
   */
  readonly name: string;
  /** BuildKit `k/n` or legacy `Step k/M`; 0 when unnumbered. */
  readonly number: number;
  readonly total: number;
  /** BuildKit: the vertex digest (`sha256:…`), printed by Engine 20.10 plain progress. */
  readonly digest?: string;
  /** Legacy: a meta ARG step before the first FROM (prints no ` ---> ` line). */
  readonly metaArg?: boolean;
  /** BuildKit: lines of other stages whose identical step was merged into this vertex. */
  readonly mergedLines?: readonly number[];
}

/** A stage as planned: whether the builder processes it, and why. */
export interface PlannedStage {
  readonly index: number;
  /** Lowercased `AS` name, or null. */
  readonly name: string | null;
  /** BuildKit label (`builder`, `stage-1`, `` for single-stage builds). */
  readonly label: string;
  /** What the stage starts from, as written after expansion (`local/busybox:1`, `scratch`, `builder`). */
  readonly base: string;
  /** Stage indices this stage reads from. */
  readonly dependsOn: readonly number[];
  readonly runs: boolean;
  readonly selection: StageSelection;
  /** A learner-facing sentence: why the stage runs or is skipped. */
  readonly reason: string;
  /** The steps the builder will report for this stage, in order (empty when skipped). */
  readonly steps: readonly StepInfo[];
}

// ---- build lifecycle -------------------------------------------------------------------------

export interface BuildStartedEvent extends EventBase {
  readonly type: 'build.started';
  /** `--target` as typed, or null. */
  readonly target: string | null;
  /** `-t` names as typed (`myapp`, `myapp:1`). */
  readonly tags: readonly string[];
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly noCache: boolean;
  /** Legacy: bytes of the context tar (`Sending build context to Docker daemon  2.048kB`). */
  readonly contextBytes: number;
  /** BuildKit: bytes reported by `transferring dockerfile: 381B` (32B when the daemon already had it). */
  readonly dockerfileTransferBytes: number;
}

export interface BuildPlannedEvent extends EventBase {
  readonly type: 'build.planned';
  /** Every stage of the Dockerfile, skipped ones included. */
  readonly stages: readonly PlannedStage[];
  /** Stage indices in the order the builder processes them. */
  readonly order: readonly number[];
  /** Index of the target stage; -1 when none was resolved. */
  readonly targetIndex: number;
  /** Number of steps the machine will see (for progress bars), internal ones included. */
  readonly totalSteps: number;
}

export interface BuildSucceededEvent extends EventBase {
  readonly type: 'build.succeeded';
  /** Full image id (`sha256:` + 64 hex); legacy prints its first 12 hex digits. */
  readonly imageId: string;
  readonly tags: readonly string[];
  readonly sizeBytes: number;
  readonly layers: number;
  readonly durationMs: number;
}

/** The failure, as the engine reports it. */
export interface BuildEventError {
  readonly kind: BuildErrorKind;
  /** The engine's own final message (`The command '/bin/sh -c exit 3' returned a non-zero code: 3`). */
  readonly message: string;
  /** A learner-facing explanation, when the producer has one. */
  readonly explanation?: string;
  readonly range?: SourceRange;
  readonly line?: number;
  readonly stage?: number;
  /** The failing step, when one failed. */
  readonly stepId?: string;
}

export interface BuildFailedEvent extends EventBase {
  readonly type: 'build.failed';
  readonly error: BuildEventError;
  readonly durationMs: number;
}

export interface BuildCanceledEvent extends EventBase {
  readonly type: 'build.canceled';
  readonly durationMs: number;
}

// ---- stages ----------------------------------------------------------------------------------

export interface StageStartedEvent extends EventBase {
  readonly type: 'stage.started';
  readonly stage: number;
  readonly name: string | null;
  readonly label: string;
}

export interface StageSkippedEvent extends EventBase {
  readonly type: 'stage.skipped';
  readonly stage: number;
  readonly name: string | null;
  readonly label: string;
  readonly selection: StageSelection;
  readonly reason: string;
}

export interface StageFinishedEvent extends EventBase {
  readonly type: 'stage.finished';
  readonly stage: number;
  readonly name: string | null;
  readonly label: string;
  readonly outcome: 'succeeded' | 'failed';
}

// ---- steps -----------------------------------------------------------------------------------

export interface StepStartedEvent extends EventBase {
  readonly type: 'step.started';
  readonly step: StepInfo;
}

/** Legacy: the step runs in a container (` ---> Running in <id>`). */
export interface StepContainerEvent extends EventBase {
  readonly type: 'step.container';
  readonly stepId: string;
  /** 12-hex container id. */
  readonly containerId: string;
}

/** BuildKit: a status line of a vertex (`transferring dockerfile: 381B done`, `exporting layers`). */
export interface StepProgressEvent extends EventBase {
  readonly type: 'step.progress';
  readonly stepId: string;
  /** The status text without the amount (`transferring dockerfile:`, `writing image sha256:…`). */
  readonly id: string;
  /** Bytes so far, when the status counts bytes. */
  readonly current?: number;
  readonly total?: number;
  /** Time the status took so far; printed when above 10 ms. */
  readonly durationMs: number;
  readonly done: boolean;
}

/** One line of output (RUN stdout/stderr, ONBUILD notices), without its newline. */
export interface StepLogEvent extends EventBase {
  readonly type: 'step.log';
  readonly stepId: string;
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}

/** What a finished step left behind. */
export interface StepLayerInfo {
  readonly digest: string;
  readonly bytes: number;
  readonly files: number;
  readonly empty: boolean;
}

export interface StepFinishedEvent extends EventBase {
  readonly type: 'step.finished';
  readonly stepId: string;
  readonly durationMs: number;
  /** Legacy: the 12-hex image id after the step (` ---> <id>`); `` for FROM scratch. */
  readonly imageId?: string;
  /** Legacy: `Removing intermediate container <id>`. */
  readonly removedContainerId?: string;
  readonly layer?: StepLayerInfo;
  readonly reason?: StepReason;
}

export interface StepCachedEvent extends EventBase {
  readonly type: 'step.cached';
  readonly stepId: string;
  /** Legacy: the cached image's 12-hex id. */
  readonly imageId?: string;
  readonly layer?: StepLayerInfo;
  readonly reason?: StepReason;
}

export interface StepFailedEvent extends EventBase {
  readonly type: 'step.failed';
  readonly stepId: string;
  readonly durationMs: number;
  /** BuildKit's vertex error (`#5 ERROR: <message>`); legacy repeats the build's message. */
  readonly message: string;
  readonly exitCode?: number;
  readonly reason?: StepReason;
}

// ---- diagnostics -----------------------------------------------------------------------------

export interface WarningEvent extends EventBase {
  readonly type: 'warning';
  readonly code: string;
  /** The engine's text (`[Warning] One or more build-args [X] were not consumed`) or the simulator's. */
  readonly message: string;
  readonly line?: number;
  readonly range?: SourceRange;
  readonly stepId?: string;
}

/** Everything a build reports, for either builder. */
export type BuildEvent =
  | BuildStartedEvent
  | BuildPlannedEvent
  | StageStartedEvent
  | StageSkippedEvent
  | StepStartedEvent
  | StepContainerEvent
  | StepProgressEvent
  | StepLogEvent
  | StepFinishedEvent
  | StepCachedEvent
  | StepFailedEvent
  | StageFinishedEvent
  | WarningEvent
  | BuildSucceededEvent
  | BuildFailedEvent
  | BuildCanceledEvent;

export type BuildEventType = BuildEvent['type'];

/** Every event type, in a stable order (for validators and exhaustive tests). */
export const BUILD_EVENT_TYPES: readonly BuildEventType[] = [
  'build.started',
  'build.planned',
  'stage.started',
  'stage.skipped',
  'step.started',
  'step.container',
  'step.progress',
  'step.log',
  'step.finished',
  'step.cached',
  'step.failed',
  'stage.finished',
  'warning',
  'build.succeeded',
  'build.failed',
  'build.canceled',
];

/** Tells whether an event ends the build (no event follows it). */
export function isTerminalEvent(event: BuildEvent): event is BuildSucceededEvent | BuildFailedEvent | BuildCanceledEvent {
  return event.type === 'build.succeeded' || event.type === 'build.failed' || event.type === 'build.canceled';
}

/** Tells whether an event closes a step (finished, cached or failed). */
export function isStepEndEvent(event: BuildEvent): event is StepFinishedEvent | StepCachedEvent | StepFailedEvent {
  return event.type === 'step.finished' || event.type === 'step.cached' || event.type === 'step.failed';
}

/**
 * Checks that an unknown value (a parsed NDJSON line) looks like a `BuildEvent`: an object with a
 * known `type`, a known `builder` and a non-negative `timeMs`. Field-level validation of the wire
 * format belongs to src/protocol (zod); this is the cheap guard the machine uses.
 */
export function isBuildEvent(value: unknown): value is BuildEvent {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as { readonly type?: unknown; readonly builder?: unknown; readonly timeMs?: unknown };
  return (
    typeof record.type === 'string' &&
    (BUILD_EVENT_TYPES as readonly string[]).includes(record.type) &&
    (record.builder === 'legacy' || record.builder === 'buildkit') &&
    typeof record.timeMs === 'number' &&
    Number.isFinite(record.timeMs) &&
    record.timeMs >= 0
  );
}
