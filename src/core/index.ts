// The public surface of the pure pipeline: dockerfile → graph → build → size, plus lint.
// Nothing here touches the DOM, Node or React; see ./tsconfig.json for the fence.

// --- dockerfile: the parser (BuildKit's parser.Parse + instructions.Parse) ---

/** Parses Dockerfile text into raw nodes, typed instructions, stages and sorted diagnostics; never throws. */
export { parseDockerfile } from './dockerfile/parser.ts';
/** Reproduces BuildKit's `Node.Dump()` of the raw nodes, byte for byte. */
export { dumpBuildkitAst } from './dockerfile/dump.ts';
/** Builds an offset ↔ 1-based line/column index of a text (lines split on `\n`, as BuildKit counts). */
export { createLineIndex, type LineIndex, type LinePosition } from './dockerfile/line-index.ts';
/** Lists the instruction keywords BuildKit knows, upper-cased. */
export { INSTRUCTION_NAMES } from './dockerfile/instructions.ts';
/** Describes the Dockerfile AST: raw nodes, typed instructions, stages. */
export type * from './dockerfile/ast.ts';
/** Describes diagnostics: codes, severities, ranges. */
export type { Diagnostic, DiagnosticCode, Severity, SourceRange } from './diagnostics.ts';
/** Orders diagnostics by range. */
export { sortDiagnostics } from './diagnostics.ts';

// --- dockerfile: variable expansion (BuildKit's shell lexer) ---

/** Expands `$VAR`, `${VAR:-x}` and friends in one word, as BuildKit's ProcessWord does. */
export { expandWord, expandWords, expandRaw, instructionExpandsVariables } from './dockerfile/word-expansion.ts';

// --- image-ref: image references as Engine 20.10's distribution/reference reads them ---

/** Parses `busybox`, `ghcr.io/o/r:tag@sha256:…` into docker.io-normalised parts, or the engine's error. */
export { parseNormalizedNamed, familiarName, familiarString, referenceString, tagNameOnly, type NamedReference, type ParsedReference, type ReferenceError } from './image-ref/reference.ts';

// --- graph: stages, their dependencies, and which ones a target needs ---

/** Builds the stage graph (FROM <stage>, COPY --from, RUN --mount=from, ONBUILD) of a parsed Dockerfile. */
export { buildStageGraph } from './graph/stage-graph.ts';
/** Selects the stages each builder runs for a target (BuildKit: the target's closure; legacy: everything up to it). */
export { selectStages, resolveTarget } from './graph/select-stages.ts';
/** Describes the stage graph. */
export type { StageGraph, GraphStage, StageEdge, GraphError, StagePlatform, BuildkitErrorPhase } from './graph/stage-graph.ts';
/** A `FROM --platform` value as the engine parses it (os/architecture/variant), or why it is rejected. */
export type { Platform, PlatformParse } from './graph/platform.ts';

// --- build: the simulator, its events, the build machine and the log renderers ---

/** Simulates one `docker build` with the legacy builder or BuildKit against a builder's cache. */
export { simulateBuild, createBuildCache, type BuildCache, type SimulationInput } from './build/simulate.ts';
/** The simulator's memory of steps it has worked out (SimulationInput.stepMemos): one per session, or the shared default. */
export { createStepMemos, type StepMemos } from './build/step-memos.ts';
/** Describes a simulated build: plan, steps with reasons, layers, error, final image with provenance. */
export type * from './build/types.ts';
/** Turns a simulated build into the BuildEvent stream the machine, renderers and the agent share. */
export { simulationToEvents, isBuildEvent, buildEventsToNdjson, parseBuildEventsNdjson, type BuildEvent } from './build/events.ts';
/** Drives a build step by step (play, pause, step, resume, cancel) as an xstate machine. */
export { buildMachine } from './build/machine.ts';
/** Renders build events in each builder's real output format, plain or with ANSI colour. */
export { renderBuildLog, createLogRenderer, renderBuildkitSummary, maskBuildLog } from './build/render/index.ts';

// --- scenario: replaying recorded scenarios and comparing with a real engine ---

/** Replays a scenario's builds through the simulator and reports them in real.json's shape. */
export { replayScenario } from './scenario/replay.ts';
/** Compares a simulated report with a real engine's, build by build, with compare-scenarios.mjs's rules. */
export { compareReports } from './scenario/compare.ts';

// --- lint: BuildKit's build checks and Stagecraft's multi-stage rules ---

/** Lints a parsed Dockerfile; findings carry ranges and optional quick fixes. */
export { lintDockerfile, applyQuickFix } from './lint/index.ts';

// --- lessons: declarative exercise goals ---

/** Evaluates a lesson goal on a simulated build and picks the next hint from what is wrong. */
export { evaluateGoal, chooseHint, describeGoal } from './lessons/index.ts';

// --- size: base images, estimates and formatting ---

/** Formats a byte count as `docker images` prints it. */
export { formatBytesLikeDocker, type Bytes } from './size/bytes.ts';
