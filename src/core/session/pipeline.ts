// The playground's pipeline, pure: a scenario in; diagnostics, stages, simulated builds and the
// views' data out. `analyzeScenario` runs on every keystroke (with throwaway caches, so it shows
// what a build would do); a `PlaygroundSession` holds each builder's cache across the builds a
// learner starts, as one Docker engine would, so a rebuild after an edit shows real cache hits.
// The browser runs this in a Web Worker (src/adapters/pipeline.worker.ts); tests call it directly.

import type { Severity, SourceRange } from '../diagnostics.ts';
import type { Dockerfile } from '../dockerfile/ast.ts';
import { parseForSimulation } from '../scenario/replay.ts';
import { lintDockerfile, type QuickFix } from '../lint/index.ts';
import { buildContext, type ContextFile } from '../build/context.ts';
import { createBuildCache, simulateBuild, simulateStageImages, type BuildCache, type StageImage } from '../build/simulate.ts';
import type { ImageResolver } from '../build/base-images.ts';
import type { RunExecutor } from '../build/run-executor.ts';
import { createStepMemos, type StepMemos } from '../build/step-memos.ts';
import { simulationToEvents, type BuildEvent } from '../build/events.ts';
import type { BuildRequest, BuildResult, BuilderKind, FileProvenance } from '../build/types.ts';
import { compareWithSingleStage, type SingleStageComparison } from '../size/index.ts';
import { bytes } from '../size/bytes.ts';
import { utf8Length } from '../fs/utf8.ts';
import { catalogImageResolver } from '../build/catalog-images.ts';
import { chainResolvers, declaredImageResolver } from '../build/base-images.ts';
import { normalizeImageRef } from '../graph/image-ref.ts';
import { LOCAL_AGENT_IMAGES } from './local-images.ts';
import { buildersOf, type Scenario } from './scenario.ts';

/** A parser, lint or build problem placed in the Dockerfile, for editor markers. */
export interface EditorDiagnostic {
  readonly source: 'parser' | 'lint' | 'build';
  /** Parser code, lint rule name, or build error kind. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly range: SourceRange;
  readonly url?: string;
  readonly fix?: QuickFix;
}

/** A stage as the editor and the target select know it. */
export interface StageSummary {
  readonly index: number;
  /** Lowercased `AS` name. */
  readonly name?: string;
  readonly line: number;
  /** The FROM argument as written. */
  readonly base: string;
  readonly range: SourceRange;
}

/** One layer row of a stage's stack (a step that committed a filesystem change). */
export interface LayerRow {
  readonly line: number;
  readonly instruction: string;
  readonly text: string;
  readonly bytes: number;
  readonly entries: number;
  readonly empty: boolean;
  readonly estimated: boolean;
  readonly status: 'run' | 'cached' | 'failed';
  /** Files of the stage's image this step wrote last (when known). */
  readonly files: readonly FileProvenance[];
}

/** A stage's image, like dive shows it: the base, then each step's layer. */
export interface StageStack {
  readonly stage: number;
  readonly label: string;
  readonly runs: boolean;
  readonly selection: string;
  readonly reason: string;
  readonly baseLabel: string;
  readonly baseBytes: number;
  readonly layers: readonly LayerRow[];
  /** The stage's image size (null when it was not built or failed). */
  readonly totalBytes: number | null;
  /** False when the file lists are unknown (an unnamed stage cannot be built alone with --target). */
  readonly filesKnown: boolean;
}

/** Final image vs the stage it copies from vs shipping that stage (a single-stage build). */
export interface SizeSummary {
  readonly finalBytes: number;
  readonly finalLabel: string;
  readonly buildStage: { readonly stage: number; readonly label: string; readonly bytes: number } | null;
  readonly singleStage: SingleStageComparison | null;
  readonly estimated: boolean;
}

/** What one builder would do with the scenario, and the views' data. */
export interface BuildView {
  readonly builder: BuilderKind;
  readonly result: BuildResult;
  readonly stacks: readonly StageStack[];
  readonly sizes: SizeSummary | null;
}

export interface Analysis {
  /** The Dockerfile text analysed (the editor applies markers only while it is still current). */
  readonly source: string;
  readonly diagnostics: readonly EditorDiagnostic[];
  readonly stages: readonly StageSummary[];
  /** One per builder of the scenario's settings (legacy first). */
  readonly views: readonly BuildView[];
  /** Time the analysis took, in ms (as measured by the caller's clock, when given). */
  readonly elapsedMs: number;
}

export interface PipelineDeps {
  readonly resolveImage: ImageResolver;
  /** The RUN executor; the engine's default (shell model + toolchain knowledge base) when absent. */
  readonly runExecutor?: RunExecutor;
  /** A clock for `elapsedMs` (performance.now in the browser); none gives 0. */
  readonly now?: () => number;
  /**
   * The steps the simulator has derived, remembered across this pipeline's builds and keystrokes
   * (src/core/build/step-memos.ts); the process-wide default store when absent.
   */
  readonly stepMemos?: StepMemos;
}

/**
 * Creates the dependencies the playground builds with: the local agent's base image as the
 * recordings declare it, then the size catalog, estimating unknown images (flagged); and an empty
 * store of step memos, so each session (the worker creates its dependencies once) remembers only
 * its own steps and a fresh one starts cold.
 */
export function createPipelineDeps(now?: () => number): PipelineDeps {
  const resolveImage = chainResolvers(declaredImageResolver(LOCAL_AGENT_IMAGES, normalizeImageRef), catalogImageResolver({ estimateUnknown: true }));
  return { resolveImage, stepMemos: createStepMemos(), ...(now ? { now } : {}) };
}

/** The engine half of a simulation's input (SimulationInput), from the dependencies: what every build of the pipeline passes. */
export function engineOf(deps: PipelineDeps): { resolveImage: ImageResolver; runExecutor?: RunExecutor; stepMemos?: StepMemos } {
  return {
    resolveImage: deps.resolveImage,
    ...(deps.runExecutor ? { runExecutor: deps.runExecutor } : {}),
    ...(deps.stepMemos ? { stepMemos: deps.stepMemos } : {}),
  };
}

/** Turns a scenario's Dockerfile and files into build-context files, as every keystroke's build sees them. */
export function contextOf(scenario: Scenario): Map<string, ContextFile> {
  const files = new Map<string, ContextFile>();
  // The Dockerfile is part of the context too (it counts in the legacy context size), unless ignored.
  // Text stays text: buildContext encodes a file only when a build reads it.
  files.set('Dockerfile', { content: scenario.dockerfile });
  for (const [path, text] of Object.entries(scenario.files)) files.set(path, { content: text });
  return files;
}

function requestOf(scenario: Scenario, builder: BuilderKind, overrides: Partial<BuildRequest> = {}): BuildRequest {
  const s = scenario.settings;
  // An empty target (the terminal's `docker build .` without --target) means the last stage.
  const rawTarget = (overrides.target ?? s.target).trim();
  const target = rawTarget === '' ? undefined : rawTarget;
  const buildArgs = overrides.buildArgs ?? s.buildArgs;
  const noCache = overrides.noCache ?? s.noCache;
  return {
    builder,
    ...(target !== undefined ? { target } : {}),
    ...(Object.keys(buildArgs).length > 0 ? { buildArgs } : {}),
    ...(noCache ? { noCache: true } : {}),
  };
}

/** Lists the stages of a parsed Dockerfile for the target select and completions. */
export function summarizeStages(df: Dockerfile): StageSummary[] {
  return df.stages.map((s) => ({
    index: s.index,
    ...(s.name !== undefined ? { name: s.name } : {}),
    line: s.from.startLine,
    base: s.from.image,
    range: s.range,
  }));
}

/** Collects parser diagnostics and lint findings as editor diagnostics. */
export function collectDiagnostics(df: Dockerfile, scenario: Scenario): EditorDiagnostic[] {
  const out: EditorDiagnostic[] = df.diagnostics.map((d) => ({ source: 'parser', code: d.code, severity: d.severity, message: d.message, range: d.range }));
  const target = scenario.settings.target.trim();
  const dockerignore = scenario.files['.dockerignore'];
  const findings = lintDockerfile(df, {
    ...(target !== '' ? { target } : {}),
    buildArgs: scenario.settings.buildArgs,
    contextFiles: Object.keys(scenario.files),
    ...(dockerignore !== undefined ? { dockerignore } : {}),
  });
  for (const f of findings) {
    out.push({
      source: 'lint',
      code: f.rule,
      severity: f.severity,
      message: f.message,
      range: f.range,
      ...(f.url !== undefined ? { url: f.url } : {}),
      ...(f.fix !== undefined ? { fix: f.fix } : {}),
    });
  }
  return out;
}

function stageLabel(result: BuildResult, index: number): string {
  const plan = result.plan.stages[index];
  return plan?.name ?? `stage ${index}`;
}

function stackOf(result: BuildResult, stage: number, deps: PipelineDeps, image: StageImage | undefined, totals: Map<number, number>): StageStack {
  const plan = result.plan.stages[stage];
  const base = plan?.base;
  let baseLabel = 'scratch';
  let baseBytes = 0;
  if (base?.kind === 'image') {
    baseLabel = base.ref;
    baseBytes = deps.resolveImage(base.normalized, base.ref)?.sizeBytes ?? 0;
  } else if (base?.kind === 'stage') {
    baseLabel = `stage ${stageLabel(result, base.index)}`;
    baseBytes = totals.get(base.index) ?? 0;
  }
  // The files each step of this stage wrote last, by line (one pass instead of one per layer).
  const filesByLine = new Map<number, FileProvenance[]>();
  for (const f of image?.files ?? []) {
    if (f.type === 'dir' || f.origin.kind !== 'step' || f.origin.stage !== stage) continue;
    const list = filesByLine.get(f.origin.line);
    if (list) list.push(f);
    else filesByLine.set(f.origin.line, [f]);
  }
  const layers: LayerRow[] = [];
  for (const step of result.steps) {
    if (step.stage !== stage || step.instruction === 'FROM' || step.metaArg) continue;
    if (!step.layer && step.status !== 'failed') continue;
    layers.push({
      line: step.line,
      instruction: step.instruction,
      text: step.text,
      bytes: step.layer?.bytes ?? 0,
      entries: step.layer?.files ?? 0,
      empty: step.layer?.empty ?? true,
      estimated: step.estimated,
      status: step.status,
      files: filesByLine.get(step.line)?.slice() ?? [],
    });
  }
  const computed = baseBytes + layers.reduce((sum, l) => sum + l.bytes, 0);
  const totalBytes = image ? image.sizeBytes : plan?.runs && result.outcome === 'success' ? computed : null;
  if (totalBytes !== null) totals.set(stage, totalBytes);
  return {
    stage,
    label: stageLabel(result, stage),
    runs: plan?.runs ?? false,
    selection: plan?.selection ?? 'not-reached',
    reason: plan?.reason ?? '',
    baseLabel,
    baseBytes,
    layers,
    totalBytes,
    filesKnown: image !== undefined,
  };
}

// The stage the final stage copies the most from: what a single-stage build would have shipped.
function pickBuildStage(result: BuildResult): number | null {
  const target = result.plan.targetIndex;
  const plan = result.plan.stages[target];
  if (!plan) return null;
  const candidates = plan.dependsOn.filter((i) => i !== target);
  if (candidates.length === 0) return null;
  let best: number | null = null;
  let bestBytes = -1;
  for (const i of candidates) {
    const copied = result.steps.filter((s) => s.stage === target && /--from[= ]/i.test(s.text) && s.layer).reduce((n, s) => n + (s.layer?.bytes ?? 0), 0);
    const weight = copied + (result.plan.stages[i]?.endMs ?? 0);
    if (weight > bestBytes) {
      best = i;
      bestBytes = weight;
    }
  }
  return best;
}

/**
 * Builds one builder's view: the build, each stage's stack (each named stage's image as BuildKit's
 * `--target <stage>` makes it, for its files) and sizes.
 * `alone` holds those stage images by stage name; they do not depend on the view's builder, so
 * views of one scenario can share it and simulate them once.
 */
export function viewBuild(
  result: BuildResult,
  df: Dockerfile,
  context: ReturnType<typeof buildContext>,
  deps: PipelineDeps,
  alone: Map<string, StageImage | undefined> = new Map(),
): BuildView {
  const stageImages = new Map<number, StageImage>();
  if (result.image) stageImages.set(result.plan.targetIndex, result.image);
  const named = result.plan.stages.filter((plan) => plan.runs && plan.index !== result.plan.targetIndex && plan.name !== undefined);
  const missing = named.flatMap((plan) => (plan.name !== undefined && !alone.has(plan.name) ? [plan.name] : []));
  if (missing.length > 0) {
    // One simulation for all of them (a fresh BuildKit build of the same input already holds the stages it built).
    const images = simulateStageImages({ dockerfile: df, context, request: { ...result.request, builder: 'buildkit' }, ...engineOf(deps) }, missing, [result]);
    for (const [name, image] of images) alone.set(name, image);
  }
  for (const plan of named) {
    const image = plan.name !== undefined ? alone.get(plan.name) : undefined;
    if (image) stageImages.set(plan.index, image);
  }
  const totals = new Map<number, number>();
  const order = [...result.plan.stages].map((s) => s.index).sort((a, b) => a - b);
  const stacks = order.map((i) => stackOf(result, i, deps, stageImages.get(i), totals));
  let sizes: SizeSummary | null = null;
  if (result.image) {
    const target = result.plan.targetIndex;
    const buildStage = pickBuildStage(result);
    const buildBytes = buildStage === null ? null : (totals.get(buildStage) ?? null);
    const finalOwn = result.steps
      .filter((s) => s.stage === target && s.layer && !/--from[= ]/i.test(s.text))
      .reduce((n, s) => n + (s.layer?.bytes ?? 0), 0);
    sizes = {
      finalBytes: result.image.sizeBytes,
      finalLabel: stageLabel(result, target),
      buildStage: buildStage !== null && buildBytes !== null ? { stage: buildStage, label: stageLabel(result, buildStage), bytes: buildBytes } : null,
      singleStage:
        buildStage !== null && buildBytes !== null
          ? compareWithSingleStage({ finalBytes: result.image.sizeBytes, builderStageBytes: bytes(buildBytes), finalOwnLayerBytes: bytes(finalOwn) })
          : null,
      estimated: result.image.estimated,
    };
  }
  return { builder: result.builder, result, stacks, sizes };
}

/** Parses, lints and simulates a scenario with fresh caches: what a build would do right now. */
export function analyzeScenario(scenario: Scenario, deps: PipelineDeps): Analysis {
  const start = deps.now?.() ?? 0;
  const df = parseForSimulation(scenario.dockerfile);
  const diagnostics = collectDiagnostics(df, scenario);
  const context = buildContext(contextOf(scenario), scenario.files['.dockerignore']);
  const alone = new Map<string, StageImage | undefined>();
  // Both builds first: the legacy view's stage images start from the BuildKit build's stages.
  const results = buildersOf(scenario.settings.builder).map((builder) =>
    simulateBuild({ dockerfile: df, context, request: requestOf(scenario, builder), ...engineOf(deps) }, createBuildCache()),
  );
  const views = results.map((result) => viewBuild(result, df, context, deps, alone));
  return { source: scenario.dockerfile, diagnostics, stages: summarizeStages(df), views, elapsedMs: (deps.now?.() ?? 0) - start };
}

/** `docker build` options beyond the scenario's settings (from the terminal). */
export interface BuildOptions {
  /** `-t` names. */
  readonly tags?: readonly string[];
  /** `-f`: a context file to use as the Dockerfile instead of the editor's. */
  readonly dockerfileText?: string;
  readonly target?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly noCache?: boolean;
}

/** One build the session ran: the result and the engine's event stream for the build machine. */
export interface SessionBuild {
  readonly builder: BuilderKind;
  readonly result: BuildResult;
  readonly events: readonly BuildEvent[];
  readonly view: BuildView;
  readonly tags: readonly string[];
}

/** A Docker engine for one playground: each builder's cache survives across builds. */
export interface PlaygroundSession {
  build(scenario: Scenario, builder: BuilderKind, options?: BuildOptions): SessionBuild;
  /** Empties one builder's cache, or both (Reset, or a fresh engine). */
  reset(builder?: BuilderKind): void;
}

/** Creates a session whose builds share caches per builder, as one engine does. */
export function createPlaygroundSession(deps: PipelineDeps): PlaygroundSession {
  let caches: Record<BuilderKind, BuildCache> = { legacy: createBuildCache(), buildkit: createBuildCache() };
  const previous: Partial<Record<BuilderKind, { dockerfile: Dockerfile; buildArgs: Readonly<Record<string, string>> }>> = {};
  return {
    build(scenario, builder, options = {}) {
      const text = options.dockerfileText ?? scenario.dockerfile;
      const df = parseForSimulation(text);
      const context = buildContext(contextOf(scenario), scenario.files['.dockerignore']);
      const request = requestOf(scenario, builder, {
        ...(options.target !== undefined ? { target: options.target } : {}),
        ...(options.buildArgs !== undefined ? { buildArgs: options.buildArgs } : {}),
        ...(options.noCache !== undefined ? { noCache: options.noCache } : {}),
      });
      const before = previous[builder];
      const result = simulateBuild(
        {
          dockerfile: df,
          context,
          request,
          ...engineOf(deps),
          ...(before ? { previous: { dockerfile: before.dockerfile, buildArgs: before.buildArgs } } : {}),
        },
        caches[builder],
      );
      previous[builder] = { dockerfile: df, buildArgs: request.buildArgs ?? {} };
      const tags = options.tags ?? [];
      const events = simulationToEvents(result, { tags, dockerfileTransferBytes: utf8Length(text) });
      return { builder, result, events, view: viewBuild(result, df, context, deps), tags };
    },
    reset(builder) {
      for (const b of builder ? [builder] : (['legacy', 'buildkit'] as const)) {
        caches = { ...caches, [b]: createBuildCache() };
        delete previous[b];
      }
    },
  };
}
