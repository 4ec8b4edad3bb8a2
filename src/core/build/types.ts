// The simulator's result: what one `docker build` did, for one builder, as data.
//
// `simulateBuild` (./simulate.ts) produces a `BuildResult`; the log renderers (./render/) and the
// build machine (./machine.ts) turn it into the real engines' output formats and `BuildEvent`s;
// the scenario replayer (../scenario/) turns it into the `real.json` report shape.
// Everything is plain JSON-compatible data: no classes, no functions, no Maps.

import type { SourceRange } from '../diagnostics.ts';
import type { Bytes } from '../size/bytes.ts';
import type { ContentGuess } from '../fs/entry.ts';

/** Which `docker build` implementation: the classic one (`DOCKER_BUILDKIT=0`) or BuildKit. */
export type BuilderKind = 'legacy' | 'buildkit';

/**
 * How a step ended: executed, served from the cache, or failed (BuildKit prints `ERROR`).
 * A failing step is `failed` for both builders here; the scenario report turns a legacy `failed`
 * into `run`, because the legacy log has no failed marker (see shared/tools/record.mjs).
 */
export type StepStatus = 'run' | 'cached' | 'failed';

/** The error kinds a real engine's failure is classified into (shared/conformance/README.md). */
export type BuildErrorKind =
  | 'parse'
  | 'unknown-target'
  | 'requires-buildkit'
  | 'copy-source-missing'
  | 'copy-dest-not-dir'
  | 'image-not-found'
  | 'duplicate-stage-name'
  | 'circular-dependency'
  | 'run-failed'
  | 'other';

/** What the learner asked for: the `docker build` options the simulator models. */
export interface BuildRequest {
  readonly builder: BuilderKind;
  /** `--target`, as typed (matched case-insensitively). */
  readonly target?: string;
  /** `--build-arg K=V` pairs. */
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** `--no-cache`. */
  readonly noCache?: boolean;
}

/** Where a stage's root filesystem comes from. */
export type StageBase =
  | { readonly kind: 'scratch' }
  /** An image reference, expanded with meta ARGs; `normalized` is e.g. `docker.io/library/alpine:3.19`. */
  | { readonly kind: 'image'; readonly ref: string; readonly normalized: string; readonly known: boolean }
  | { readonly kind: 'stage'; readonly index: number };

/** Why a stage is (not) part of this build. */
export type StageSelection =
  | 'target'
  /** BuildKit: the target depends on it (FROM, COPY --from, RUN --mount from). */
  | 'dependency'
  /** Legacy: every stage up to the target runs, needed or not. */
  | 'before-target'
  /** BuildKit: nothing the target needs comes from it. */
  | 'unreachable'
  /** Both: defined after the target. */
  | 'after-target'
  /** Never reached because the build failed earlier. */
  | 'not-reached';

export interface StagePlan {
  readonly index: number;
  /** Lowercased `AS` name. */
  readonly name?: string;
  /** BuildKit's progress label: the name, `stage-<i>`, or empty for a single-stage build. */
  readonly label: string;
  readonly base: StageBase;
  /** Stage indices this stage reads from (FROM, COPY --from, RUN --mount from), sorted. */
  readonly dependsOn: readonly number[];
  /** Images read by `COPY --from=<image>` / `RUN --mount from=<image>`. */
  readonly imageDependencies: readonly string[];
  /** True when the builder processes this stage. */
  readonly runs: boolean;
  readonly selection: StageSelection;
  /** A learner-facing sentence saying why it runs or is skipped. */
  readonly reason: string;
  /** Simulated time window (ms since build start); BuildKit stages overlap when independent. */
  readonly startMs: number;
  readonly endMs: number;
  readonly range: SourceRange;
}

export interface BuildPlan {
  readonly builder: BuilderKind;
  /** Index of the target stage (the last stage without `--target`); -1 if none was resolved. */
  readonly targetIndex: number;
  readonly stages: readonly StagePlan[];
  /** Stage indices in the order the builder processes them. */
  readonly order: readonly number[];
  /** Normalized refs of the images the build resolves, in first-use order (`[internal] load metadata for ...`). */
  readonly images: readonly string[];
}

/** Why a step missed the cache (or `cached` when it hit), written for a learner. */
export interface StepReason {
  readonly code:
    | 'cached'
    | 'first-build'
    | 'no-cache'
    | 'earlier-step-ran'
    | 'instruction-changed'
    | 'source-changed'
    | 'build-arg-changed'
    | 'env-changed'
    | 'base-changed'
    | 'metadata-changed'
    | 'not-cacheable'
    | 'failed';
  /** e.g. "COPY source src/Main.java changed", "an earlier step in this stage ran". */
  readonly message: string;
}

/** A layer the step added to its stage's image. */
export interface SimulatedLayer {
  /** sha256-like digest of the layer content (deterministic, simulated). */
  readonly digest: string;
  /** Sum of the regular files' bytes (and symlink target lengths) in the diff. */
  readonly bytes: Bytes;
  /** Number of entries (files, dirs, symlinks, whiteouts) in the diff. */
  readonly files: number;
  /** True for a step that only changed the config (legacy ENV, LABEL, ...) or an empty diff. */
  readonly empty: boolean;
}

/** One step as the builder reports it. FROM lines are steps too (status of the base pull). */
export interface StepResult {
  /** Stable id within the build, e.g. `s1-l10`. */
  readonly id: string;
  readonly stage: number;
  /** Uppercased keyword, e.g. `COPY`; `FROM` for the stage's base. */
  readonly instruction: string;
  /** 1-based first line of the instruction. */
  readonly line: number;
  readonly endLine: number;
  readonly range: SourceRange;
  /** Instruction text as the engine prints it (BuildKit: variables expanded, keyword uppercased). */
  readonly text: string;
  /** `[builder 3/6] COPY pom.xml .` (BuildKit) or `Step 3/10 : COPY pom.xml .` (legacy). */
  readonly display: string;
  /** BuildKit `k/n` or legacy `Step k/M`; 0 when unnumbered (legacy ONBUILD triggers, BK metadata). */
  readonly number: number;
  readonly total: number;
  readonly status: StepStatus;
  readonly reason: StepReason;
  /** The layer this step committed (absent for FROM, metadata steps in BuildKit, failed steps). */
  readonly layer?: SimulatedLayer;
  /** Simulated time window in ms since build start. */
  readonly startMs: number;
  readonly durationMs: number;
  /** Output lines the RUN printed (stdout and stderr interleaved as the engine shows them). */
  readonly output: readonly string[];
  /** True when the result depends on a guess (an unknown tool in RUN, a size estimate). */
  readonly estimated: boolean;
  /** Legacy: the 12-hex id printed after ` ---> ` (image id after the step). Empty for FROM scratch. */
  readonly imageId: string;
  /** Legacy: ` ---> Running in <id>` for steps that create a container (RUN, WORKDIR, metadata). */
  readonly containerId?: string;
  /** BuildKit: lines of other stages whose identical step was merged into this one. */
  readonly mergedLines?: readonly number[];
  /** ONBUILD trigger run after this stage's FROM. */
  readonly onbuild?: boolean;
  /** Legacy: a meta ARG step printed before the first FROM (`Step 1/M : ARG X`, no ` ---> `). */
  readonly metaArg?: boolean;
}

export interface BuildError {
  readonly kind: BuildErrorKind;
  /** The engine's own message, as close as the simulator can get it. */
  readonly message: string;
  /** A learner-facing explanation of what went wrong and what to do. */
  readonly explanation: string;
  readonly range?: SourceRange;
  readonly line?: number;
  readonly stage?: number;
  /** The id of the failing step, when a step failed. */
  readonly stepId?: string;
}

export interface BuildWarning {
  readonly code: string;
  readonly message: string;
  readonly range?: SourceRange;
}

export interface HealthcheckConfig {
  readonly test: readonly string[];
  readonly intervalMs?: number;
  readonly timeoutMs?: number;
  readonly startPeriodMs?: number;
  readonly retries?: number;
}

/** The image config fields the simulator tracks (`docker image inspect .Config`). */
export interface ImageConfig {
  /** `K=V` in order. */
  readonly env: readonly string[];
  readonly cmd?: readonly string[];
  readonly entrypoint?: readonly string[];
  readonly workdir: string;
  readonly user: string;
  /** `80/tcp`, sorted. */
  readonly exposedPorts: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly volumes: readonly string[];
  readonly shell?: readonly string[];
  readonly stopSignal?: string;
  readonly healthcheck?: HealthcheckConfig;
  readonly onBuild: readonly string[];
}

/** One `docker history` row, newest last. */
export interface HistoryRow {
  readonly createdBy: string;
  readonly bytes: Bytes;
  readonly emptyLayer: boolean;
  /** `buildkit.dockerfile.v0` for BuildKit rows. */
  readonly comment?: string;
  /** Where the row came from: the base image, or a step (stage + line). */
  readonly stage?: number;
  readonly line?: number;
}

export interface ImageLayer {
  readonly digest: string;
  readonly bytes: Bytes;
  readonly files: number;
  /** The base image the layer belongs to, or the step that made it. */
  readonly source:
    | { readonly kind: 'base'; readonly image: string }
    | { readonly kind: 'step'; readonly stage: number; readonly line: number; readonly instruction: string };
}

/** Where a file of the final image came from. */
export interface FileProvenance {
  readonly path: string;
  readonly type: 'file' | 'dir' | 'symlink';
  readonly bytes: Bytes;
  /** The base image, or the stage and step that wrote the file last. */
  readonly origin:
    | { readonly kind: 'base'; readonly image: string }
    | { readonly kind: 'step'; readonly stage: number; readonly line: number; readonly instruction: string };
  /** For a file a `COPY --from` brought in: the step (or base image) that made it in the source stage. */
  readonly copiedFrom?:
    | { readonly kind: 'base'; readonly image: string }
    | { readonly kind: 'step'; readonly stage: number; readonly line: number; readonly instruction: string };
  /**
   * Set when the file's text is the simulator's guess, not what a real engine writes (see
   * ContentGuess in src/core/fs/entry.ts): `host-dependent` and `partly-modelled` text is shown with a note,
   * `unknown` text not at all.
   */
  readonly guess?: ContentGuess;
}

export interface FinalImage {
  /** `docker image inspect --format {{.Size}}`: the sum of all layers' bytes. */
  readonly sizeBytes: Bytes;
  readonly layers: readonly ImageLayer[];
  readonly config: ImageConfig;
  readonly history: readonly HistoryRow[];
  /** Legacy: the id printed by `Successfully built`; BuildKit: `writing image sha256:...`. */
  readonly id: string;
  readonly files: readonly FileProvenance[];
  /** True when some size comes from an estimate (unknown tools, unknown image contents). */
  readonly estimated: boolean;
}

/** Everything one simulated `docker build` did. */
export interface BuildResult {
  readonly request: BuildRequest;
  readonly builder: BuilderKind;
  /** The resolved target stage name (or null for the last stage). */
  readonly target: string | null;
  readonly outcome: 'success' | 'error';
  readonly plan: BuildPlan;
  /**
   * Steps in the order the builder reports them: legacy in file order over the stages it runs;
   * BuildKit in simulated start order (dependencies first). FROM steps included.
   */
  readonly steps: readonly StepResult[];
  readonly warnings: readonly BuildWarning[];
  readonly error?: BuildError;
  /** Absent when the build failed. */
  readonly image?: FinalImage;
  /** Bytes sent as the build context (legacy `Sending build context to Docker daemon`). */
  readonly contextBytes: Bytes;
  readonly durationMs: number;
}
