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
import type { BuildErrorKind, BuilderKind, BuildResult, StageBase, StageSelection, StepReason, StepResult } from './types.ts';
import { digestFromKey, sha256Hex, shortIdFromKey, toShortId } from './render/ids.ts';
import { parseNormalizedNamed, referenceString } from '../image-ref/reference.ts';

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
  /** An ONBUILD trigger of the parent image, run right after this stage's FROM. */
  readonly onbuild?: boolean;
  /** Legacy FROM: how many ONBUILD triggers run next (`# Executing 2 build triggers`). */
  readonly triggers?: number;
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
  readonly outcome: 'succeeded' | 'failed' | 'canceled';
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
  /**
   * Legacy with `--force-rm`: the failed step's container is removed too, and the log says so
   * before the error (`Removing intermediate container <id>`). Plain `docker build` keeps it.
   */
  readonly removedContainerId?: string;
  readonly reason?: StepReason;
}

/** BuildKit: a vertex stopped because another one failed (`#5 CANCELED`). */
export interface StepCanceledEvent extends EventBase {
  readonly type: 'step.canceled';
  readonly stepId: string;
  readonly durationMs: number;
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
  | StepCanceledEvent
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
  'step.canceled',
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

/** Tells whether an event closes a step (finished, cached, failed or canceled). */
export function isStepEndEvent(event: BuildEvent): event is StepFinishedEvent | StepCachedEvent | StepFailedEvent | StepCanceledEvent {
  return event.type === 'step.finished' || event.type === 'step.cached' || event.type === 'step.failed' || event.type === 'step.canceled';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStepInfo(value: unknown): boolean {
  return isRecord(value) && typeof value['stepId'] === 'string' && typeof value['name'] === 'string' && typeof value['kind'] === 'string';
}

/**
 * Checks that an unknown value (a parsed NDJSON line) looks like a `BuildEvent`: a known `type`
 * and `builder`, a non-negative `timeMs`, and the fields each consumer relies on (the step for
 * `step.started`, a `stepId` for other step events, the error for `build.failed`, …). Full
 * validation of the wire format belongs to src/protocol (zod); this is the guard the machine uses.
 */
export function isBuildEvent(value: unknown): value is BuildEvent {
  if (!isRecord(value)) return false;
  const type = value['type'];
  const timeMs = value['timeMs'];
  if (typeof type !== 'string' || !(BUILD_EVENT_TYPES as readonly string[]).includes(type)) return false;
  if (value['builder'] !== 'legacy' && value['builder'] !== 'buildkit') return false;
  if (typeof timeMs !== 'number' || !Number.isFinite(timeMs) || timeMs < 0) return false;
  switch (type as BuildEventType) {
    case 'build.started':
      return Array.isArray(value['tags']) && typeof value['contextBytes'] === 'number' && isRecord(value['buildArgs']);
    case 'build.planned':
      return Array.isArray(value['stages']) && value['stages'].every((stage) => isRecord(stage) && Array.isArray(stage['steps']) && stage['steps'].every(isStepInfo));
    case 'step.started':
      return isStepInfo(value['step']);
    case 'step.container':
      return typeof value['stepId'] === 'string' && typeof value['containerId'] === 'string';
    case 'step.progress':
      return typeof value['stepId'] === 'string' && typeof value['id'] === 'string' && typeof value['durationMs'] === 'number';
    case 'step.log':
      return typeof value['stepId'] === 'string' && typeof value['text'] === 'string' && (value['stream'] === 'stdout' || value['stream'] === 'stderr');
    case 'step.finished':
    case 'step.canceled':
    case 'step.failed':
      return typeof value['stepId'] === 'string' && typeof value['durationMs'] === 'number' && (type !== 'step.failed' || typeof value['message'] === 'string');
    case 'step.cached':
      return typeof value['stepId'] === 'string';
    case 'stage.started':
    case 'stage.skipped':
    case 'stage.finished':
      return typeof value['stage'] === 'number' && typeof value['label'] === 'string';
    case 'warning':
      return typeof value['message'] === 'string' && typeof value['code'] === 'string';
    case 'build.succeeded':
      return typeof value['imageId'] === 'string' && Array.isArray(value['tags']) && value['tags'].every((tag) => typeof tag === 'string');
    case 'build.failed': {
      const error = value['error'];
      return isRecord(error) && typeof error['message'] === 'string' && typeof error['kind'] === 'string';
    }
    case 'build.canceled':
      return true;
  }
}

// ---- NDJSON ----------------------------------------------------------------------------------

/** Serialises events as NDJSON: one JSON object per line, each line ending in `\n`. */
export function buildEventsToNdjson(events: readonly BuildEvent[]): string {
  return events.map((event) => `${JSON.stringify(event)}\n`).join('');
}

/**
 * Parses NDJSON text into events, keeping the lines that are build events and counting the
 * others (blank lines are skipped silently). Never throws: a half-received last line counts as
 * rejected, so a streaming reader should pass only complete lines.
 */
export function parseBuildEventsNdjson(text: string): { readonly events: BuildEvent[]; readonly rejected: number } {
  const events: BuildEvent[] = [];
  let rejected = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      rejected += 1;
      continue;
    }
    if (isBuildEvent(value)) events.push(value);
    else rejected += 1;
  }
  return { events, rejected };
}

// ---- from the simulator's result -------------------------------------------------------------

/** What the simulator's result does not say but the log formats print. */
export interface SimulationEventOptions {
  /** `-t` names; none by default (then the legacy log ends at `Successfully built`). */
  readonly tags?: readonly string[];
  /** BuildKit `transferring dockerfile: <n>B`: the Dockerfile's size, or 32 when the daemon already had it. */
  readonly dockerfileTransferBytes?: number;
  /** BuildKit `[internal] load build context` bytes; defaults to the result's `contextBytes`. */
  readonly contextTransferBytes?: number;
  /**
   * Legacy `Sending build context to Docker daemon` bytes: the context tar's size (see
   * `legacyContextTarBytes`); defaults to the result's `contextBytes`.
   */
  readonly contextTarBytes?: number;
}

interface TimedEvent {
  readonly event: BuildEvent;
  readonly seq: number;
  readonly priority: number;
}

// At equal times a stage starts before its first step and finishes after its last one, and the
// siblings of a failed vertex are canceled after its error (5 of 6 runs of
// tests/core/build/render/recorded/sibling-cancel.Dockerfile printed `#7 ERROR` first).
function eventPriority(event: BuildEvent): number {
  if (event.type === 'stage.started') return 0;
  if (event.type === 'step.canceled') return 2;
  if (event.type === 'stage.finished') return 3;
  return 1;
}

// Prefixes the BuildKit client adds around a vertex error in its final message (Engine 20.10).
const BUILDKIT_FINAL_PREFIXES = [
  'failed to solve with frontend dockerfile.v0: ',
  'failed to solve: ',
  'failed to create LLB definition: ',
  'failed to compute cache key: ',
];

/** Strips the client's wrapping from a BuildKit final message, leaving what `#N ERROR:` prints. */
export function buildkitVertexMessage(finalMessage: string): string {
  let message = finalMessage;
  let changed = true;
  while (changed) {
    changed = false;
    for (const prefix of BUILDKIT_FINAL_PREFIXES) {
      if (message.startsWith(prefix)) {
        message = message.slice(prefix.length);
        changed = true;
      }
    }
  }
  return message;
}

function stageLabelOf(result: BuildResult, stage: number): string {
  return result.plan.stages[stage]?.label ?? '';
}

function stageNameOf(result: BuildResult, stage: number): string | null {
  return result.plan.stages[stage]?.name ?? null;
}

function baseText(base: StageBase, result: BuildResult): string {
  if (base.kind === 'scratch') return 'scratch';
  if (base.kind === 'image') return base.ref;
  const parent = result.plan.stages[base.index];
  return parent?.name ?? String(base.index);
}

function padNumber(k: number, n: number): string {
  return String(k).padStart(String(n).length, ' ');
}

/** Formats a BuildKit step name when the producer left `display` empty. */
function buildkitName(label: string, step: StepResult): string {
  if (step.number <= 0) return step.text;
  const position = `${padNumber(step.number, step.total)}/${step.total}`;
  return label === '' ? `[${position}] ${step.text}` : `[${label} ${position}] ${step.text}`;
}

/** One write a RUN made, as the shell model records it: which stream, and the text written. */
export interface OutputChunk {
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}

function isOutputChunk(value: unknown): value is OutputChunk {
  return (
    typeof value === 'object' &&
    value !== null &&
    ((value as OutputChunk).stream === 'stdout' || (value as OutputChunk).stream === 'stderr') &&
    typeof (value as OutputChunk).text === 'string'
  );
}

/**
 * The output lines of a step, with their stream. A result may carry `outputChunks` (the RUN's
 * writes in order, as the shell model logs them); then each write gets its own millisecond, so
 * the legacy renderer colours each stderr write as the daemon does (`ESC[91m…ESC[0m` per write;
 * legacy only: BuildKit's stream is time-sorted and its plain log has no colours). Without it
 * every line is stdout, written at once.
 */
function outputLines(
  step: StepResult,
  timeMs: number,
  separateWrites = false,
): { readonly timeMs: number; readonly stream: 'stdout' | 'stderr'; readonly text: string }[] {
  const chunks = (step as StepResult & { readonly outputChunks?: unknown }).outputChunks;
  if (!Array.isArray(chunks) || !chunks.every(isOutputChunk)) {
    return step.output.map((text) => ({ timeMs, stream: 'stdout' as const, text }));
  }
  return chunks.flatMap((chunk, index) => {
    const lines = chunk.text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    return lines.map((text) => ({ timeMs: separateWrites ? timeMs + index : timeMs, stream: chunk.stream, text }));
  });
}

/** Tells whether an engine error message is about an image (by its repository path). */
function errorNamesImage(message: string, normalizedRef: string): boolean {
  const withoutDomain = normalizedRef.replace(/^docker\.io\//, '');
  const repository = withoutDomain.replace(/[:@].*$/, '');
  const short = repository.replace(/^library\//, '');
  return message.includes(`/v2/${repository}/`) || message.includes(`for ${short}`) || message.includes(`${short}:`) && message.includes('not found');
}

function isContextCopy(step: StepResult): boolean {
  return (step.instruction === 'COPY' || step.instruction === 'ADD') && !/\s--from[= ]/.test(` ${step.text}`);
}

/**
 * Turns the simulator's result into the ordered event stream a real engine would have produced:
 * BuildKit vertices interleaved by simulated time (independent stages overlap), legacy steps
 * strictly in order. Ids and digests come from stable hashes of each step's cache key, so a rerun
 * that hits the cache shows the same ids. Never throws: a malformed result gives a shorter stream.
 */
export function simulationToEvents(result: BuildResult, options: SimulationEventOptions = {}): BuildEvent[] {
  try {
    return result.builder === 'legacy' ? legacyEvents(result, options) : buildkitEvents(result, options);
  } catch {
    return [];
  }
}

function failingStepId(result: BuildResult): string | undefined {
  if (result.outcome !== 'error') return undefined;
  if (result.error?.stepId !== undefined) return result.error.stepId;
  return result.steps.find((step) => step.status === 'failed')?.id;
}

function errorOf(result: BuildResult, stepId: string | undefined): BuildEventError {
  const error = result.error;
  const base: BuildEventError = {
    kind: error?.kind ?? 'other',
    message: error?.message ?? 'build failed',
  };
  return {
    ...base,
    ...(error?.explanation !== undefined ? { explanation: error.explanation } : {}),
    ...(error?.range !== undefined ? { range: error.range } : {}),
    ...(error?.line !== undefined ? { line: error.line } : {}),
    ...(error?.stage !== undefined ? { stage: error.stage } : {}),
    ...(stepId !== undefined ? { stepId } : {}),
  };
}

function plannedStages(result: BuildResult, infos: ReadonlyMap<string, StepInfo>): PlannedStage[] {
  return result.plan.stages.map((stage) => ({
    index: stage.index,
    name: stage.name ?? null,
    label: stage.label,
    base: baseText(stage.base, result),
    dependsOn: stage.dependsOn,
    runs: stage.runs,
    selection: stage.selection,
    reason: stage.reason,
    steps: [...infos.values()].filter((info) => info.stage === stage.index),
  }));
}

/** `build.planned`, then a `stage.skipped` for each stage the builder passes over (both builders, time 0). */
function planEvents(result: BuildResult, infos: ReadonlyMap<string, StepInfo>, builder: BuilderKind): BuildEvent[] {
  const events: BuildEvent[] = [
    {
      type: 'build.planned',
      builder,
      timeMs: 0,
      stages: plannedStages(result, infos),
      order: result.plan.order,
      targetIndex: result.plan.targetIndex,
      totalSteps: infos.size,
    },
  ];
  for (const stage of result.plan.stages) {
    if (!stage.runs && stage.selection !== 'not-reached') {
      events.push({
        type: 'stage.skipped',
        builder,
        timeMs: 0,
        stage: stage.index,
        name: stage.name ?? null,
        label: stage.label,
        selection: stage.selection,
        reason: stage.reason,
      });
    }
  }
  return events;
}

function layerInfo(step: StepResult): StepLayerInfo | undefined {
  if (step.layer === undefined) return undefined;
  return { digest: step.layer.digest, bytes: step.layer.bytes, files: step.layer.files, empty: step.layer.empty };
}

function withOptional<T extends object, K extends string, V>(base: T, key: K, value: V | undefined): T {
  return value === undefined ? base : ({ ...base, [key]: value } as T);
}

// Without the Dockerfile's size, the end of the last instruction the result mentions is the best
// estimate (BuildKit results omit trailing metadata instructions, so it can fall short).
function dockerfileBytes(result: BuildResult, options: SimulationEventOptions): number {
  if (options.dockerfileTransferBytes !== undefined) return options.dockerfileTransferBytes;
  const ranges = [...result.plan.stages.map((stage) => stage.range), ...result.steps.map((step) => step.range)];
  const end = ranges.reduce((max, range) => Math.max(max, range[1]), 0);
  return end > 0 ? end + 1 : 0;
}

function startEvent(result: BuildResult, options: SimulationEventOptions, builder: BuilderKind): BuildStartedEvent {
  return {
    type: 'build.started',
    builder,
    timeMs: 0,
    target: result.request.target ?? null,
    tags: options.tags ?? [],
    buildArgs: result.request.buildArgs ?? {},
    noCache: result.request.noCache ?? false,
    contextBytes: builder === 'legacy' ? (options.contextTarBytes ?? result.contextBytes) : result.contextBytes,
    dockerfileTransferBytes: dockerfileBytes(result, options),
  };
}

// BuildKit 20.10's client wraps errors from the Dockerfile frontend (parse, stage graph, target)
// in this prefix (scenario p06-unknown-target).
const FRONTEND_PREFIX = 'failed to solve with frontend dockerfile.v0: failed to create LLB definition: ';

function engineMessage(result: BuildResult, builder: BuilderKind): string {
  const message = result.error?.message ?? 'build failed';
  const beforeSolve = FRONTEND_ERROR_KINDS.has(result.error?.kind ?? '') || (failingStepId(result) === undefined && result.steps.length === 0);
  if (builder !== 'buildkit' || !beforeSolve || message.startsWith('failed to solve')) return message;
  return `${FRONTEND_PREFIX}${message}`;
}

function terminalEvent(
  result: BuildResult,
  options: SimulationEventOptions,
  builder: BuilderKind,
  timeMs: number,
  failedStepId: string | undefined,
  imageId: string,
): BuildEvent {
  if (result.outcome === 'success' && result.image !== undefined) {
    return {
      type: 'build.succeeded',
      builder,
      timeMs,
      imageId,
      tags: options.tags ?? [],
      sizeBytes: result.image.sizeBytes,
      layers: result.image.layers.length,
      durationMs: timeMs,
    };
  }
  return {
    type: 'build.failed',
    builder,
    timeMs,
    error: { ...errorOf(result, failedStepId), message: engineMessage(result, builder) },
    durationMs: timeMs,
  };
}

function fullImageId(id: string | undefined, fallbackKey: string): string {
  const hex = (id ?? '').replace(/^sha256:/, '');
  if (/^[0-9a-f]{64}$/.test(hex)) return `sha256:${hex}`;
  return digestFromKey(`image|${hex}|${fallbackKey}`);
}

// Legacy: one step after another, each printed in full before the next starts.
function legacyEvents(result: BuildResult, options: SimulationEventOptions): BuildEvent[] {
  const builder: BuilderKind = 'legacy';
  const failedId = failingStepId(result);
  const events: BuildEvent[] = [startEvent(result, options, builder)];
  const infos = new Map<string, StepInfo>();
  const keyByStage = new Map<number, string>();
  const imageByStage = new Map<number, string>();
  const keys = new Map<string, string>();

  result.steps.forEach((step, index) => {
    const base = result.plan.stages[step.stage]?.base;
    let triggers = 0;
    if (step.instruction === 'FROM') {
      for (let next = index + 1; result.steps[next]?.onbuild === true && result.steps[next]?.stage === step.stage; next++) triggers++;
    }
    let key: string;
    if (step.metaArg === true) key = `meta|${step.text}`;
    else if (step.instruction === 'FROM') {
      key =
        base === undefined || base.kind === 'image'
          ? `image|${base?.normalized ?? step.text}`
          : base.kind === 'scratch'
            ? 'scratch'
            : (keyByStage.get(base.index) ?? `stage|${base.index}`);
    } else key = `${keyByStage.get(step.stage) ?? `stage|${step.stage}`}|${step.text}|${step.layer?.digest ?? ''}`;
    if (step.metaArg !== true) keyByStage.set(step.stage, key);
    keys.set(step.id, key);
    infos.set(step.id, {
      stepId: step.id,
      kind: 'instruction',
      stage: step.metaArg === true ? null : step.stage,
      stageLabel: stageNameOf(result, step.stage) ?? '',
      instruction: step.instruction,
      line: step.line,
      range: step.range,
      text: step.text,
      name: step.display !== '' ? step.display : `Step ${step.number}/${step.total} : ${step.text}`,
      number: step.number,
      total: step.total,
      ...(step.metaArg === true ? { metaArg: true } : {}),
      ...(step.onbuild === true ? { onbuild: true } : {}),
      ...(step.instruction === 'FROM' && triggers > 0 ? { triggers } : {}),
    });
  });

  events.push(...planEvents(result, infos, builder));

  // The daemon prints the parser's warnings before the first step (`[WARNING]: Empty
  // continuation line found in: …`), and the unused build-args warning after the last.
  for (const warning of result.warnings.filter((w) => isParserWarning(w.message))) {
    events.push(withOptional({ type: 'warning', builder, timeMs: 0, code: warning.code, message: warning.message }, 'range', warning.range));
  }

  let clock = 0;
  let currentStage: number | null = null;
  let lastImageId = '';
  let stopped = false;
  const closeStage = (outcome: 'succeeded' | 'failed'): void => {
    if (currentStage === null) return;
    events.push({
      type: 'stage.finished',
      builder,
      timeMs: clock,
      stage: currentStage,
      name: stageNameOf(result, currentStage),
      label: stageLabelOf(result, currentStage),
      outcome,
    });
    currentStage = null;
  };

  for (const step of result.steps) {
    if (stopped) break;
    const info = infos.get(step.id);
    if (info === undefined) continue;
    const key = keys.get(step.id) ?? step.id;
    clock = Math.max(clock, step.startMs);
    if (step.metaArg !== true && step.instruction === 'FROM') {
      closeStage('succeeded');
      currentStage = step.stage;
      events.push({
        type: 'stage.started',
        builder,
        timeMs: clock,
        stage: step.stage,
        name: stageNameOf(result, step.stage),
        label: stageLabelOf(result, step.stage),
      });
    }
    events.push({ type: 'step.started', builder, timeMs: clock, step: info });
    const endMs = clock + Math.max(0, step.durationMs);
    const failed = step.id === failedId;
    const layer = layerInfo(step);

    if (step.metaArg === true) {
      events.push({ type: 'step.finished', builder, timeMs: endMs, stepId: step.id, durationMs: endMs - clock });
      clock = endMs;
      continue;
    }
    if (step.instruction === 'FROM') {
      const base = result.plan.stages[step.stage]?.base;
      const imageId =
        base?.kind === 'scratch'
          ? ''
          : base?.kind === 'stage'
            ? (imageByStage.get(base.index) ?? shortIdFromKey(`legacy|${key}`))
            : step.imageId !== ''
              ? toShortId(step.imageId)
              : shortIdFromKey(`legacy|${key}`);
      imageByStage.set(step.stage, imageId);
      lastImageId = imageId;
      events.push(
        failed
          ? { type: 'step.failed', builder, timeMs: endMs, stepId: step.id, durationMs: endMs - clock, message: result.error?.message ?? '' }
          : { type: 'step.finished', builder, timeMs: endMs, stepId: step.id, durationMs: endMs - clock, imageId },
      );
      clock = endMs;
      if (failed) stopped = true;
      continue;
    }

    const imageId = step.imageId !== '' ? toShortId(step.imageId) : shortIdFromKey(`legacy|${key}`);
    if (step.status === 'cached' && !failed) {
      events.push(withOptional({ type: 'step.cached', builder, timeMs: clock, stepId: step.id, imageId, reason: step.reason }, 'layer', layer));
      imageByStage.set(step.stage, imageId);
      lastImageId = imageId;
      continue;
    }
    // Legacy runs RUN, WORKDIR and every metadata instruction in a container; COPY/ADD do not
    // (moby daemon/builder/dockerfile/internals.go). A step that fails before its container is
    // created (`--mount requires BuildKit`, COPY sources) prints no `Running in`.
    const usesContainer = step.instruction !== 'COPY' && step.instruction !== 'ADD';
    const containerId =
      step.containerId ?? (usesContainer && (!failed || result.error?.kind === 'run-failed') ? shortIdFromKey(`container|${key}`) : undefined);
    if (containerId !== undefined && (!failed || result.error?.kind === 'run-failed')) {
      events.push({ type: 'step.container', builder, timeMs: clock, stepId: step.id, containerId });
    }
    const logTime = clock + Math.round(Math.max(0, step.durationMs) * 0.75);
    for (const log of outputLines(step, logTime, true)) events.push({ type: 'step.log', builder, stepId: step.id, ...log });
    if (failed) {
      const exitCode = /returned a non-zero code: (\d+)/.exec(result.error?.message ?? '')?.[1];
      events.push({
        type: 'step.failed',
        builder,
        timeMs: endMs,
        stepId: step.id,
        durationMs: endMs - clock,
        message: result.error?.message ?? '',
        reason: step.reason,
        ...(exitCode !== undefined ? { exitCode: Number(exitCode) } : {}),
      });
      clock = endMs;
      stopped = true;
      continue;
    }
    let finished: StepFinishedEvent = {
      type: 'step.finished',
      builder,
      timeMs: endMs,
      stepId: step.id,
      durationMs: endMs - clock,
      imageId,
      reason: step.reason,
    };
    if (containerId !== undefined) finished = { ...finished, removedContainerId: containerId };
    events.push(withOptional(finished, 'layer', layer));
    imageByStage.set(step.stage, imageId);
    lastImageId = imageId;
    clock = endMs;
  }

  clock = Math.max(clock, result.durationMs);
  closeStage(result.outcome === 'success' ? 'succeeded' : 'failed');
  for (const warning of result.warnings.filter((w) => !isParserWarning(w.message))) {
    events.push(
      withOptional({ type: 'warning', builder, timeMs: clock, code: warning.code, message: warning.message }, 'range', warning.range),
    );
  }
  if (result.outcome === 'error') skipUnreached(result, builder, clock, events);
  // `Successfully built` prints the last step's image id: the full id must start with it.
  const fromResult = (result.image?.id ?? '').replace(/^sha256:/, '');
  const imageId = /^[0-9a-f]{64}$/.test(fromResult)
    ? `sha256:${fromResult}`
    : `sha256:${lastImageId}${sha256Hex(`legacy-image|${lastImageId}`).slice(lastImageId.length)}`;
  events.push(terminalEvent(result, options, builder, clock, failedId, imageId));
  return events;
}

function isParserWarning(message: string): boolean {
  return message.startsWith('[WARNING]:');
}

function skipUnreached(result: BuildResult, builder: BuilderKind, timeMs: number, events: BuildEvent[]): void {
  for (const stage of result.plan.stages) {
    if (stage.selection !== 'not-reached') continue;
    events.push({
      type: 'stage.skipped',
      builder,
      timeMs,
      stage: stage.index,
      name: stage.name ?? null,
      label: stage.label,
      selection: stage.selection,
      reason: stage.reason,
    });
  }
}

// Errors BuildKit's frontend reports before it solves anything: only the two `[internal] load`
// vertices have run (scenario p06-unknown-target).
const FRONTEND_ERROR_KINDS: ReadonlySet<string> = new Set(['parse', 'unknown-target', 'duplicate-stage-name', 'circular-dependency']);

// BuildKit: vertices of independent stages overlap in time; the stream is ordered by time.
function buildkitEvents(result: BuildResult, options: SimulationEventOptions): BuildEvent[] {
  const builder: BuilderKind = 'buildkit';
  const failedId = failingStepId(result);
  const timed: TimedEvent[] = [];
  let seq = 0;
  const push = (event: BuildEvent, priority = eventPriority(event)): void => {
    timed.push({ event, seq: seq++, priority });
  };
  const infos = new Map<string, StepInfo>();
  const internal = (stepId: string, kind: StepKind, name: string, key: string): StepInfo => ({
    stepId,
    kind,
    stage: null,
    stageLabel: '',
    instruction: null,
    line: null,
    range: null,
    text: name,
    name,
    number: 0,
    total: 0,
    digest: digestFromKey(key),
  });

  // A base image that cannot be resolved fails its metadata vertex (scenario s44): the error
  // names the image's repository (`…/v2/local/missing/manifests/1`, `pull access denied for x`).
  const unresolvedImage =
    result.outcome === 'error' && failedId === undefined && !FRONTEND_ERROR_KINDS.has(result.error?.kind ?? '')
      ? result.plan.images.find((ref) => errorNamesImage(result.error?.message ?? '', ref))
      : undefined;
  const frontendError =
    result.outcome === 'error' &&
    failedId === undefined &&
    unresolvedImage === undefined &&
    (FRONTEND_ERROR_KINDS.has(result.error?.kind ?? '') || result.steps.length === 0);

  // Vertices: the two `[internal] load` ones, then one metadata load per image, then the steps.
  const dockerfileInfo = internal(
    'internal:dockerfile',
    'internal',
    '[internal] load build definition from Dockerfile',
    `dockerfile|${dockerfileBytes(result, options)}|${result.steps.map((s) => s.text).join('\n')}`,
  );
  const dockerignoreInfo = internal('internal:dockerignore', 'internal', '[internal] load .dockerignore', 'dockerignore');
  const metadataInfos = frontendError
    ? []
    : // The real digests of these two vertices are plain hashes, reproduced exactly: the image
      // resolver's id is the ref followed by the platform, the exporter's its name
      // (`sha256:082798ad…` and `sha256:e8c613e0…` in every Engine 20.10 recording here).
      result.plan.images.map((ref) => internal(`internal:metadata:${ref}`, 'internal', `[internal] load metadata for ${ref}`, `${ref}linux/amd64`));

  // Instruction vertices. FROM scratch and FROM <stage> have none; identical FROM images in two
  // stages are one vertex (the solver merges equal digests), named after the first stage.
  const keyByStage = new Map<number, string>();
  const fromVertexByRef = new Map<string, string>();
  const stepVertices: { step: StepResult; info: StepInfo; key: string }[] = [];
  for (const step of frontendError ? [] : result.steps) {
    const stagePlan = result.plan.stages[step.stage];
    const base = stagePlan?.base;
    if (step.instruction === 'FROM') {
      if (base === undefined || base.kind !== 'image') {
        keyByStage.set(step.stage, base?.kind === 'stage' ? (keyByStage.get(base.index) ?? `stage|${base.index}`) : 'scratch');
        continue;
      }
      const key = `image|${base.normalized}`;
      keyByStage.set(step.stage, key);
      if (fromVertexByRef.has(base.normalized)) continue;
      fromVertexByRef.set(base.normalized, step.id);
    } else if (step.metaArg === true || (step.instruction === 'WORKDIR' && step.text === 'WORKDIR /')) {
      // `WORKDIR /` is counted in the stage's n but makes no vertex (dockerfile2llb dispatchWorkdir).
      continue;
    } else {
      const parent = keyByStage.get(step.stage) ?? (base?.kind === 'stage' ? keyByStage.get(base.index) : undefined) ?? `stage|${step.stage}`;
      keyByStage.set(step.stage, `${parent}|${step.text}|${isContextCopy(step) || step.instruction !== 'RUN' ? (step.layer?.digest ?? '') : ''}`);
    }
    const key = keyByStage.get(step.stage) ?? step.id;
    const label = stagePlan?.label ?? '';
    const info: StepInfo = {
      stepId: step.id,
      kind: 'instruction',
      stage: step.stage,
      stageLabel: label,
      instruction: step.instruction,
      line: step.line,
      range: step.range,
      text: step.text,
      name: step.display !== '' ? step.display : buildkitName(label, step),
      number: step.number,
      total: step.total,
      digest: digestFromKey(`vertex|${key}`),
      ...(step.mergedLines !== undefined ? { mergedLines: step.mergedLines } : {}),
    };
    stepVertices.push({ step, info, key });
  }
  // A stage's FROM is resolved before anything that starts at the same moment (a merged FROM may
  // be listed under a later stage than the steps that need it).
  stepVertices.sort(
    (a, b) =>
      Math.max(0, a.step.startMs) - Math.max(0, b.step.startMs) ||
      (a.step.instruction === 'FROM' ? 0 : 1) - (b.step.instruction === 'FROM' ? 0 : 1),
  );
  const needsContext = stepVertices.some(({ step }) => isContextCopy(step));
  const contextInfo = internal(
    'internal:context',
    'internal',
    '[internal] load build context',
    `context|${stepVertices.filter(({ step }) => isContextCopy(step)).map(({ step }) => step.layer?.digest ?? step.text).join('|')}`,
  );
  const exportInfo = internal('export', 'export', 'exporting to image', 'exporting to image');

  const ordered: StepInfo[] = [dockerfileInfo, dockerignoreInfo, ...metadataInfos];
  let contextPlaced = false;
  for (const { info, step } of stepVertices) {
    ordered.push(info);
    if (needsContext && !contextPlaced && step.instruction === 'FROM') {
      ordered.push(contextInfo);
      contextPlaced = true;
    }
  }
  if (needsContext && !contextPlaced) ordered.splice(2 + metadataInfos.length, 0, contextInfo);
  const succeeded = result.outcome === 'success' && result.image !== undefined;
  if (succeeded) ordered.push(exportInfo);
  for (const info of ordered) infos.set(info.stepId, info);

  push(startEvent(result, options, builder));
  for (const event of planEvents(result, infos, builder)) push(event);

  // Internal vertices take no simulated time; they sit at the start of the build.
  const internalVertex = (info: StepInfo, timeMs: number, status?: { id: string; bytes: number }): void => {
    push({ type: 'step.started', builder, timeMs, step: info });
    if (status !== undefined) {
      push({ type: 'step.progress', builder, timeMs, stepId: info.stepId, id: status.id, current: status.bytes, durationMs: 0, done: true });
    }
    push({ type: 'step.finished', builder, timeMs, stepId: info.stepId, durationMs: 0 });
  };
  internalVertex(dockerfileInfo, 0, { id: 'transferring dockerfile:', bytes: dockerfileBytes(result, options) });
  internalVertex(dockerignoreInfo, 0, { id: 'transferring context:', bytes: 2 });
  // The image that fails to resolve is reported last, after the ones that resolved.
  for (const info of metadataInfos) {
    if (info.stepId !== `internal:metadata:${unresolvedImage}`) internalVertex(info, 0);
  }
  const unresolvedInfo = metadataInfos.find((info) => info.stepId === `internal:metadata:${unresolvedImage}`);
  if (unresolvedInfo !== undefined) {
    push({ type: 'step.started', builder, timeMs: 0, step: unresolvedInfo });
    push({
      type: 'step.failed',
      builder,
      timeMs: 0,
      stepId: unresolvedInfo.stepId,
      durationMs: 0,
      message: buildkitVertexMessage(result.error?.message ?? ''),
    });
  }

  let endOfBuild = 0;
  const stageWindows = new Map<number, { start: number; end: number }>();
  const firstFrom = stepVertices.find(({ step }) => step.instruction === 'FROM')?.step.id;
  const contextStatus = { id: 'transferring context:', bytes: options.contextTransferBytes ?? result.contextBytes };
  // BuildKit loads the context while it resolves the first base image (scenario p01, p08).
  if (needsContext && firstFrom === undefined) internalVertex(contextInfo, 0, contextStatus);
  // When a vertex fails, the solver cancels every vertex still running at that moment.
  const failedVertex = stepVertices.find(({ step }) => step.id === failedId)?.step;
  const failedAt = failedVertex === undefined ? Number.POSITIVE_INFINITY : Math.max(0, failedVertex.startMs) + Math.max(0, failedVertex.durationMs);
  const canceledStages = new Set<number>();
  for (const { step, info } of stepVertices) {
    const start = Math.max(0, step.startMs);
    if (start > failedAt) continue;
    const fullEnd = start + Math.max(0, step.durationMs);
    const canceled = step.id !== failedId && step.status !== 'cached' && fullEnd > failedAt;
    const end = canceled ? failedAt : fullEnd;
    if (canceled) canceledStages.add(step.stage);
    const window = stageWindows.get(step.stage);
    stageWindows.set(step.stage, { start: Math.min(window?.start ?? start, start), end: Math.max(window?.end ?? end, end) });
    endOfBuild = Math.max(endOfBuild, end);
    push({ type: 'step.started', builder, timeMs: start, step: info });
    const logTime = start + Math.round((end - start) * 0.75);
    if (step.id === failedId) {
      for (const log of outputLines(step, logTime)) push({ type: 'step.log', builder, stepId: step.id, ...log });
      const exitCode = /exit code: (\d+)/.exec(result.error?.message ?? '')?.[1];
      push({
        type: 'step.failed',
        builder,
        timeMs: end,
        stepId: step.id,
        durationMs: end - start,
        message: buildkitVertexMessage(result.error?.message ?? ''),
        reason: step.reason,
        ...(exitCode !== undefined ? { exitCode: Number(exitCode) } : {}),
      });
    } else if (step.status === 'cached') {
      push(withOptional({ type: 'step.cached', builder, timeMs: start, stepId: step.id, reason: step.reason }, 'layer', layerInfo(step)));
    } else if (canceled) {
      // Output it had printed by then shows up with its cancellation (sibling-cancel recording).
      const partialLogTime = start + Math.round((fullEnd - start) * 0.75);
      if (partialLogTime < failedAt) {
        for (const log of outputLines(step, failedAt)) push({ type: 'step.log', builder, stepId: step.id, ...log, timeMs: failedAt }, 2);
      }
      push({ type: 'step.canceled', builder, timeMs: failedAt, stepId: step.id, durationMs: failedAt - start });
    } else {
      for (const log of outputLines(step, logTime)) push({ type: 'step.log', builder, stepId: step.id, ...log });
      push(withOptional({ type: 'step.finished', builder, timeMs: end, stepId: step.id, durationMs: end - start, reason: step.reason }, 'layer', layerInfo(step)));
    }
    // The context loads while the first base image resolves; 32 of the 38 recorded 20.10 logs
    // that show both print the FROM first, whether it was CACHED or not.
    if (needsContext && step.id === firstFrom) internalVertex(contextInfo, step.status === 'cached' ? start : end, contextStatus);
  }

  for (const [stage, window] of stageWindows) {
    push({ type: 'stage.started', builder, timeMs: window.start, stage, name: stageNameOf(result, stage), label: stageLabelOf(result, stage) });
    const failedHere = result.outcome === 'error' && result.steps.some((step) => step.id === failedId && step.stage === stage);
    push({
      type: 'stage.finished',
      builder,
      timeMs: window.end,
      stage,
      name: stageNameOf(result, stage),
      label: stageLabelOf(result, stage),
      outcome: failedHere ? 'failed' : canceledStages.has(stage) ? 'canceled' : 'succeeded',
    });
  }

  const finalTime = Number.isFinite(failedAt) ? failedAt : endOfBuild;
  let imageId = '';
  if (succeeded) {
    imageId = fullImageId(result.image?.id, `buildkit|${stepVertices.map(({ key }) => key).join('|')}`);
    push({ type: 'step.started', builder, timeMs: finalTime, step: exportInfo });
    push({ type: 'step.progress', builder, timeMs: finalTime, stepId: 'export', id: 'exporting layers', durationMs: 0, done: true });
    push({ type: 'step.progress', builder, timeMs: finalTime, stepId: 'export', id: `writing image ${imageId}`, durationMs: 0, done: true });
    for (const tag of options.tags ?? []) {
      push({ type: 'step.progress', builder, timeMs: finalTime, stepId: 'export', id: `naming to ${qualifiedName(tag)}`, durationMs: 0, done: true });
    }
    push({ type: 'step.finished', builder, timeMs: finalTime, stepId: 'export', durationMs: 0 });
  }
  for (const warning of result.warnings) {
    push(withOptional({ type: 'warning', builder, timeMs: finalTime, code: warning.code, message: warning.message }, 'range', warning.range));
  }
  const sorted = timed
    .filter(({ event }) => event.type !== 'build.started' && event.type !== 'build.planned')
    .sort((a, b) => a.event.timeMs - b.event.timeMs || a.priority - b.priority || a.seq - b.seq)
    .map(({ event }) => event);
  const head = timed.filter(({ event }) => event.type === 'build.started' || event.type === 'build.planned').map(({ event }) => event);
  const tail: BuildEvent[] = [];
  if (result.outcome === 'error') skipUnreached(result, builder, finalTime, tail);
  tail.push(terminalEvent(result, options, builder, finalTime, failedId ?? unresolvedInfo?.stepId, imageId));
  return [...head, ...sorted, ...tail];
}

/**
 * Qualifies a `-t` name the way BuildKit's exporter prints it (`myapp` → `docker.io/library/myapp`,
 * `docker.io/x` → `docker.io/library/x`): moby's builder-next passes each tag through
 * ParseNormalizedNamed and String(), without TagNameOnly (recordings: `naming to
 * docker.io/library/oracle-0` for `-t oracle-0`). An invalid name comes back unchanged.
 */
export function qualifiedName(tag: string): string {
  const parsed = parseNormalizedNamed(tag);
  return parsed.ok ? referenceString(parsed.ref) : tag;
}
