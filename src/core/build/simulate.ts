// The build simulator: one `docker build`, for one builder, against that builder's cache.
//
// Legacy builder (moby builder/dockerfile, Engine 20.10): every instruction is a step that
// commits an image; the cache key is the parent image id plus the step's config signature
// (RUN: the command with `|N K=V` build args; COPY: the sources' content hash; metadata: the
// instruction text). The first miss busts the rest of the stage; FROM resets it.
// BuildKit (dockerfile2llb + solver, as vendored in Engine 20.10): only FROM, RUN, COPY/ADD and
// WORKDIR are vertices; a vertex key digests its definition and its inputs' keys, and a COPY's
// source is content-addressed, so unchanged upstream output keeps downstream steps cached.

import type { Dockerfile, FromInstruction, Instruction, RunInstruction, CopyInstruction } from '../dockerfile/ast.ts';
import { expandWord, expandWords } from '../dockerfile/word-expansion.ts';
import { Rootfs, type FsView } from '../fs/layered-fs.ts';
import type { Layer } from '../fs/layer.ts';
import { entryDigest, type Entry } from '../fs/entry.ts';
import { Hasher, hashStrings } from '../fs/hash.ts';
import { normalizePath, parentPath } from '../fs/path.ts';
import { bytes, type Bytes } from '../size/bytes.ts';
import { buildStageGraph, PROXY_ARGS, type GraphError, type GraphStage, type SourceRef, type StageGraph } from '../graph/stage-graph.ts';
import { formatPlatform } from '../graph/platform.ts';
import { resolveTarget, selectStages } from '../graph/select-stages.ts';
import { normalizeImageRef } from '../graph/image-ref.ts';
import { Layer as FsLayer, type LayerChange } from '../fs/layer.ts';
import { isPathWithin } from '../fs/path.ts';
import { decodeUtf8 } from '../fs/utf8.ts';
import { SYNTHETIC_REMAINDER_PATH } from '../size/image-skeleton.ts';
import type { BaseImage, ImageResolver } from './base-images.ts';
import { EMPTY_CONFIG } from './base-images.ts';
import type { BuildContext } from './context.ts';
import { applyCopy, planCopy, type CopySource } from './copy.ts';
import type { RunExecutor, RunOutcome } from './run-executor.ts';
import { createDefaultRunExecutor } from './toolchain-adapter.ts';
import { guessOf } from '../fs/entry.ts';
import { boundedMemo, keepBounded } from '../bounded-memo.ts';
import { defaultStepMemos, hashRemembered, rootfsKey, STEP_MEMO_LIMIT, type CopiedLayer, type LayerOutcome, type StepMemos } from './step-memos.ts';
import type {
  BuildError,
  BuildErrorKind,
  BuildPlan,
  BuildRequest,
  BuildResult,
  BuildWarning,
  BuilderKind,
  FileProvenance,
  FinalImage,
  HistoryRow,
  ImageConfig,
  ImageLayer,
  StagePlan,
  StepReason,
  StepResult,
  StepStatus,
} from './types.ts';

// ---------------------------------------------------------------------------------------------
// Cache

interface LegacyCacheEntry {
  readonly imageId: string;
  readonly layer?: Layer;
  readonly output: readonly string[];
  /** The step's result depended on a guess; a cache hit reuses that guess. */
  readonly estimated: boolean;
}

interface BuildkitCacheEntry {
  readonly layer?: Layer;
  readonly output: readonly string[];
  readonly estimated: boolean;
}

/** One builder's cache, kept across the builds of a session (legacy and BuildKit never share one). */
export interface BuildCache {
  readonly legacy: Map<string, LegacyCacheEntry>;
  readonly buildkit: Map<string, BuildkitCacheEntry>;
  /** Legacy: what produced each probe key, to explain a later miss. */
  readonly legacyHistory: Map<string, string>;
  /** What each step looked like when it last ran (by stage, kind and position), to explain misses. */
  readonly records: Map<string, StepRecord>;
  /** Counts builds, so every legacy miss commits a fresh image id as the real engine does. */
  serial: number;
}

/** The inputs of a step when it last ran, compared with the current ones to say why it misses. */
export interface StepRecord {
  readonly parent: string;
  readonly text: string;
  /** The environment the step saw, without PATH. */
  readonly env: ReadonlyMap<string, string>;
  readonly args: readonly string[];
  readonly user: string;
  readonly cwd: string;
  /** COPY/ADD: what was read (an immutable filesystem and the matched paths), diffed only when explaining. */
  readonly sources?: SourceSnapshot;
}

interface SourceSnapshot {
  readonly view: FsView;
  readonly paths: readonly string[];
  readonly kind: string;
}

/** Creates an empty cache, as a fresh engine has. */
export function createBuildCache(): BuildCache {
  return { legacy: new Map(), buildkit: new Map(), legacyHistory: new Map(), records: new Map(), serial: 0 };
}

// ---------------------------------------------------------------------------------------------
// Inputs

export interface SimulationInput {
  readonly dockerfile: Dockerfile;
  readonly context: BuildContext;
  readonly request: BuildRequest;
  readonly resolveImage: ImageResolver;
  /** The shell model; a small built-in one is used when absent. */
  readonly runExecutor?: RunExecutor;
  /**
   * True (the default) for an engine without registry access, like the one the scenarios were
   * recorded on: `# syntax=` frontends and unknown images cannot be pulled. False models an online
   * engine where `# syntax=` selects a current frontend (heredocs, COPY --link, ...).
   */
  readonly offline?: boolean;
  /** The Dockerfile text of the previous build, to explain misses (optional). */
  readonly previous?: { readonly dockerfile?: Dockerfile; readonly buildArgs?: Readonly<Record<string, string>> };
  /**
   * Where steps already derived are remembered across simulations (./step-memos.ts); the process's
   * default store when absent. The playground's pipeline dependencies bring their own, per session.
   */
  readonly stepMemos?: StepMemos;
}

// ---------------------------------------------------------------------------------------------
// Per-stage state

type Origin = { readonly kind: 'base'; readonly image: string } | { readonly kind: 'step'; readonly stage: number; readonly line: number; readonly instruction: string };

interface LayerRecord {
  readonly layer: Layer;
  readonly origin: Origin;
}

interface MutableConfig {
  env: [string, string][];
  cmd?: readonly string[];
  entrypoint?: readonly string[];
  workdir: string;
  user: string;
  exposedPorts: string[];
  labels: Record<string, string>;
  volumes: string[];
  shell?: readonly string[];
  stopSignal?: string;
  healthcheck?: ImageConfig['healthcheck'];
  onBuild: string[];
}

interface StageState {
  rootfs: Rootfs;
  layers: LayerRecord[];
  baseImage: string;
  baseSize: number;
  baseLayerCount: number;
  baseOrigin: Origin;
  config: MutableConfig;
  history: HistoryRow[];
  estimated: boolean;
  /** BuildKit expansion env: image ENV and ARG values in instruction order (later wins). */
  bkEnv: Map<string, string>;
  /** ARGs declared in the stage (and inherited from a stage base): value or unset. */
  args: Map<string, string | undefined>;
  /** Legacy: the current image id. BuildKit: the current vertex key. */
  id: string;
  /** BuildKit: the vertex that produced the current state (for marshal order). */
  vertex: string;
  /** Files brought in by COPY --from: path → who made them in the source stage. */
  copied: Map<string, Origin>;
  /**
   * Which of `layers`, `history` and `copied` this state may change in place (OWNS_* bits). A
   * clone shares them with its source (a stage's final state is cloned by every stage built on
   * it), and whichever of the two writes one first copies it (own).
   */
  owns: number;
}

const OWNS_LAYERS = 1;
const OWNS_HISTORY = 2;
const OWNS_COPIED = 4;
const OWNS_ALL = OWNS_LAYERS | OWNS_HISTORY | OWNS_COPIED;

function cloneState(s: StageState): StageState {
  s.owns = 0;
  return {
    ...s,
    config: cloneConfig(s.config),
    bkEnv: new Map(s.bkEnv),
    args: new Map(s.args),
    owns: 0,
  };
}

/**
 * A stage's state as it is now, for what reads it later without changing it (a stage read before
 * it is built shows its base: filesystem, vertex, layers and COPY provenance, never its config).
 */
function snapshotState(s: StageState): StageState {
  s.owns = 0;
  return { ...s, owns: 0 };
}

function own(s: StageState, list: number): void {
  if ((s.owns & list) !== 0) return;
  if (list === OWNS_LAYERS) s.layers = [...s.layers];
  else if (list === OWNS_HISTORY) s.history = [...s.history];
  else s.copied = new Map(s.copied);
  s.owns |= list;
}

function cloneConfig(c: MutableConfig): MutableConfig {
  return { ...c, env: c.env.map(([k, v]) => [k, v]), exposedPorts: [...c.exposedPorts], labels: { ...c.labels }, volumes: [...c.volumes], onBuild: [...c.onBuild] };
}

type SharedConfigFields = Omit<ImageConfig, 'env' | 'exposedPorts' | 'healthcheck'> & { readonly healthcheck?: ImageConfig['healthcheck'] };

/**
 * A copy of a config's fields, with `env` and `exposedPorts` given by the caller (the image config
 * keeps `K=V` strings and sorted ports, the working config pairs in order). Keys in ImageConfig's order.
 */
function copyConfig<Env>(c: SharedConfigFields, env: Env, exposedPorts: string[]) {
  return {
    env,
    ...(c.cmd ? { cmd: c.cmd } : {}),
    ...(c.entrypoint ? { entrypoint: c.entrypoint } : {}),
    workdir: c.workdir,
    user: c.user,
    exposedPorts,
    labels: { ...c.labels },
    volumes: [...c.volumes],
    ...(c.shell ? { shell: c.shell } : {}),
    ...(c.stopSignal !== undefined ? { stopSignal: c.stopSignal } : {}),
    ...(c.healthcheck ? { healthcheck: c.healthcheck } : {}),
    onBuild: [...c.onBuild],
  };
}

function configFromImage(c: ImageConfig): MutableConfig {
  const env: [string, string][] = c.env.map((kv) => {
    const i = kv.indexOf('=');
    return i < 0 ? [kv, ''] : [kv.slice(0, i), kv.slice(i + 1)];
  });
  return copyConfig(c, env, [...c.exposedPorts]);
}

function freezeConfig(c: MutableConfig): ImageConfig {
  return copyConfig(
    c,
    c.env.map(([k, v]) => `${k}=${v}`),
    [...c.exposedPorts].sort(),
  );
}

function setEnv(c: MutableConfig, key: string, value: string): void {
  const i = c.env.findIndex(([k]) => k === key);
  if (i >= 0) c.env[i] = [key, value];
  else c.env.push([key, value]);
}

function stateFromImage(img: BaseImage | undefined, ref: string): StageState {
  const config = configFromImage(img?.config ?? { ...EMPTY_CONFIG, env: [] });
  const bkEnv = new Map<string, string>(config.env);
  return {
    rootfs: img?.rootfs ?? Rootfs.empty(),
    layers: [],
    baseImage: ref,
    baseSize: img?.sizeBytes ?? 0,
    baseLayerCount: img?.layerCount ?? 0,
    baseOrigin: { kind: 'base', image: ref },
    config,
    history: [...(img?.history ?? [])],
    estimated: img?.estimated ?? false,
    bkEnv,
    args: new Map(),
    id: img?.id ?? '',
    vertex: '',
    copied: new Map(),
    owns: OWNS_ALL,
  };
}

/** Who last wrote a path in a stage: a step's layer, or the base image. */
function originOf(st: StageState, path: string): Origin {
  const copied = st.copied.get(path);
  for (let i = st.layers.length - 1; i >= 0; i--) {
    const l = st.layers[i];
    if (l && l.layer.changes.has(path)) return copied && l.origin.kind === 'step' && l.origin.instruction === 'COPY' ? copied : l.origin;
  }
  return copied ?? st.baseOrigin;
}

function recordCopied(st: StageState, source: CopySource, written: readonly [string, string][], sourceState: StageState | Origin | undefined): void {
  if (source.kind === 'context' || sourceState === undefined) return;
  if (written.length > 0) own(st, OWNS_COPIED);
  for (const [target, from] of written) st.copied.set(target, 'kind' in sourceState ? sourceState : originOf(sourceState, from));
}

function stateSize(s: StageState): number {
  let total = s.baseSize;
  for (const l of s.layers) total += l.layer.size;
  return total;
}

// ---------------------------------------------------------------------------------------------
// Helpers

const DEFAULT_SHELL: readonly string[] = ['/bin/sh', '-c'];
const FS_KINDS = new Set(['run', 'copy', 'add', 'workdir']);

/** Flags the Dockerfile frontend of Engine 20.10 does not know (added in Dockerfile 1.3+). */
const UNKNOWN_FLAGS_2010: Readonly<Record<string, readonly string[]>> = {
  copy: ['link', 'parents', 'exclude'],
  add: ['link', 'parents', 'exclude', 'checksum', 'keep-git-dir', 'unpack'],
  run: ['network', 'security', 'device'],
};

function hex12(ctx: Ctx, ...parts: string[]): string {
  return hashRemembered(ctx.memos, parts).slice(0, 12);
}

function upper(ins: Instruction): string {
  return ins.kind === 'unknown' ? ins.keyword.toUpperCase() : ins.kind.toUpperCase();
}

function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

function urlHost(url: string): string {
  return /^https?:\/\/([^/:]+)/i.exec(url)?.[1] ?? url;
}

function lineError(kind: BuildErrorKind, message: string, explanation: string, ins: Instruction | undefined, stage?: number, stepId?: string): BuildError {
  return {
    kind,
    message,
    explanation,
    ...(ins ? { range: ins.range, line: ins.startLine } : {}),
    ...(stage !== undefined ? { stage } : {}),
    ...(stepId !== undefined ? { stepId } : {}),
  };
}

/** Finds what Engine 20.10 rejects while parsing, before any stage runs (both builders parse the same way). */
export function findParseError(df: Dockerfile, builder: BuilderKind = 'legacy'): BuildError | undefined {
  // With `# syntax=`, BuildKit runs that (newer) frontend, which knows heredocs and newer flags;
  // the legacy builder ignores the directive and parses with its own 20.10 parser.
  const modern = builder === 'buildkit' && df.directives.syntax !== undefined;
  const candidates: { line: number; error: BuildError }[] = [];
  for (const d of df.diagnostics) {
    if (d.severity !== 'error') continue;
    const line = lineOfOffset(df.source, d.range[0]);
    candidates.push({
      line,
      error: { kind: 'parse', message: `dockerfile parse error line ${line}: ${d.engineMessage ?? d.message}`, explanation: d.message, range: d.range, line },
    });
  }
  // Only the earliest candidate is reported (ties go to the first found), and instructions come in
  // file order: once one starts at or after the best line so far, nothing later can win.
  let best = Infinity;
  for (const c of candidates) best = Math.min(best, c.line);
  for (const ins of df.instructions) {
    if (ins.startLine >= best) break;
    // The 20.10 frontend predates heredocs: the body lines are read as instructions.
    const heredocs = ins.raw.heredocs;
    if (heredocs.length > 0 && !modern) {
      // The instruction's own lines, read from the source where its first line starts.
      const lines = sourceLines(df.source, ins.raw.range[0], ins.raw.endLine - ins.raw.startLine + 1);
      const first = ins.raw.startLine;
      let bodyStart = ins.raw.startLine + 1;
      const marker = `<<`;
      for (let n = ins.raw.startLine; n <= ins.raw.endLine; n++) {
        if ((lines[n - first] ?? '').includes(marker)) {
          bodyStart = n + 1;
          break;
        }
      }
      for (let n = bodyStart; n <= ins.raw.endLine; n++) {
        const text = (lines[n - first] ?? '').trim();
        if (text === '' || text.startsWith('#')) continue;
        const word = text.split(/\s+/)[0] ?? '';
        if (KNOWN_KEYWORDS.has(word.toLowerCase())) continue;
        candidates.push({
          line: n,
          error: {
            kind: 'parse',
            message: `dockerfile parse error line ${n}: unknown instruction: ${word.toUpperCase()}`,
            explanation: 'Heredocs (<<EOF) need Dockerfile syntax 1.4 or later; the Dockerfile frontend built into Engine 20.10 reads the body lines as instructions. Add `# syntax=docker/dockerfile:1` or use a RUN with && instead.',
            line: n,
            range: ins.range,
          },
        });
        best = Math.min(best, n);
        break;
      }
    }
    const unknown = modern ? undefined : UNKNOWN_FLAGS_2010[ins.kind];
    if (unknown) {
      for (const f of ins.flags) {
        if (!unknown.includes(f.name)) continue;
        candidates.push({
          line: ins.startLine,
          error: {
            kind: 'parse',
            message: `dockerfile parse error line ${ins.startLine}: Unknown flag: ${f.name}`,
            explanation: `--${f.name} needs a newer Dockerfile frontend than the one built into Engine 20.10.`,
            line: ins.startLine,
            range: f.range,
          },
        });
        best = Math.min(best, ins.startLine);
      }
    }
  }
  candidates.sort((a, b) => a.line - b.line);
  return candidates[0]?.error;
}

const KNOWN_KEYWORDS = new Set(['from', 'run', 'cmd', 'label', 'maintainer', 'expose', 'env', 'add', 'copy', 'entrypoint', 'volume', 'user', 'workdir', 'arg', 'onbuild', 'stopsignal', 'healthcheck', 'shell']);

/** `count` lines (without their `\n`) from the line holding `offset`, as `split('\n')` gives them. */
function sourceLines(text: string, offset: number, count: number): string[] {
  const out: string[] = [];
  let start = text.lastIndexOf('\n', offset - 1) + 1;
  while (out.length < count && start <= text.length) {
    const end = text.indexOf('\n', start);
    out.push(text.slice(start, end < 0 ? text.length : end));
    if (end < 0) break;
    start = end + 1;
  }
  return out;
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

// ---------------------------------------------------------------------------------------------
// The simulation

interface StepDraft {
  id: string;
  stage: number;
  ins: Instruction | FromInstruction;
  instruction: string;
  text: string;
  label: string;
  number: number;
  total: number;
  status: StepStatus;
  reason: StepReason;
  layer?: Layer;
  startMs: number;
  durationMs: number;
  output: readonly string[];
  estimated: boolean;
  imageId: string;
  containerId?: string;
  onbuild?: boolean;
  metaArg?: boolean;
  /** BuildKit: the vertex key (identical keys merge). */
  key?: string;
  /** BuildKit: lines of identical steps merged into this vertex. */
  mergedLines?: number[];
  /** BuildKit: keys of the vertex's inputs. */
  inputs?: string[];
  /** BuildKit: the vertex objects this one reads (previous vertex of the stage first, then sources). */
  prev?: StepDraft | undefined;
  sources?: StepDraft[];
  hidden?: boolean;
}

interface Ctx {
  readonly df: Dockerfile;
  readonly builder: BuilderKind;
  readonly request: BuildRequest;
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly cache: BuildCache;
  readonly graph: StageGraph;
  readonly input: SimulationInput;
  readonly exec: RunExecutor;
  readonly memos: StepMemos;
  readonly steps: StepDraft[];
  readonly warnings: BuildWarning[];
  readonly finals: (StageState | undefined)[];
  readonly initials: (StageState | undefined)[];
  readonly stageEnd: number[];
  readonly images: string[];
  readonly usedArgs: Set<string>;
  /** stepSlot's answers (a step's slot is asked for up to three times). */
  readonly slots: Map<Instruction, string>;
  /** BuildKit: the newest vertex draft of each stage (a stage's state is its last vertex). */
  readonly lastDraft: (StepDraft | undefined)[];
  targetIndex: number;
  /** True when this builder's cache was empty when the build started. */
  readonly firstBuild: boolean;
  error?: BuildError;
  errorAt?: number;
  clock: number;
}

/** Simulates one `docker build` and records what it cached into `cache`. Never throws. */
export function simulateBuild(input: SimulationInput, cache: BuildCache): BuildResult {
  try {
    return simulateUnsafe(input, cache);
  } catch (e) {
    // The simulator must never take the playground down: report an internal error as data.
    const message = e instanceof Error ? e.message : String(e);
    return emptyResult(input, { kind: 'other', message: `internal simulator error: ${message}`, explanation: 'The simulator hit a case it does not model.' });
  }
}

function emptyResult(input: SimulationInput, error: BuildError, plan?: BuildPlan): BuildResult {
  return {
    request: input.request,
    builder: input.request.builder,
    target: input.request.target ?? null,
    outcome: 'error',
    plan: plan ?? { builder: input.request.builder, targetIndex: -1, stages: [], order: [], images: [] },
    steps: [],
    warnings: [],
    error,
    contextBytes: input.context.bytes,
    durationMs: 0,
  };
}

function simulateUnsafe(input: SimulationInput, cache: BuildCache): BuildResult {
  const df = input.dockerfile;
  const builder = input.request.builder;
  cache.serial++;
  const syntax = df.directives.syntax;
  if (builder === 'buildkit' && syntax !== undefined && input.offline !== false) {
    // The frontend image named by `# syntax=` must be pulled; the recording engine has no registry.
    const ref = normalizeImageRef(syntax.value.split(/\s+/)[0] ?? '');
    const { path, tag } = registryPath(ref);
    return emptyResult(input, {
      kind: UNKNOWN_IMAGE_KIND,
      message: `failed to solve with frontend dockerfile.v0: failed to solve with frontend gateway.v0: failed to do request: Head "https://registry-1.docker.io/v2/${path}/manifests/${tag}": dial tcp: lookup registry-1.docker.io: no such host`,
      explanation: `# syntax=${syntax.value} asks BuildKit to download that Dockerfile frontend first; this engine cannot reach the registry. Remove the line to use the built-in frontend.`,
      range: syntax.range,
      line: 1,
    });
  }
  const parseError = findParseError(df, builder);
  if (parseError) return emptyResult(input, parseError);
  if (df.stages.length === 0) {
    return emptyResult(input, {
      kind: 'parse',
      message: builder === 'legacy' ? 'No image was generated. Is your Dockerfile empty?' : 'dockerfile contains no stages to build',
      explanation: 'A Dockerfile needs at least one FROM line.',
    });
  }
  const graph = graphOf(input, builder);
  const selection = selectStages(graph, input.request.target);
  const ctx = createCtx(input, cache, graph, selection.targetIndex);
  const plan0 = (): BuildPlan => makePlan(ctx, selection.targetIndex, selection.order, selection.selection, selection.reasons);
  // The final image's layer digests in FinalImage use the same cheap identity as steps.
  // BuildKit v0.8 Dockerfile2LLB expands every stage's FROM words before it looks for `--target`
  // and checks --from indices, cycles and references after it; each graph error says in which of
  // those phases BuildKit reports it. The legacy builder looks for the target first (builder.go
  // build), then processes the meta ARGs (dispatchDockerfileWithCancellation).
  const fromWordError = builder === 'buildkit' ? graph.errors.find((e) => e.buildkitPhase === 'expanding-from-words') : undefined;
  if (fromWordError) return emptyResult(input, toBuildError(fromWordError), plan0());
  if (selection.error) return emptyResult(input, toBuildError(selection.error), plan0());

  if (builder === 'buildkit') {
    const graphError = graph.errors.find((e) => e.buildkitPhase === 'after-finding-target');
    if (graphError) return emptyResult(input, toBuildError(graphError), plan0());
    // BuildKit resolves every reachable stage's base image before solving anything (an invalid
    // base is a graph error of its stage, reported above).
    for (const i of selection.order) {
      const s = graph.stages[i];
      if (!s) continue;
      if (s.base.kind === 'image') {
        if (!ctx.images.includes(s.base.normalized)) ctx.images.push(s.base.normalized);
        if (!s.base.known || (input.offline !== false && needsForeignPlatform(s))) {
          return emptyResult(input, unknownImageError(s.base.ref, s.base.normalized, 'buildkit', s.from, i), plan0());
        }
      }
    }
    // An ADD <url> is a source BuildKit resolves before anything runs: offline, the solve fails there.
    for (const i of input.offline === false ? [] : selection.order) {
      const stage = df.stages[i];
      const url = stage?.instructions.flatMap((x) => (x.kind === 'add' ? x.sources.filter(isUrl) : []))[0];
      if (!stage || url === undefined) continue;
      const gs = graph.stages[i];
      if (gs?.base.kind === 'image') {
        const label = graph.labels[i] ?? '';
        const total = 1 + stage.instructions.filter((x) => FS_KINDS.has(x.kind)).length;
        const num = `${String(1).padStart(String(total).length, ' ')}/${total}`;
        const d = draft(ctx, i, stage.from, 'FROM', `${label === '' ? `[${num}]` : `[${label} ${num}]`} FROM ${gs.base.normalized}`, 1, total, 'cached', { code: 'cached', message: 'CACHED' });
        ctx.steps.push(d);
      }
      ctx.error = lineError('other', `failed to load cache key: Get "${url}": dial tcp: lookup ${urlHost(url)}: no such host`, 'ADD downloads URLs at build time, and this engine has no network. Download the file into the build context and COPY it instead.', stage.instructions.find((x) => x.kind === 'add' && x.sources.some(isUrl)), i);
      break;
    }
    if (!ctx.error) runBuildkit(ctx, selection.order, selection.targetIndex);
  } else {
    runLegacy(ctx, selection.order);
  }

  const targetState = ctx.finals[selection.targetIndex];
  const steps = finalizeSteps(ctx);
  const plan = makePlan(ctx, selection.targetIndex, selection.order, selection.selection, selection.reasons);
  if (builder === 'legacy' && !ctx.error) {
    const unused = Object.keys(ctx.buildArgs).filter((k) => !ctx.usedArgs.has(k) && !PROXY_ARGS.has(k));
    if (unused.length > 0) ctx.warnings.push({ code: 'UNUSED_BUILD_ARG', message: `[Warning] One or more build-args [${unused.join(' ')}] were not consumed` });
  }
  const result: BuildResult = {
    request: input.request,
    builder,
    target: input.request.target ?? null,
    outcome: ctx.error ? 'error' : 'success',
    plan,
    steps,
    warnings: ctx.warnings,
    ...(ctx.error ? { error: ctx.error } : {}),
    ...(!ctx.error && targetState ? { image: finalImage(ctx, targetState) } : {}),
    contextBytes: input.context.bytes,
    durationMs: Math.max(ctx.clock, ...ctx.stageEnd),
  };
  if (builder === 'buildkit' && ctx.firstBuild) {
    freshBuildkitBuilds.set(result, ctx);
    freshBuildkitByDockerfile.set(df, ctx);
  }
  return result;
}

/**
 * BuildKit resolves an image FROM with its `--platform`: the local images (linux/amd64) serve only
 * that, any other platform is asked of the registry (Engine 20.10.24 probed: `--platform=linux/arm64
 * local/busybox:1` fails with the missing image's DNS error; a scratch or stage base ignores it).
 */
function needsForeignPlatform(s: GraphStage): boolean {
  return s.base.kind === 'image' && s.platform?.kind === 'parsed' && !s.platform.isHost;
}

function graphOf(input: SimulationInput, builder: BuilderKind): StageGraph {
  const resolve = input.resolveImage;
  const known = (normalized: string, ref: string): boolean => resolve(normalized, ref) !== undefined;
  return buildStageGraph(input.dockerfile, { builder, ...(input.request.buildArgs ? { buildArgs: input.request.buildArgs } : {}), isKnownImage: known });
}

function createCtx(input: SimulationInput, cache: BuildCache, graph: StageGraph, targetIndex: number): Ctx {
  const df = input.dockerfile;
  const builder = graph.builder;
  return {
    df,
    builder,
    request: input.request,
    buildArgs: input.request.buildArgs ?? {},
    cache,
    graph,
    input,
    exec: input.runExecutor ?? defaultExecutor(),
    memos: input.stepMemos ?? defaultStepMemos,
    steps: [],
    warnings: [],
    finals: new Array<StageState | undefined>(df.stages.length).fill(undefined),
    initials: new Array<StageState | undefined>(df.stages.length).fill(undefined),
    stageEnd: new Array<number>(df.stages.length).fill(0),
    images: [],
    usedArgs: new Set(),
    slots: new Map(),
    lastDraft: new Array<StepDraft | undefined>(df.stages.length).fill(undefined),
    targetIndex,
    firstBuild: (builder === 'legacy' ? cache.legacy.size : cache.buildkit.size) === 0,
    clock: 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Stage images: what `--target <stage>` would make, for the playground's per-stage views

/** A stage's image as a fresh BuildKit `docker build --target <stage>` makes it: its size and own files. */
export interface StageImage {
  readonly sizeBytes: Bytes;
  /** The files of the image the stage's own steps wrote last (not its base's), sorted by path. */
  readonly files: readonly FileProvenance[];
}

// The stage states of fresh BuildKit builds, beside their results: a result is plain data (the
// playground posts it between threads), so the states stay out of it.
const freshBuildkitBuilds = new WeakMap<BuildResult, Ctx>();
// The latest fresh BuildKit build of each parsed Dockerfile, so a view of another builder's build
// of the same input (the playground simulates both) starts from its stages.
const freshBuildkitByDockerfile = new WeakMap<Dockerfile, Ctx>();

function sameBuildInputs(a: SimulationInput, b: SimulationInput): boolean {
  if (a.dockerfile !== b.dockerfile || a.context !== b.context || a.resolveImage !== b.resolveImage || a.runExecutor !== b.runExecutor) return false;
  // A build of another store holds that store's layers: reusing its stages would share them.
  if ((a.stepMemos ?? defaultStepMemos) !== (b.stepMemos ?? defaultStepMemos)) return false;
  if ((a.offline !== false) !== (b.offline !== false)) return false;
  const x = a.request.buildArgs ?? {};
  const y = b.request.buildArgs ?? {};
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => Object.prototype.hasOwnProperty.call(y, k) && x[k] === y[k]);
}

/**
 * Returns, for each stage name, the image a fresh BuildKit build with `--target <name>` would make
 * (undefined when that build fails), without building each stage alone: stages a fresh BuildKit
 * build of the same input finished (`fresh`, or the latest one of this parsed Dockerfile) are read
 * from it, the rest come from one simulation of all of them that starts from those. A stage's state depends only on the stages it reads, so it is the same in any
 * build that runs it (identical vertices merged across stages keep each stage's own COPY provenance).
 */
export function simulateStageImages(input: SimulationInput, names: readonly string[], fresh: readonly BuildResult[] = []): Map<string, StageImage | undefined> {
  const out = new Map<string, StageImage | undefined>();
  let reuse: Ctx | undefined;
  for (const c of [freshBuildkitByDockerfile.get(input.dockerfile), ...fresh.map((r) => freshBuildkitBuilds.get(r))]) {
    if (c !== undefined && sameBuildInputs(c.input, input)) reuse = c;
  }
  const remaining: string[] = [];
  for (const name of names) {
    if (out.has(name) || remaining.includes(name)) continue;
    const index = reuse ? resolveTarget(reuse.graph, name) : -1;
    const st = reuse?.finals[index];
    if (reuse && st) out.set(name, stageImageOf(reuse, st, index));
    else remaining.push(name);
  }
  // The rest starts from the stages the fresh build finished (they are the same in any build).
  if (remaining.length > 0) for (const [name, image] of simulateStagesAlone(input, remaining, reuse)) out.set(name, image);
  return out;
}

function simulateStagesAlone(input: SimulationInput, names: readonly string[], seed: Ctx | undefined): Map<string, StageImage | undefined> {
  const out = new Map<string, StageImage | undefined>(names.map((n) => [n, undefined]));
  const df = input.dockerfile;
  // The checks simulateUnsafe makes before a BuildKit build runs anything, per target.
  if (df.directives.syntax !== undefined && input.offline !== false) return out;
  if (df.stages.length === 0 || findParseError(df, 'buildkit')) return out;
  const request: BuildRequest = { ...input.request, builder: 'buildkit' };
  const graph = seed?.graph ?? graphOf({ ...input, request }, 'buildkit');
  if (graph.errors.length > 0) return out;
  const targets = new Map<string, number>();
  const include = new Set<number>();
  for (const name of names) {
    const selection = selectStages(graph, name);
    if (selection.error || !buildkitCanStart(df, graph, selection.order, input.offline !== false)) continue;
    targets.set(name, selection.targetIndex);
    for (const i of selection.order) include.add(i);
  }
  if (targets.size === 0) return out;
  const cache = createBuildCache();
  cache.serial++;
  const ctx = createCtx({ ...input, request }, cache, graph, -1);
  for (let i = 0; seed && i < seed.finals.length; i++) {
    ctx.finals[i] = seed.finals[i];
    ctx.initials[i] = seed.initials[i];
    ctx.lastDraft[i] = seed.lastDraft[i];
    ctx.stageEnd[i] = seed.stageEnd[i] ?? 0;
  }
  runBuildkit(ctx, dependencyOrder(graph, include).filter((i) => ctx.finals[i] === undefined), -1);
  for (const [name, index] of targets) {
    const st = ctx.finals[index];
    if (st) out.set(name, stageImageOf(ctx, st, index));
  }
  return out;
}

// BuildKit resolves every base image and ADD <url> of the stages it will run before solving
// (simulateUnsafe); the graph has no errors here, so no base is invalid.
function buildkitCanStart(df: Dockerfile, graph: StageGraph, order: readonly number[], offline: boolean): boolean {
  for (const i of order) {
    const stage = graph.stages[i];
    if (!stage || (stage.base.kind === 'image' && !stage.base.known)) return false;
    if (offline && needsForeignPlatform(stage)) return false;
    if (offline && df.stages[i]?.instructions.some((x) => x.kind === 'add' && x.sources.some(isUrl))) return false;
  }
  return true;
}

// Dependencies first, then by index (the order selectStages gives one target's closure).
function dependencyOrder(graph: StageGraph, include: ReadonlySet<number>): number[] {
  const out: number[] = [];
  const done = new Set<number>();
  const visiting = new Set<number>();
  const visit = (i: number): void => {
    if (done.has(i) || visiting.has(i)) return;
    visiting.add(i);
    for (const d of graph.stages[i]?.dependsOn ?? []) if (include.has(d)) visit(d);
    visiting.delete(i);
    done.add(i);
    out.push(i);
  };
  for (const i of [...include].sort((a, b) => a - b)) visit(i);
  return out;
}

let shellExecutor: RunExecutor | undefined;

/** The shell model (src/core/shell) behind RUN, with the toolchain knowledge base. */
function defaultExecutor(): RunExecutor {
  if (!shellExecutor) {
    const shell = createDefaultRunExecutor();
    // The shell model never throws on scripts; should a bug make it, the step stays an estimate
    // instead of failing the whole simulation.
    shellExecutor = (inv) => {
      try {
        return shell(inv);
      } catch {
        return { exitCode: 0, output: [], estimated: true, durationMs: 0 };
      }
    };
  }
  return shellExecutor;
}

function toBuildError(e: GraphError): BuildError {
  return {
    kind: e.kind,
    message: e.message,
    explanation: e.explanation,
    ...(e.range ? { range: e.range } : {}),
    ...(e.line !== undefined ? { line: e.line } : {}),
    ...(e.stage !== undefined ? { stage: e.stage } : {}),
  };
}

function registryPath(normalized: string): { path: string; tag: string } {
  const noHost = normalized.replace(/^docker\.io\//, '');
  const at = noHost.indexOf('@');
  if (at >= 0) return { path: noHost.slice(0, at), tag: noHost.slice(at + 1) };
  const colon = noHost.lastIndexOf(':');
  return { path: noHost.slice(0, colon), tag: noHost.slice(colon + 1) };
}

// The recordings ran on an engine with no registry access, so an unknown image fails with a DNS
// error (classified `other`), not `pull access denied` (scenario s44-image-not-found).
const UNKNOWN_IMAGE_KIND: BuildErrorKind = 'other';

function unknownImageError(ref: string, normalized: string, builder: BuilderKind, ins: Instruction, stage: number): BuildError {
  const { path, tag } = registryPath(normalized);
  const message = builder === 'buildkit'
    ? `failed to solve with frontend dockerfile.v0: failed to create LLB definition: failed to do request: Head "https://registry-1.docker.io/v2/${path}/manifests/${tag}": dial tcp: lookup registry-1.docker.io: no such host`
    : `Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host`;
  return lineError(UNKNOWN_IMAGE_KIND, message, `The image ${ref} is not available locally and the registry cannot be reached: check the name and tag, or use an image the playground knows.`, ins, stage);
}

function makePlan(ctx: Ctx, targetIndex: number, order: readonly number[], selection: readonly StagePlan['selection'][], reasons: readonly string[]): BuildPlan {
  const firstStart = new Map<number, number>();
  for (const d of ctx.steps) firstStart.set(d.stage, Math.min(firstStart.get(d.stage) ?? Number.POSITIVE_INFINITY, d.startMs));
  const ordered = new Set(order);
  const stages: StagePlan[] = ctx.graph.stages.map((s, i) => {
    const runs = ordered.has(i);
    const start = firstStart.get(i) ?? Number.POSITIVE_INFINITY;
    const base: StagePlan['base'] = s.base.kind === 'invalid' ? { kind: 'image', ref: s.baseName, normalized: s.baseName, known: false } : s.base;
    const imageDeps = s.reads.flatMap((r) => (r.target.kind === 'image' ? [r.target.normalized] : []));
    return {
      index: i,
      ...(s.name !== undefined ? { name: s.name } : {}),
      label: ctx.graph.labels[i] ?? '',
      base,
      dependsOn: [...s.dependsOn].sort((a, b) => a - b),
      imageDependencies: imageDeps,
      runs,
      selection: runs && ctx.error && !firstStart.has(i) ? 'not-reached' : (selection[i] ?? 'unreachable'),
      reason: reasons[i] ?? '',
      startMs: Number.isFinite(start) ? start : 0,
      endMs: ctx.stageEnd[i] ?? 0,
      range: s.from.range,
    };
  });
  return { builder: ctx.builder, targetIndex, stages, order, images: ctx.images };
}

// ---------------------------------------------------------------------------------------------
// Environment and config

function argValue(ctx: Ctx, name: string, defaultRaw: string | undefined, env: ReadonlyMap<string, string>): string | undefined {
  if (Object.prototype.hasOwnProperty.call(ctx.buildArgs, name)) {
    ctx.usedArgs.add(name);
    return ctx.buildArgs[name];
  }
  if (defaultRaw !== undefined) return expand(ctx, defaultRaw, env);
  if (ctx.graph.declaredMetaArgs.has(name)) return ctx.graph.metaArgs.get(name);
  if (ctx.builder === 'buildkit' && ctx.graph.metaArgs.has(name) && !ctx.graph.declaredMetaArgs.has(name)) {
    // BuildKit's automatic platform args, redeclared in the stage.
    return ctx.graph.metaArgs.get(name);
  }
  return undefined;
}

function expand(ctx: Ctx, word: string, env: ReadonlyMap<string, string>): string {
  const r = expandWord(word, env, { escapeToken: ctx.df.escapeToken });
  return r.error ? word : r.value;
}

/** The environment variables are expanded against and RUN sees. */
function expansionEnv(ctx: Ctx, st: StageState): Map<string, string> {
  if (ctx.builder === 'buildkit') return st.bkEnv;
  // Legacy: ENV always wins over a build arg of the same name (buildargs.go FilterAllowed).
  const env = new Map<string, string>(st.config.env);
  for (const [k, v] of st.args) if (v !== undefined && !env.has(k)) env.set(k, v);
  for (const k of PROXY_ARGS) {
    const v = ctx.buildArgs[k];
    if (v !== undefined && !env.has(k)) env.set(k, v);
  }
  return env;
}

/** A copy of expansionEnv the caller may change (the legacy one is built fresh on every call). */
function envCopy(ctx: Ctx, st: StageState): Map<string, string> {
  return ctx.builder === 'buildkit' ? new Map(st.bkEnv) : expansionEnv(ctx, st);
}

/** Applies a metadata instruction to the config and env; returns the history text. */
function applyMetadata(ctx: Ctx, st: StageState, ins: Instruction): string {
  const env = envCopy(ctx, st);
  switch (ins.kind) {
    case 'env': {
      const parts: string[] = [];
      for (const p of ins.pairs) {
        const key = expand(ctx, p.key, env);
        const value = expand(ctx, p.value, env);
        setEnv(st.config, key, value);
        st.bkEnv.set(key, value);
        parts.push(`${key}=${value}`);
      }
      return `ENV ${parts.join(' ')}`;
    }
    case 'arg': {
      const parts: string[] = [];
      for (const a of ins.args) {
        const v = argValue(ctx, a.name, a.value, env);
        st.args.set(a.name, v);
        if (v !== undefined) {
          st.bkEnv.set(a.name, v);
          env.set(a.name, v);
        }
        parts.push(a.value !== undefined ? `${a.name}=${v ?? ''}` : a.name);
      }
      return `ARG ${parts.join(' ')}`;
    }
    case 'label': {
      const parts: string[] = [];
      for (const p of ins.pairs) {
        const key = expand(ctx, p.key, env);
        const value = expand(ctx, p.value, env);
        st.config.labels[key] = value;
        parts.push(`${key}=${value}`);
      }
      return `LABEL ${parts.join(' ')}`;
    }
    case 'user':
      st.config.user = expand(ctx, ins.value, env);
      return `USER ${st.config.user}`;
    case 'workdir': {
      const v = expand(ctx, ins.value, env);
      st.config.workdir = normalizePath(v, st.config.workdir || '/');
      return `WORKDIR ${st.config.workdir}`;
    }
    case 'stopsignal':
      st.config.stopSignal = expand(ctx, ins.value, env);
      return `STOPSIGNAL ${st.config.stopSignal}`;
    case 'maintainer':
      return `MAINTAINER ${ins.value}`;
    case 'expose': {
      const ports: string[] = [];
      for (const p of ins.ports) {
        const r = expandWords(p, env, { escapeToken: ctx.df.escapeToken });
        for (const w of r.error ? [p] : r.words) ports.push(w.includes('/') ? w.toLowerCase() : `${w}/tcp`);
      }
      for (const p of ports) if (!st.config.exposedPorts.includes(p)) st.config.exposedPorts.push(p);
      return `EXPOSE map[${ports.map((p) => `${p}:{}`).join(' ')}]`;
    }
    case 'volume': {
      for (const p of ins.paths) {
        const v = expand(ctx, p, env);
        if (!st.config.volumes.includes(v)) st.config.volumes.push(v);
      }
      return `VOLUME [${ins.paths.join(' ')}]`;
    }
    case 'cmd':
    case 'entrypoint': {
      const argv = ins.command.form === 'exec' ? ins.command.args : [...(st.config.shell ?? DEFAULT_SHELL), ins.command.script];
      if (ins.kind === 'cmd') st.config.cmd = argv;
      else {
        st.config.entrypoint = argv;
      }
      return `${ins.kind.toUpperCase()} [${argv.map((a) => JSON.stringify(a)).join(' ')}]`;
    }
    case 'shell':
      st.config.shell = ins.shell;
      return `SHELL [${ins.shell.map((a) => JSON.stringify(a)).join(' ')}]`;
    case 'healthcheck':
      st.config.healthcheck = ins.check.type === 'none'
        ? { test: ['NONE'] }
        : {
            test: ins.check.command.form === 'exec' ? ['CMD', ...ins.check.command.args] : ['CMD-SHELL', ins.check.command.script],
            ...(ins.check.options.intervalMs !== undefined ? { intervalMs: ins.check.options.intervalMs } : {}),
            ...(ins.check.options.timeoutMs !== undefined ? { timeoutMs: ins.check.options.timeoutMs } : {}),
            ...(ins.check.options.startPeriodMs !== undefined ? { startPeriodMs: ins.check.options.startPeriodMs } : {}),
            ...(ins.check.options.retries !== undefined ? { retries: ins.check.options.retries } : {}),
          };
      return `HEALTHCHECK ${ins.text.replace(/^\S+\s*/, '')}`;
    case 'onbuild':
      st.config.onBuild.push(ins.expression);
      return `ONBUILD ${ins.expression}`;
    default:
      return ins.text;
  }
}

/** The argv of a RUN: shell form goes through SHELL (default /bin/sh -c). */
function runArgv(st: StageState, ins: RunInstruction): { argv: string[]; script: string } {
  if (ins.command.form === 'exec') return { argv: [...ins.command.args], script: ins.command.args.join(' ') };
  let script = ins.command.script;
  const only = ins.heredocs.length === 1 ? ins.heredocs[0] : undefined;
  // `RUN <<EOF` alone runs the body as the script; other heredoc forms are handed to the shell
  // as `line\nbody\nNAME` (dockerfile2llb dispatchRun). The shell model sees the body either way.
  if (only && /^\s*\d*<<-?\s*["']?\w+["']?\s*$/.test(script)) script = only.content;
  else if (ins.heredocs.length > 0) script = `${script}\n${ins.heredocs.map((h) => `${h.content}${h.name}`).join('\n')}`;
  return { argv: [...(st.config.shell ?? DEFAULT_SHELL), script], script };
}

/** The build args a legacy RUN carries in its cache key and history (`|N K=V ...`). */
function legacyRunArgs(_ctx: Ctx, st: StageState): string[] {
  const envKeys = new Set(st.config.env.map(([k]) => k));
  const pairs: string[] = [];
  for (const [k, v] of st.args) if (v !== undefined && !envKeys.has(k)) pairs.push(`${k}=${v}`);
  return pairs.sort();
}

// ---------------------------------------------------------------------------------------------
// Filesystem steps shared by both builders

type FsOutcome =
  | LayerOutcome
  | {
      readonly ok: false;
      readonly error: BuildError;
      readonly output: readonly string[];
      readonly durationMs: number;
      /** The failure is the model's prediction from a guess (a RUN whose exit status rests on one). */
      readonly estimated: boolean;
    };

function symlinkSizing(ctx: Ctx): 'target-length' | 'zero' {
  return ctx.builder === 'legacy' ? 'target-length' : 'zero';
}

// COPY/ADD, WORKDIR and RUN through the default executor are pure functions of the step's inputs,
// so their layers are kept in the simulation's step memos (./step-memos.ts) by those inputs.
function copyLayer(
  ctx: Ctx,
  st: StageState,
  source: CopySource,
  plan: Extract<ReturnType<typeof planCopy>, { ok: true }>,
  req: Parameters<typeof planCopy>[1],
  symlinkSizing: 'target-length' | 'zero',
  createdBy: string,
): CopiedLayer {
  // What applyCopy reads: the destination filesystem, and the matched sources (a stage or image
  // by its whole filesystem; the context, whose files are never estimates, by the sources' digest).
  const from = source.kind === 'context' ? `context:${plan.digest}` : source.view instanceof Rootfs ? rootfsKey(ctx.memos, source.view) : undefined;
  const key = from === undefined
    ? undefined
    : `${symlinkSizing}\u0000${createdBy}\u0000${rootfsKey(ctx.memos, st.rootfs)}\u0000${from}\u0000${JSON.stringify([req, plan.matches.map((m) => m.path)])}`;
  const make = () => {
    const work = st.rootfs.edit();
    const written = applyCopy(work, source, plan, req);
    return { layer: work.commit({ symlinkSizing, createdBy }).layer, written };
  };
  return key === undefined ? make() : boundedMemo(ctx.memos.copies, STEP_MEMO_LIMIT, key, make);
}

// RUN: the filesystem it starts from, argv, environment, WORKDIR, USER, the legacy VOLUMEs and the
// builder. Only successful outcomes are kept.
function execRun(ctx: Ctx, st: StageState, ins: RunInstruction, mountViews: readonly { mount: RunInstruction['mounts'][number]; source?: FsView }[]): FsOutcome {
  // Only the built-in executor is known to be pure; mounts bring in views the key does not cover.
  if (ctx.input.runExecutor !== undefined || mountViews.length > 0) return execRunUncached(ctx, st, ins, mountViews);
  const key = `${ctx.builder}\u0000${rootfsKey(ctx.memos, st.rootfs)}\u0000${JSON.stringify([runArgv(st, ins).argv, [...expansionEnv(ctx, st)], st.config.workdir, st.config.user, st.config.volumes, ins.text])}`;
  const memo = ctx.memos.runs.get(key);
  if (memo) return memo;
  const outcome = execRunUncached(ctx, st, ins, mountViews);
  return outcome.ok ? keepBounded(ctx.memos.runs, STEP_MEMO_LIMIT, key, outcome) : outcome;
}

function execRunUncached(ctx: Ctx, st: StageState, ins: RunInstruction, mountViews: readonly { mount: RunInstruction['mounts'][number]; source?: FsView }[]): FsOutcome {
  const { argv, script } = runArgv(st, ins);
  const work = st.rootfs.edit();
  // Mount targets show the mounted content during the command only; what is written there is
  // not part of the layer (cache, tmpfs, bind and secret mounts alike).
  const mountTargets: string[] = [];
  // Legacy: a declared VOLUME is a mounted directory during RUN, and what RUN writes there is
  // discarded (verified on Engine 20.10.24); BuildKit treats VOLUME as metadata only.
  const volumes = ctx.builder === 'legacy' ? st.config.volumes.map((v) => normalizePath(v, '/')).filter((v) => v !== '/') : [];
  for (const v of volumes) if (work.stat(v)?.type !== 'dir') work.mkdir(v, { parents: true });
  for (const { mount, source } of mountViews) {
    const target = mount.target !== undefined ? normalizePath(mount.target, st.config.workdir || '/') : mount.type === 'secret' ? `/run/secrets/${mount.id ?? 'secret'}` : undefined;
    if (target === undefined || work.lstat(target) !== undefined) continue;
    mountTargets.push(target);
    if (mount.type === 'secret') {
      work.mkdir(target.slice(0, target.lastIndexOf('/')) || '/', { parents: true });
      continue;
    }
    if (source && (mount.type === 'bind' || mount.from !== undefined)) {
      const from = normalizePath(mount.source ?? '/');
      work.mkdir(target, { parents: true });
      if (source.stat(from)?.type === 'dir') for (const [rel, , e] of source.walk(from)) work.setEntry(normalizePath(rel, target), e);
      else {
        const e = source.stat(from);
        if (e) work.setEntry(target, e);
      }
    } else work.mkdir(target, { parents: true });
  }
  // The command's program must exist in the image (`FROM scratch` has no /bin/sh). Catalog images
  // list only notable files, so only complete file lists are checked.
  const program = argv[0] ?? '';
  if (!work.exists(SYNTHETIC_REMAINDER_PATH) && !programExists(work, program, expansionEnv(ctx, st))) {
    const quoted = `exec: "${program}": stat ${program}: no such file or directory`;
    // record.mjs files the legacy runc message under copy-source-missing ("stat ... no such file").
    return {
      ok: false,
      error: ctx.builder === 'legacy'
        ? lineError('copy-source-missing', `failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${quoted}: unknown`, `${program} does not exist in this image (FROM scratch has no shell): RUN needs a base image with ${program}, or copy the result in from another stage.`, ins)
        : lineError('run-failed', `executor failed running [${argv.join(' ')}]: exit code: 1`, `${program} does not exist in this image (FROM scratch has no shell): RUN needs a base image with ${program}, or copy the result in from another stage.`, ins),
      output: [],
      durationMs: 100,
      estimated: false,
    };
  }
  let outcome: RunOutcome;
  try {
    outcome = ctx.exec({ argv, script, env: expansionEnv(ctx, st), cwd: st.config.workdir || '/', user: st.config.user, fs: work, mounts: mountViews, builder: ctx.builder });
  } catch {
    outcome = { exitCode: 0, output: [], estimated: true, durationMs: 200 };
  }
  if (outcome.exitCode !== 0) {
    const shown = ctx.builder === 'legacy' ? argv.join(' ') : `[${argv.join(' ')}]`;
    const message = ctx.builder === 'legacy'
      ? `The command '${shown}' returned a non-zero code: ${outcome.exitCode}`
      : `executor failed running ${shown}: exit code: ${outcome.exitCode}`;
    const guessed = outcome.exitCodeGuessed === true
      ? ' The simulator could only guess this exit status (it rests on the build host, or on output it cannot know): a real build may succeed here.'
      : '';
    return {
      ok: false,
      error: lineError('run-failed', message, `The command exited with status ${outcome.exitCode}, so the build stops at this step.${guessed}`, ins),
      output: outcome.output,
      durationMs: outcome.durationMs,
      estimated: outcome.estimated,
    };
  }
  for (const t of mountTargets) work.remove(t, { recursive: true });
  let { layer } = work.commit({ symlinkSizing: symlinkSizing(ctx), createdBy: ins.text });
  if (volumes.length > 0) layer = dropUnderVolumes(layer, volumes, ins.text);
  return { ok: true, layer, output: outcome.output, estimated: outcome.estimated, durationMs: outcome.durationMs };
}

function programExists(fs: FsView, program: string, env: ReadonlyMap<string, string>): boolean {
  if (program === '') return false;
  if (program.includes('/')) return fs.exists(normalizePath(program, '/'));
  const path = env.get('PATH') ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
  return path.split(':').some((dir) => dir !== '' && fs.exists(`${dir}/${program}`));
}

function dropUnderVolumes(layer: Layer, volumes: readonly string[], createdBy: string): Layer {
  const under = (p: string): boolean => volumes.some((v) => p !== v && isPathWithin(p, v));
  const changes = new Map<string, LayerChange>();
  for (const [p, c] of layer.changes) if (!under(p)) changes.set(p, c);
  const hides = new Set<string>([...layer.hidesBelow].filter((p) => !under(p)));
  return new FsLayer(changes, hides, { symlinkSizing: layer.symlinkSizing, createdBy });
}

function readText(st: StageState, path: string): string | undefined {
  const r = st.rootfs.readFile(path);
  return r.ok && r.value.body.kind === 'bytes' ? decodeUtf8(r.value.body.data) : undefined;
}

function hasEntry(file: string | undefined, field: 0 | 2, value: string): boolean {
  return (file ?? '').split('\n').some((line) => line.split(':')[field] === value);
}

/**
 * The user a RUN starts as must resolve: names through /etc/passwd (and /etc/group). Legacy:
 * `unable to find user x: no matching entries in passwd file`; BuildKit also needs /etc/passwd for
 * a bare uid (`invalid argument` when the file is missing). Verified on Engine 20.10.24 (s50).
 */
function checkRunUser(ctx: Ctx, st: StageState, ins: Instruction): BuildError | undefined {
  const spec = st.config.user;
  if (spec === '') return undefined;
  const [user = '', group] = spec.split(':');
  const numeric = (x: string): boolean => /^\d+$/.test(x);
  const passwd = readText(st, '/etc/passwd');
  const hasPasswd = st.rootfs.exists('/etc/passwd');
  let problem: string | undefined;
  if (!numeric(user)) {
    if (!hasEntry(passwd, 0, user)) problem = ctx.builder === 'buildkit' && !hasPasswd ? `unable to find user ${user}: invalid argument` : `unable to find user ${user}: no matching entries in passwd file`;
  } else if (ctx.builder === 'buildkit' && group === undefined && !hasPasswd) {
    problem = `unable to find user ${user}: invalid argument`;
  }
  if (!problem && group !== undefined && group !== '' && !numeric(group)) {
    const groups = readText(st, '/etc/group');
    if (!hasEntry(groups, 0, group)) problem = `unable to find group ${group}: no matching entries in group file`;
  }
  if (!problem) return undefined;
  const message = ctx.builder === 'buildkit' ? `executor failed running [${runArgv(st, ins as RunInstruction).argv.join(' ')}]: ${problem}` : problem;
  return lineError('other', message, `USER ${spec} must exist in the image's /etc/passwd (use a numeric uid:gid such as 1000:1000, or create the user in an earlier RUN).`, ins);
}

function execWorkdir(ctx: Ctx, st: StageState, path: string): FsOutcome {
  const key = `${symlinkSizing(ctx)}\u0000${path}\u0000${rootfsKey(ctx.memos, st.rootfs)}`;
  const layer = boundedMemo(ctx.memos.workdirs, STEP_MEMO_LIMIT, key, () => {
    const work = st.rootfs.edit();
    if (work.stat(path)?.type !== 'dir') work.mkdir(path, { parents: true });
    return work.commit({ symlinkSizing: symlinkSizing(ctx), createdBy: `WORKDIR ${path}` }).layer;
  });
  return { ok: true, layer, output: [], estimated: false, durationMs: 10 };
}

function parseChown(spec: string | undefined, st: StageState): { uid: number; gid: number } | { error: string } | undefined {
  if (spec === undefined || spec === '') return undefined;
  const [u = '', g] = spec.split(':');
  const num = (x: string): number | undefined => (/^\d+$/.test(x) ? Number(x) : undefined);
  const uid = num(u);
  const gid = g === undefined ? uid : num(g);
  if (uid !== undefined && gid !== undefined) return { uid, gid };
  if (!st.rootfs.exists('/etc/passwd')) return { error: `can't find uid for user ${u}: open /etc/passwd: no such file or directory` };
  const passwd = readText(st, '/etc/passwd') ?? '';
  const row = passwd.split('\n').find((l) => l.split(':')[0] === u);
  if (uid === undefined && !row) return { error: `can't find uid for user ${u}: no such user: ${u}` };
  const resolvedUid = uid ?? Number(row?.split(':')[2] ?? '0');
  const resolvedGid = gid ?? (g === undefined ? Number(row?.split(':')[3] ?? '0') : 0);
  return { uid: resolvedUid, gid: resolvedGid };
}

// ---------------------------------------------------------------------------------------------
// Legacy builder

function runLegacy(ctx: Ctx, order: readonly number[]): void {
  const df = ctx.df;
  const total = df.metaArgs.length + order.reduce((n, i) => n + 1 + (df.stages[i]?.instructions.length ?? 0), 0);
  let number = 0;
  // The only legacy graph error: a meta ARG default the 20.10 lexer rejects. processMetaArg fails
  // at that ARG's step, before any stage, even when a --build-arg sets the name (Engine 20.10.24:
  // `Step 1/3 : ARG V=${X` then `failed to process "${X": missing ':' in substitution`).
  const metaFailure = ctx.graph.errors[0];
  for (const meta of df.metaArgs) {
    number++;
    const step = draft(ctx, -1, meta, 'ARG', `Step ${number}/${total} : ${meta.text}`, number, total, 'run', { code: 'not-cacheable', message: 'a global ARG only sets a value for FROM lines' }, { metaArg: true });
    ctx.steps.push(step);
    if (metaFailure !== undefined && metaFailure.line === meta.startLine) {
      step.status = 'failed';
      ctx.error = toBuildError(metaFailure);
      return;
    }
  }
  const namesSeen = new Set<string>();
  // Image ids the build's image sources hold (imageSources.Get keeps them by id and returns them
  // again without a platform check).
  const mountedImageIds = new Set<string>();
  for (const i of order) {
    const stage = df.stages[i];
    const gs = ctx.graph.stages[i];
    if (!stage || !gs) continue;
    if (stage.name !== undefined) {
      if (namesSeen.has(stage.name)) {
        ctx.error = lineError('duplicate-stage-name', `${stage.name} stage name already used`, `Two stages are named ${stage.name}. Stage names must be unique: rename one of them.`, stage.from, i);
        return;
      }
      namesSeen.add(stage.name);
    }
    number++;
    const fromStep = draft(ctx, i, stage.from, 'FROM', `Step ${number}/${total} : ${stage.from.text}`, number, total, 'run', { code: 'not-cacheable', message: 'the base image' });
    ctx.steps.push(fromStep);
    // dispatchFrom parses `--platform` before it expands the base name (moby 20.10 dispatchers.go).
    if (gs.platform?.kind === 'invalid') {
      fromStep.status = 'failed';
      ctx.error = lineError(gs.platform.errorKind, gs.platform.message, gs.platform.explanation, stage.from, i);
      return;
    }
    let st: StageState;
    if (gs.base.kind === 'scratch') {
      st = stateFromImage(undefined, 'scratch');
      fromStep.imageId = '';
    } else if (gs.base.kind === 'stage') {
      const parent = ctx.finals[gs.base.index];
      if (!parent) return;
      if (gs.platform?.kind === 'parsed' && !gs.platform.isHost && !mountedImageIds.has(parent.id)) {
        // A stage's image is looked up by id with the platform, local only, and the platform
        // check fails it (daemon/images GetImage); a named image is used whatever the platform
        // (GetImageAndReleasableLayer keeps the image the failed check returns), and so is a stage
        // that is still its base image (already held). Engine 20.10.24 probed (s58 b16, b31).
        fromStep.status = 'failed';
        ctx.error = lineError('other', `image with reference sha256:${parent.id} was found but does not match the specified platform: wanted ${formatPlatform(gs.platform.platform)}, actual: linux/amd64`, `Stage ${gs.baseName} was built for linux/amd64; drop --platform or build that stage for the same platform.`, stage.from, i);
        return;
      }
      st = cloneState(parent);
      fromStep.imageId = parent.id;
    } else if (gs.base.kind === 'image') {
      const img = ctx.input.resolveImage(gs.base.normalized, gs.base.ref);
      if (!ctx.images.includes(gs.base.normalized)) ctx.images.push(gs.base.normalized);
      if (!img) {
        fromStep.status = 'failed';
        ctx.error = unknownImageError(gs.base.ref, gs.base.normalized, 'legacy', stage.from, i);
        return;
      }
      st = stateFromImage(img, gs.base.ref);
      fromStep.imageId = img.id;
      mountedImageIds.add(img.id);
    } else {
      fromStep.status = 'failed';
      // The reference error bare (`invalid reference format: …`) or a lexer error: record.mjs reads both as `other`.
      ctx.error = lineError(gs.base.errorKind, gs.base.message, 'The FROM reference is not a valid image name.', stage.from, i);
      return;
    }
    fromStep.durationMs = 0;
    // Engine 20.10's legacy builder starts every stage with no ARGs in scope, even `FROM <stage>`
    // (s45-arg-inherited-by-child-stage); BuildKit inherits them.
    st.args = new Map();
    ctx.initials[i] = snapshotState(st);
    let busted = ctx.request.noCache === true;
    const triggers = st.config.onBuild;
    st.config.onBuild = [];
    const runOne = (ins: Instruction, stepNumber: number, onbuild: boolean): boolean => {
      const display = onbuild ? ins.text : `Step ${stepNumber}/${total} : ${ins.text}`;
      const step = draft(ctx, i, ins, upper(ins), display, onbuild ? 0 : stepNumber, onbuild ? 0 : total, 'run', { code: 'first-build', message: '' }, onbuild ? { onbuild: true } : {});
      ctx.steps.push(step);
      const r = legacyStep(ctx, st, ins, i, busted, step);
      if (!r.ok) return false;
      if (step.status === 'run') busted = true;
      return true;
    };
    for (const t of triggers) {
      const trig = parseTrigger(ctx, stage.instructions, t);
      if (trig && !runOne(trig, 0, true)) return;
    }
    for (const ins of stage.instructions) {
      number++;
      if (!runOne(ins, number, false)) return;
    }
    ctx.finals[i] = st;
  }
}

/** Finds the parsed trigger instruction of an ONBUILD expression (from the stage base's ONBUILD lines). */
function parseTrigger(ctx: Ctx, _own: readonly Instruction[], expression: string): Instruction | undefined {
  for (const ins of ctx.df.instructions) if (ins.kind === 'onbuild' && ins.expression === expression && ins.trigger) return ins.trigger;
  return undefined;
}

function draft(
  ctx: Ctx,
  stage: number,
  ins: Instruction,
  instruction: string,
  display: string,
  number: number,
  total: number,
  status: StepStatus,
  reason: StepReason,
  extra: Partial<StepDraft> = {},
): StepDraft {
  return {
    id: `s${stage}-l${ins.startLine}${extra.onbuild ? '-onbuild' : ''}-${ctx.steps.length}`,
    stage,
    ins,
    instruction,
    text: ins.text,
    label: display,
    number,
    total,
    status,
    reason,
    startMs: ctx.clock,
    durationMs: 0,
    output: [],
    estimated: false,
    imageId: '',
    ...extra,
  };
}

function legacySignature(ctx: Ctx, st: StageState, ins: Instruction, histText: string, copyDesc?: string): string {
  if (ins.kind === 'run') {
    const { argv } = runArgv(st, ins);
    const args = legacyRunArgs(ctx, st);
    return JSON.stringify([args.length > 0 ? `|${args.length} ${args.join(' ')}` : '', ...argv]);
  }
  if (ins.kind === 'copy' || ins.kind === 'add') return `#(nop) ${ins.kind.toUpperCase()} ${ins.chown ? `--chown=${ins.chown} ` : ''}${copyDesc ?? ''} in ${ins.destination} `;
  // dispatchArg commits `ARG name=<Dockerfile default>`: a --build-arg value never enters the key (s06, s45).
  if (ins.kind === 'arg') return `#(nop) ARG ${ins.args.map((a) => (a.value !== undefined ? `${a.name}=${a.value}` : a.name)).join(' ')}`;
  return `#(nop) ${histText}`;
}

function legacyStep(ctx: Ctx, st: StageState, ins: Instruction, stageIndex: number, busted: boolean, step: StepDraft): { ok: boolean } {
  const parentId = st.id;
  const fail = (error: BuildError, output: readonly string[] = []): { ok: boolean } => {
    step.status = 'failed';
    step.output = output;
    step.reason = { code: 'failed', message: error.message };
    ctx.error = { ...error, stage: stageIndex, stepId: step.id, ...(error.range ? {} : { range: ins.range, line: ins.startLine }) };
    return { ok: false };
  };
  // Engine 20.10 rejects BuildKit-only flags when it reaches the step (dispatchers.go).
  if (ins.kind === 'run' && ins.flags.length > 0) {
    return fail(lineError('requires-buildkit', `the --${ins.flags[0]?.name ?? 'mount'} option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled`, 'RUN --mount (and other RUN flags) only work with BuildKit: build with DOCKER_BUILDKIT=1.', ins));
  }
  if ((ins.kind === 'copy' || ins.kind === 'add') && ins.chmod !== undefined) {
    return fail(lineError('requires-buildkit', 'the --chmod option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled', 'COPY --chmod only works with BuildKit: build with DOCKER_BUILDKIT=1, or chmod in a RUN.', ins));
  }
  if (ins.kind === 'unknown' || ins.kind === 'from') return { ok: true };

  let copyPlan: ReturnType<typeof planCopy> | undefined;
  let copySource: CopySource | undefined;
  let copyReq: Parameters<typeof planCopy>[1] | undefined;
  let chown: { uid: number; gid: number } | undefined;
  if (ins.kind === 'copy' || ins.kind === 'add') {
    const preEnv = envCopy(ctx, st);
    const src = legacyCopySource(ctx, ins, stageIndex);
    if ('error' in src) return fail(src.error);
    copySource = src;
    const c = parseChown(ins.chown !== undefined ? expand(ctx, ins.chown, preEnv) : undefined, st);
    if (c && 'error' in c) return fail(lineError('other', `unable to convert uid/gid chown string to host mapping: ${c.error}`, 'COPY --chown names a user the image does not have (no /etc/passwd entry).', ins));
    chown = c;
    copyReq = {
      sources: ins.sources.map((s) => expand(ctx, s, preEnv)),
      dest: expand(ctx, ins.destination, preEnv),
      workdir: st.config.workdir || '/',
      ...(chown ? { chown } : {}),
      ...(ins.kind === 'add' ? { extract: true } : {}),
    };
    const url = ins.kind === 'add' && ctx.input.offline !== false ? copyReq.sources.find(isUrl) : undefined;
    if (url !== undefined) {
      return fail(lineError('other', `ADD failed: Get "${url}": dial tcp: lookup ${urlHost(url)}: no such host`, 'ADD downloads URLs at build time, and this engine has no network. Download the file into the build context and COPY it instead.', ins));
    }
    copyPlan = planCopy(copySource, copyReq, 'legacy');
    if (!copyPlan.ok) return fail(lineError(copyPlan.kind, copyPlan.message, copyPlan.explanation, ins));
  }

  const histText = FS_KINDS.has(ins.kind) && ins.kind !== 'workdir' ? ins.text : applyMetadata(ctx, st, ins);
  if (ins.kind === 'run') for (const k of legacyRunArgs(ctx, st)) ctx.usedArgs.add(k.split('=')[0] ?? '');
  const sig = legacySignature(ctx, st, ins, histText, copyPlan?.ok ? copyPlan.description : undefined);
  const key = `${parentId}\n${sig}`;
  const hit = busted ? undefined : ctx.cache.legacy.get(key);
  if (hit) {
    step.status = 'cached';
    step.reason = { code: 'cached', message: 'Using cache' };
    step.imageId = hit.imageId;
    step.estimated = hit.estimated;
    step.output = [];
    // The image is the same whether the step ran or was cached, so it says the same about where
    // a COPY --from file came from (the written paths, memoised by copyLayer, not the layer).
    if (copySource && copySource.kind !== 'context' && copyPlan?.ok && copyReq) {
      recordCopied(st, copySource, copyLayer(ctx, st, copySource, copyPlan, copyReq, 'target-length', ins.text).written, copySourceState(ctx, ins, stageIndex));
    }
    if (hit.layer) pushLayer(st, hit.layer, stageIndex, ins);
    st.id = hit.imageId;
    pushHistory(ctx, st, ins, histText, hit.layer, stageIndex);
    return { ok: true };
  }
  step.reason = busted && ctx.firstBuild && !ctx.request.noCache
    ? { code: 'first-build', message: 'first build: nothing cached yet' }
    : busted
    ? ctx.request.noCache ? { code: 'no-cache', message: '--no-cache: the cache is not used' } : { code: 'earlier-step-ran', message: 'an earlier step in this stage ran, so every later step runs again' }
    : legacyReason(ctx, st, ins, stageIndex, parentId, sig, snapshotOf(copySource, copyPlan));
  let layer: Layer | undefined;
  let output: readonly string[] = [];
  if (ins.kind === 'run') {
    const userError = checkRunUser(ctx, st, ins);
    if (userError) {
      step.containerId = hex12(ctx, 'container', parentId, sig);
      return fail(userError);
    }
    const r = execRun(ctx, st, ins, []);
    step.durationMs = r.durationMs;
    step.estimated = r.estimated;
    ctx.clock += r.durationMs;
    if (!r.ok) return fail(r.error, r.output);
    layer = r.layer;
    output = r.output;
  } else if ((ins.kind === 'copy' || ins.kind === 'add') && copyPlan?.ok && copySource && copyReq) {
    const made = copyLayer(ctx, st, copySource, copyPlan, copyReq, 'target-length', ins.text);
    recordCopied(st, copySource, made.written, copySourceState(ctx, ins, stageIndex));
    layer = made.layer;
    step.durationMs = 20;
    ctx.clock += 20;
  } else if (ins.kind === 'workdir') {
    const r = execWorkdir(ctx, st, st.config.workdir);
    if (r.ok && !r.layer.isEmpty) layer = r.layer;
    step.durationMs = 10;
    ctx.clock += 10;
  } else {
    step.durationMs = 5;
    ctx.clock += 5;
  }
  const imageId = hex12(ctx, 'legacy-image', parentId, sig, String(ctx.cache.serial));
  if (ins.kind === 'run' || ins.kind === 'workdir' || !FS_KINDS.has(ins.kind)) step.containerId = hex12(ctx, 'container', imageId);
  step.imageId = imageId;
  step.output = output;
  if (layer) pushLayer(st, layer, stageIndex, ins);
  st.id = imageId;
  ctx.cache.legacy.set(key, { imageId, ...(layer ? { layer } : {}), output, estimated: step.estimated });
  ctx.cache.legacyHistory.set(`${parentId}\n${ins.kind}:${ins.startLine}`, sig);
  ctx.cache.records.set(stepSlot(ctx, stageIndex, ins), currentRecord(ctx, st, ins, parentId, snapshotOf(copySource, copyPlan)));
  pushHistory(ctx, st, ins, histText, layer, stageIndex);
  return { ok: true };
}

function stepSlot(ctx: Ctx, stageIndex: number, ins: Instruction): string {
  const known = ctx.slots.get(ins);
  if (known !== undefined) return known;
  const stage = ctx.df.stages[stageIndex];
  let position = 0;
  let found = false;
  for (const x of stage?.instructions ?? []) {
    if (x === ins) {
      found = true;
      break;
    }
    if (x.kind === ins.kind) position++;
  }
  // An instruction not in the stage (an ONBUILD trigger, run in each stage built on the one that
  // declares it) takes position 0 and is not remembered: its slot depends on the stage.
  const slot = `${ctx.builder}|${stage?.name ?? stageIndex}|${ins.kind}|${found ? position : 0}`;
  if (found) ctx.slots.set(ins, slot);
  return slot;
}

function sourceFiles({ view, paths, kind: base }: SourceSnapshot): Map<string, string> {
  const files = new Map<string, string>();
  const shown = (p: string): string => (base === 'context' ? p.slice(1) : p);
  for (const path of paths) {
    const e = view.lstat(path);
    if (!e) continue;
    if (e.type === 'dir') {
      for (const [, abs, child] of view.walk(path)) if (child.type !== 'dir') files.set(shown(abs), entryDigest(child));
    } else files.set(shown(path), entryDigest(e));
  }
  return files;
}

function snapshotOf(source: CopySource | undefined, plan: ReturnType<typeof planCopy> | undefined): SourceSnapshot | undefined {
  if (!source || !plan?.ok) return undefined;
  return { view: source.view, paths: plan.matches.map((m) => m.path), kind: source.kind };
}

function envWithoutPath(ctx: Ctx, st: StageState): Map<string, string> {
  const env = envCopy(ctx, st);
  env.delete('PATH');
  return env;
}

function currentRecord(ctx: Ctx, st: StageState, ins: Instruction, parent: string, sources?: SourceSnapshot): StepRecord {
  return {
    parent,
    text: ins.text,
    env: envWithoutPath(ctx, st),
    args: [...st.args.keys()],
    user: st.config.user,
    cwd: st.config.workdir,
    ...(sources ? { sources } : {}),
  };
}

/** Says why a step missed by comparing it with the last time it ran. */
function explainByRecord(ctx: Ctx, prev: StepRecord | undefined, cur: StepRecord, ins: Instruction, firstInStage: boolean): StepReason {
  const kw = upper(ins);
  if (!prev) return ctx.firstBuild ? { code: 'first-build', message: 'first build: nothing cached yet' } : { code: 'instruction-changed', message: `${kw} is new since the last build` };
  if (prev.sources && cur.sources) {
    const prevFiles = sourceFiles(prev.sources);
    const curFiles = sourceFiles(cur.sources);
    const changed: string[] = [];
    for (const [f, d] of curFiles) if (prevFiles.get(f) !== d) changed.push(f);
    const removed = [...prevFiles.keys()].filter((f) => !curFiles.has(f));
    if (changed.length > 0 || removed.length > 0) {
      const list = (xs: string[]): string => (xs.length > 3 ? `${xs.slice(0, 3).join(', ')} and ${xs.length - 3} more` : xs.join(', '));
      if (changed.length > 0) return { code: 'source-changed', message: `${kw} source ${list(changed)} changed` };
      return { code: 'source-changed', message: `${kw} source ${list(removed)} was removed` };
    }
  }
  if (prev.text !== cur.text) return { code: 'instruction-changed', message: `the ${kw} instruction changed` };
  const before = prev.env;
  const now = cur.env;
  for (const k of new Set([...before.keys(), ...now.keys()])) {
    if (before.get(k) === now.get(k)) continue;
    const isArg = cur.args.includes(k) || prev.args.includes(k);
    if (isArg && Object.prototype.hasOwnProperty.call(ctx.buildArgs, k)) return { code: 'build-arg-changed', message: `build-arg ${k} changed` };
    if (isArg) return { code: 'build-arg-changed', message: `ARG ${k} changed` };
    return { code: 'env-changed', message: `ENV ${k} changed` };
  }
  if (prev.user !== cur.user) return { code: 'env-changed', message: `USER changed (${prev.user || 'root'} → ${cur.user || 'root'})` };
  if (prev.cwd !== cur.cwd) return { code: 'env-changed', message: `WORKDIR changed (${prev.cwd || '/'} → ${cur.cwd || '/'})` };
  if (prev.parent !== cur.parent) {
    return firstInStage
      ? { code: 'base-changed', message: 'the stage it builds on (FROM) changed' }
      : { code: 'earlier-step-ran', message: 'an earlier step in this stage ran, so this step has a new input' };
  }
  return { code: 'instruction-changed', message: `${kw} or its inputs changed since the last build` };
}

function legacyReason(ctx: Ctx, st: StageState, ins: Instruction, stageIndex: number, parentId: string, sig: string, files: SourceSnapshot | undefined): StepReason {
  const prev = ctx.cache.records.get(stepSlot(ctx, stageIndex, ins));
  if (ins.kind === 'label' || ins.kind === 'cmd' || ins.kind === 'expose' || ins.kind === 'entrypoint' || ins.kind === 'env' || ins.kind === 'user' || ins.kind === 'healthcheck' || ins.kind === 'volume' || ins.kind === 'shell' || ins.kind === 'stopsignal') {
    if (prev && prev.text !== ins.text) return { code: 'metadata-changed', message: `${upper(ins)} changed — the legacy builder rebuilds everything after it` };
  }
  if (prev) {
    const stage = ctx.df.stages[stageIndex];
    return explainByRecord(ctx, prev, currentRecord(ctx, st, ins, parentId, files), ins, stage?.instructions[0] === ins);
  }
  return explainLegacyMiss(ctx, parentId, sig, ins);
}

function explainLegacyMiss(ctx: Ctx, parentId: string, sig: string, ins: Instruction): StepReason {
  if (ctx.firstBuild) return { code: 'first-build', message: 'first build: nothing cached yet' };
  const before = ctx.cache.legacyHistory.get(`${parentId}\n${ins.kind}:${ins.startLine}`);
  if (before === undefined) {
    const anyBefore = [...ctx.cache.legacy.keys()].some((k) => k.startsWith(`${parentId}\n`));
    if (!anyBefore) return { code: 'base-changed', message: 'the image this step builds on is new, so nothing is cached for it' };
    return { code: 'instruction-changed', message: `${upper(ins)} is new or changed since the last build` };
  }
  if (ins.kind === 'copy' || ins.kind === 'add') return { code: 'source-changed', message: `${upper(ins)} source ${ins.sources.join(' ')} changed` };
  if (ins.kind === 'run' && before.includes('|') && sig.includes('|')) return { code: 'build-arg-changed', message: describeArgChange(before, sig) };
  if (ins.kind === 'label' || ins.kind === 'cmd' || ins.kind === 'expose' || ins.kind === 'entrypoint') {
    return { code: 'metadata-changed', message: `${upper(ins)} changed — the legacy builder rebuilds everything after it` };
  }
  return { code: 'instruction-changed', message: `${upper(ins)} changed since the last build` };
}

function describeArgChange(before: string, after: string): string {
  const parse = (s: string): Map<string, string> => {
    const m = /\|\d+ ([^"]*)"/.exec(s);
    const out = new Map<string, string>();
    for (const kv of (m?.[1] ?? '').split(' ')) {
      const i = kv.indexOf('=');
      if (i > 0) out.set(kv.slice(0, i), kv.slice(i + 1));
    }
    return out;
  };
  const a = parse(before);
  const b = parse(after);
  for (const [k, v] of b) if (a.get(k) !== v) return `build-arg ${k} changed`;
  return 'the build args in scope changed';
}

function legacyCopySource(ctx: Ctx, ins: CopyInstruction, stageIndex: number): CopySource | { error: BuildError } {
  if (ins.from === undefined) return { view: ctx.input.context.rootfs, kind: 'context' };
  const read = ctx.graph.stages[stageIndex]?.reads.find((r) => r.instruction === ins);
  const target: SourceRef | undefined = read?.target;
  if (!target) return { view: ctx.input.context.rootfs, kind: 'context' };
  return resolveCopyView(ctx, target, ins, stageIndex);
}

function resolveCopyView(ctx: Ctx, target: SourceRef, ins: Instruction, stageIndex: number): CopySource | { error: BuildError } {
  switch (target.kind) {
    case 'stage': {
      const s = ctx.finals[target.index];
      if (!s) return { error: lineError('other', `stage ${target.index} has not been built`, 'The stage this step reads from did not build.', ins, stageIndex) };
      return { view: s.rootfs, kind: 'stage' };
    }
    case 'later-stage-base': {
      const s = ctx.initials[target.index] ?? initialStateOf(ctx, target.index);
      return { view: s?.rootfs ?? Rootfs.empty(), kind: 'stage' };
    }
    case 'image': {
      const img = ctx.input.resolveImage(target.normalized, target.ref);
      if (!ctx.images.includes(target.normalized)) ctx.images.push(target.normalized);
      if (!img) {
        const message = ctx.builder === 'legacy'
          ? `invalid from flag value ${target.ref}: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host`
          : `failed to load cache key: failed to do request: Head "https://registry-1.docker.io/v2/${registryPath(target.normalized).path}/manifests/${registryPath(target.normalized).tag}": dial tcp: lookup registry-1.docker.io: no such host`;
        return {
          error: lineError(ctx.builder === 'legacy' ? 'image-not-found' : UNKNOWN_IMAGE_KIND, message, `--from=${target.ref} names no earlier stage, so it is read as an image, and that image is not available.`, ins, stageIndex),
        };
      }
      return { view: img.rootfs, kind: 'image' };
    }
    case 'error':
      return { error: lineError(target.errorKind, target.message, `--from does not name a usable stage.`, ins, stageIndex) };
  }
}

/** BuildKit 20.10: a stage read before it is dispatched shows its base state (scenario s12). */
function initialStateOf(ctx: Ctx, index: number): StageState | undefined {
  const gs = ctx.graph.stages[index];
  if (!gs) return undefined;
  if (gs.base.kind === 'image') {
    const img = ctx.input.resolveImage(gs.base.normalized, gs.base.ref);
    return stateFromImage(img, gs.base.ref);
  }
  if (gs.base.kind === 'stage') return ctx.finals[gs.base.index] ?? initialStateOf(ctx, gs.base.index);
  return stateFromImage(undefined, 'scratch');
}

function copySourceState(ctx: Ctx, ins: Instruction, stageIndex: number): StageState | Origin | undefined {
  const read = ctx.graph.stages[stageIndex]?.reads.find((r) => r.instruction === ins);
  if (read?.target.kind === 'stage') return ctx.finals[read.target.index];
  if (read?.target.kind === 'later-stage-base') return ctx.initials[read.target.index];
  if (read?.target.kind === 'image') return { kind: 'base', image: read.target.ref };
  return undefined;
}

function pushLayer(st: StageState, layer: Layer, stage: number, ins: Instruction): void {
  st.rootfs = st.rootfs.withLayer(layer);
  own(st, OWNS_LAYERS);
  st.layers.push({ layer, origin: { kind: 'step', stage, line: ins.startLine, instruction: upper(ins) } });
  if (layer.estimated) st.estimated = true;
}

function pushHistory(ctx: Ctx, st: StageState, ins: Instruction, histText: string, layer: Layer | undefined, stage: number): void {
  let createdBy: string;
  if (ctx.builder === 'legacy') {
    if (ins.kind === 'run') {
      const { argv } = runArgv(st, ins);
      const args = legacyRunArgs(ctx, st);
      createdBy = `${args.length > 0 ? `|${args.length} ${args.join(' ')} ` : ''}${argv.join(' ')}`;
    } else if (ins.kind === 'copy' || ins.kind === 'add') createdBy = `/bin/sh -c #(nop) ${ins.text} `;
    else createdBy = `/bin/sh -c #(nop)  ${histText}`;
  } else {
    if (ins.kind === 'run') {
      const { argv } = runArgv(st, ins);
      createdBy = `RUN ${argv.join(' ')} # buildkit`;
    } else if (ins.kind === 'copy' || ins.kind === 'add') createdBy = `${ins.kind.toUpperCase()} ${ins.sources.join(' ')} ${ins.destination} # buildkit`;
    else createdBy = histText;
  }
  own(st, OWNS_HISTORY);
  st.history.push({
    createdBy,
    bytes: bytes(layer?.size ?? 0),
    emptyLayer: layer === undefined,
    ...(ctx.builder === 'buildkit' ? { comment: 'buildkit.dockerfile.v0' } : {}),
    stage,
    line: ins.startLine,
  });
}

// ---------------------------------------------------------------------------------------------
// BuildKit

function runBuildkit(ctx: Ctx, order: readonly number[], targetIndex: number): void {
  const df = ctx.df;
  const noCache = ctx.request.noCache === true;
  const seenKeys = new Map<string, StepDraft>();
  const failedStages = new Set<number>();
  // Initial states of every stage (a later stage read early is seen in this state).
  for (const i of order) {
    const stage = df.stages[i];
    const gs = ctx.graph.stages[i];
    if (!stage || !gs) continue;
    if (gs.dependsOn.some((d) => failedStages.has(d))) {
      failedStages.add(i);
      continue;
    }
    let st: StageState;
    let start = 0;
    const triggers: Instruction[] = [];
    const label = ctx.graph.labels[i] ?? '';
    const fsCount = stage.instructions.filter((x) => FS_KINDS.has(x.kind)).length;
    let onbuildCount = 0;
    if (gs.base.kind === 'stage') {
      const parent = ctx.finals[gs.base.index];
      if (!parent) {
        failedStages.add(i);
        continue;
      }
      st = cloneState(parent);
      st.config.onBuild = [];
      for (const t of parent.config.onBuild) {
        const trig = parseTrigger(ctx, stage.instructions, t);
        if (trig) triggers.push(trig);
      }
      onbuildCount = triggers.filter((t) => FS_KINDS.has(t.kind)).length;
      start = ctx.stageEnd[gs.base.index] ?? 0;
    } else if (gs.base.kind === 'image') {
      const img = ctx.input.resolveImage(gs.base.normalized, gs.base.ref);
      st = stateFromImage(img, gs.base.ref);
      st.id = hashStrings('bk-image', gs.base.normalized);
      st.vertex = st.id;
      st.args = new Map();
    } else {
      st = stateFromImage(undefined, 'scratch');
      st.id = 'scratch';
      st.vertex = '';
    }
    const hasImageFrom = gs.base.kind === 'image';
    // Triggers are numbered first but not counted in n: `[child 1/1] RUN echo triggered`, `[child 2/1] ...` (s40).
    void onbuildCount;
    const total = (hasImageFrom ? 1 : 0) + fsCount;
    let k = 0;
    const prefix = (n: number): string => {
      const width = String(total).length;
      const num = `${String(n).padStart(width, ' ')}/${total}`;
      return label === '' ? `[${num}]` : `[${label} ${num}]`;
    };
    if (hasImageFrom && gs.base.kind === 'image') {
      k++;
      const key = st.id;
      const fromStep = draft(ctx, i, stage.from, 'FROM', `${prefix(k)} FROM ${gs.base.normalized}`, k, total, 'run', { code: 'not-cacheable', message: 'the base image' }, { key, inputs: [] });
      fromStep.text = `FROM ${gs.base.normalized}`;
      fromStep.startMs = 0;
      const prev = seenKeys.get(key);
      if (prev) {
        fromStep.hidden = true;
        fromStep.status = prev.status;
      } else seenKeys.set(key, fromStep);
      ctx.steps.push(fromStep);
      ctx.lastDraft[i] = fromStep;
    } else if (gs.base.kind === 'stage') {
      ctx.lastDraft[i] = ctx.lastDraft[gs.base.index];
    }
    ctx.initials[i] = snapshotState(st);
    let clock = start;
    let failed = false;
    const all: { ins: Instruction; onbuild: boolean }[] = [...triggers.map((t) => ({ ins: t, onbuild: true })), ...stage.instructions.map((x) => ({ ins: x, onbuild: false }))];
    for (const { ins, onbuild } of all) {
      if (!FS_KINDS.has(ins.kind)) {
        const hist = applyMetadata(ctx, st, ins);
        if (ins.kind !== 'onbuild') pushHistory(ctx, st, ins, hist, undefined, i);
        continue;
      }
      k++;
      const text = bkDisplayText(ctx, st, ins);
      const display = `${prefix(k)} ${text}`;
      const step = draft(ctx, i, ins, upper(ins), display, k, total, 'run', { code: 'first-build', message: '' }, onbuild ? { onbuild: true } : {});
      step.text = text;
      step.startMs = clock;
      step.prev = ctx.lastDraft[i];
      const r = buildkitStep(ctx, st, ins, i, step, noCache, seenKeys, clock);
      if (r === 'skip') {
        continue;
      }
      ctx.steps.push(step);
      ctx.lastDraft[i] = step;
      clock = step.startMs + step.durationMs;
      if (r === 'failed') {
        failed = true;
        if (ctx.errorAt === undefined || clock < ctx.errorAt) ctx.errorAt = clock;
        break;
      }
    }
    ctx.stageEnd[i] = clock;
    if (failed) {
      failedStages.add(i);
      continue;
    }
    ctx.finals[i] = st;
    if (i === targetIndex) break;
  }
}

/** The step text BuildKit prints: keyword uppercased, variables in COPY/ADD/WORKDIR expanded. */
function bkDisplayText(ctx: Ctx, st: StageState, ins: Instruction): string {
  const rest = ins.text.replace(/^\S+/, '');
  const keyword = ins.kind === 'unknown' ? ins.keyword.toUpperCase() : ins.kind.toUpperCase();
  if (ins.kind === 'run') return `${keyword}${rest}`.replace(/\$(\w+)|\$\{(\w+)\}/g, (m, a: string | undefined, b: string | undefined) => st.bkEnv.get(a ?? b ?? '') ?? m);
  return `${keyword}${expand(ctx, rest, st.bkEnv).replace(/^(?=\S)/, ' ')}`;
}

function buildkitStep(
  ctx: Ctx,
  st: StageState,
  ins: Instruction,
  stageIndex: number,
  step: StepDraft,
  noCache: boolean,
  seenKeys: Map<string, StepDraft>,
  clock: number,
): 'ok' | 'failed' | 'skip' {
  const env = new Map(st.bkEnv);
  const fail = (error: BuildError, output: readonly string[] = [], hidden = false): 'failed' => {
    step.status = 'failed';
    step.output = output;
    step.reason = { code: 'failed', message: error.message };
    if (hidden) step.hidden = true;
    ctx.error = { ...error, stage: stageIndex, stepId: step.id, ...(error.range ? {} : { range: ins.range, line: ins.startLine }) };
    return 'failed';
  };
  const inputs: string[] = [st.vertex];
  let copyFiles: SourceSnapshot | undefined;
  let key: string;
  let exec: () => FsOutcome;
  let recordReused: (() => void) | undefined;
  if (ins.kind === 'workdir') {
    const hist = applyMetadata(ctx, st, ins);
    const path = st.config.workdir;
    pushHistory(ctx, st, ins, hist, undefined, stageIndex);
    st.history.pop();
    if (path === '/') return 'skip';
    key = new Hasher().string(st.id).string('mkdir').string(path).string(st.config.user).hex();
    exec = () => execWorkdir(ctx, st, path);
  } else if (ins.kind === 'run') {
    const userError = checkRunUser(ctx, st, ins);
    if (userError) return fail(userError);
    const { argv } = runArgv(st, ins);
    const mountViews: { mount: RunInstruction['mounts'][number]; source?: FsView }[] = [];
    // The vertex key hashes these strings in order.
    const parts = [st.id, 'exec', JSON.stringify(argv)];
    for (const [k2, v] of [...st.bkEnv].sort(([a], [b]) => (a < b ? -1 : 1))) parts.push(`${k2}=${v}`);
    parts.push(st.config.workdir, st.config.user);
    // An exec op's platform is part of its key, a file op's is not (Engine 20.10.24 probed, s58:
    // `FROM --platform=linux/amd64/v2` reruns a RUN a plain FROM cached; `linux/amd64` written out,
    // and a COPY onto `FROM --platform=linux/arm64 scratch`, stay cached).
    const platform = ctx.graph.stages[stageIndex]?.platform;
    if (platform?.kind === 'parsed' && formatPlatform(platform.platform) !== 'linux/amd64') parts.push(`platform=${formatPlatform(platform.platform)}`);
    for (const m of ins.mounts) {
      parts.push(`${m.type}:${m.target ?? ''}:${m.source ?? ''}:${m.readOnly}`);
      let source: FsView | undefined;
      if (m.from !== undefined) {
        const read = ctx.graph.stages[stageIndex]?.reads.find((r) => r.instruction === ins && r.raw === m.from);
        if (read) {
          const v = resolveCopyView(ctx, read.target, ins, stageIndex);
          if ('error' in v) return fail(v.error);
          source = v.view;
          if (read.target.kind === 'stage') {
            const src = ctx.finals[read.target.index];
            if (src) inputs.push(src.vertex);
            addSource(step, ctx.lastDraft[read.target.index]);
          }
        }
      } else if (m.type === 'bind') source = ctx.input.context.rootfs;
      if (source && (m.type === 'bind' || m.from !== undefined)) {
        const srcPath = normalizePath(m.source ?? '/');
        const entry = source.stat(srcPath);
        const hh = new Hasher().string('mount-src');
        if (entry) for (const [rel, , e] of source.walk(srcPath)) hh.string(rel).string(e.type === 'file' ? e.contentDigest : e.type);
        parts.push(hh.hex());
      }
      mountViews.push(source ? { mount: m, source } : { mount: m });
    }
    key = hashRemembered(ctx.memos, parts);
    exec = () => execRun(ctx, st, ins, mountViews);
  } else if (ins.kind === 'copy' || ins.kind === 'add') {
    let source: CopySource = { view: ctx.input.context.rootfs, kind: 'context' };
    if (ins.from !== undefined) {
      const read = ctx.graph.stages[stageIndex]?.reads.find((r) => r.instruction === ins);
      if (read) {
        const v = resolveCopyView(ctx, read.target, ins, stageIndex);
        if ('error' in v) return fail(v.error, [], read.target.kind === 'image');
        source = v;
        if (read.target.kind === 'stage') {
          const src = ctx.finals[read.target.index];
          if (src) {
            inputs.push(src.vertex);
            step.startMs = Math.max(clock, ctx.stageEnd[read.target.index] ?? 0);
          }
          addSource(step, ctx.lastDraft[read.target.index]);
        } else if (read.target.kind === 'later-stage-base') {
          const init = ctx.initials[read.target.index] ?? initialStateOf(ctx, read.target.index);
          if (init) inputs.push(init.vertex || hashStrings('bk-image', init.baseImage));
          addSource(step, laterStageFromVertex(ctx, read.target.index, seenKeys));
        }
      }
    }
    const chownSpec = ins.chown !== undefined ? expand(ctx, ins.chown, env) : undefined;
    const c = parseChown(chownSpec, st);
    if (c && 'error' in c) return fail(lineError('other', `open /etc/passwd: no such file or directory`, 'COPY --chown names a user the image does not have (no /etc/passwd entry).', ins));
    const chmod = ins.chmod !== undefined ? parseInt(expand(ctx, ins.chmod, env), 8) : undefined;
    const req = {
      sources: ins.sources.map((s) => expand(ctx, s, env)),
      dest: expand(ctx, ins.destination, env),
      workdir: st.config.workdir || '/',
      ...(c ? { chown: c } : {}),
      ...(chmod !== undefined && !Number.isNaN(chmod) ? { chmod } : {}),
      ...(ins.kind === 'add' ? { extract: true } : {}),
    };
    const plan = planBuildkitCopy(source, req);
    if (!plan.ok) return fail(lineError(plan.kind, plan.message, plan.explanation, ins));
    key = hashRemembered(ctx.memos, [st.id, 'copy', JSON.stringify(req), plan.digest]);
    copyFiles = snapshotOf(source, plan);
    exec = () => {
      const made = copyLayer(ctx, st, source, plan, req, 'zero', ins.text);
      recordCopied(st, source, made.written, copySourceState(ctx, ins, stageIndex));
      return { ok: true, layer: made.layer, output: [], estimated: false, durationMs: 20 };
    };
    // A merged COPY writes what the vertex it merges with wrote; where the files came from is this
    // stage's own source, so the image says the same whichever identical vertex ran.
    // A cache hit records the same, as the image is the same whether the step ran or was cached.
    recordReused = () => {
      if (source.kind !== 'context') recordCopied(st, source, copyLayer(ctx, st, source, plan, req, 'zero', ins.text).written, copySourceState(ctx, ins, stageIndex));
    };
  } else {
    return 'skip';
  }
  step.key = key;
  step.inputs = inputs;
  const merged = seenKeys.get(key);
  if (merged && merged.status !== 'failed') {
    // The solver runs identical vertices once; the progress shows one of them.
    step.hidden = true;
    step.status = merged.status;
    step.reason = merged.reason;
    step.durationMs = 0;
    step.startMs = merged.startMs + merged.durationMs;
    recordReused?.();
    if (merged.layer) pushLayer(st, merged.layer, stageIndex, ins);
    bumpState(ctx, st, ins, key, merged.layer, stageIndex);
    return 'ok';
  }
  seenKeys.set(key, step);
  const hit = noCache ? undefined : ctx.cache.buildkit.get(key);
  if (hit) {
    step.status = 'cached';
    step.reason = { code: 'cached', message: 'CACHED' };
    step.durationMs = 0;
    step.estimated = hit.estimated;
    recordReused?.();
    if (hit.layer) {
      step.layer = hit.layer;
      pushLayer(st, hit.layer, stageIndex, ins);
    }
    bumpState(ctx, st, ins, key, hit.layer, stageIndex);
    return 'ok';
  }
  const record = currentRecord(ctx, st, ins, inputs[0] ?? '', copyFiles);
  const slot = stepSlot(ctx, stageIndex, ins);
  const prevRecord = ctx.cache.records.get(slot);
  const firstFs = ctx.df.stages[stageIndex]?.instructions.find((x) => FS_KINDS.has(x.kind)) === ins;
  step.reason = noCache
    ? { code: 'no-cache', message: '--no-cache: the cache is not used' }
    : prevRecord ? explainByRecord(ctx, prevRecord, record, ins, firstFs) : explainBuildkitMiss(ctx, ins, st);
  ctx.cache.records.set(slot, record);
  const r = exec();
  step.durationMs = r.durationMs;
  step.estimated = r.estimated;
  if (!r.ok) return fail(r.error, r.output);
  step.output = r.output;
  step.layer = r.layer;
  pushLayer(st, r.layer, stageIndex, ins);
  ctx.cache.buildkit.set(key, { layer: r.layer, output: r.output, estimated: r.estimated });
  bumpState(ctx, st, ins, key, r.layer, stageIndex);
  return 'ok';
}

function addSource(step: StepDraft, src: StepDraft | undefined): void {
  if (!src) return;
  step.sources = [...(step.sources ?? []), src];
}

/** BuildKit 20.10: a stage read before it is dispatched contributes only its FROM vertex (s12). */
function laterStageFromVertex(ctx: Ctx, index: number, seenKeys: Map<string, StepDraft>): StepDraft | undefined {
  const gs = ctx.graph.stages[index];
  const stage = ctx.df.stages[index];
  if (!gs || !stage) return undefined;
  if (gs.base.kind === 'stage') return ctx.lastDraft[gs.base.index] ?? laterStageFromVertex(ctx, gs.base.index, seenKeys);
  if (gs.base.kind !== 'image') return undefined;
  const existing = ctx.lastDraft[index];
  if (existing) return existing;
  const key = hashStrings('bk-image', gs.base.normalized);
  const fsCount = stage.instructions.filter((x) => FS_KINDS.has(x.kind)).length;
  const total = 1 + fsCount;
  const label = ctx.graph.labels[index] ?? '';
  const num = `${String(1).padStart(String(total).length, ' ')}/${total}`;
  const d = draft(ctx, index, stage.from, 'FROM', `${label === '' ? `[${num}]` : `[${label} ${num}]`} FROM ${gs.base.normalized}`, 1, total, 'run', { code: 'not-cacheable', message: 'the base image' }, { key, inputs: [] });
  d.text = `FROM ${gs.base.normalized}`;
  d.startMs = 0;
  const prev = seenKeys.get(key);
  if (prev) d.hidden = true;
  else seenKeys.set(key, d);
  ctx.steps.push(d);
  ctx.lastDraft[index] = d;
  return d;
}

function bumpState(ctx: Ctx, st: StageState, ins: Instruction, key: string, layer: Layer | undefined, stage: number): void {
  st.id = key;
  st.vertex = key;
  const hist = ins.kind === 'workdir' ? `WORKDIR ${st.config.workdir}` : ins.text;
  pushHistory(ctx, st, ins, hist, layer ?? undefined, stage);
  const last = st.history[st.history.length - 1];
  // pushHistory made st.history this state's own.
  if (last && layer) st.history[st.history.length - 1] = { ...last, emptyLayer: false };
}

function planBuildkitCopy(source: CopySource, req: Parameters<typeof planCopy>[1]): ReturnType<typeof planCopy> {
  // BuildKit 20.10 copies a glob that matches nothing as nothing, and several sources onto a
  // non-directory destination one after another (scenarios s24, s20).
  const kept: string[] = [];
  for (const s of req.sources) {
    const isGlob = /[*?[]/.test(s);
    const plan = planCopy(source, { ...req, sources: [s] }, 'buildkit');
    if (!plan.ok && isGlob) continue;
    if (!plan.ok) return plan;
    kept.push(s);
  }
  const plan = planCopy(source, { ...req, sources: kept, dest: kept.length > 1 && !req.dest.endsWith('/') ? req.dest : req.dest }, 'buildkit');
  if (!plan.ok && plan.kind === 'copy-dest-not-dir') {
    const merged = kept.map((s) => planCopy(source, { ...req, sources: [s] }, 'buildkit')).filter((p): p is Extract<typeof p, { ok: true }> => p.ok);
    return {
      ok: true,
      matches: merged.flatMap((p) => p.matches).slice(-1),
      digest: hashStrings(...merged.map((p) => p.digest)),
      description: 'multi',
    };
  }
  if (kept.length === 0) return { ok: true, matches: [], digest: hashStrings('empty'), description: 'empty' };
  return plan;
}

function explainBuildkitMiss(ctx: Ctx, ins: Instruction, st: StageState): StepReason {
  if (ctx.firstBuild) return { code: 'first-build', message: 'first build: nothing cached yet' };
  const earlier = ctx.steps.some((d) => d.ins !== ins && d.status === 'run' && d.instruction !== 'FROM' && d.stage === stageOfLine(ctx, ins.startLine) && d.ins.startLine < ins.startLine);
  if (earlier) return { code: 'earlier-step-ran', message: 'an earlier step in this stage ran, so this step has a new input' };
  if (ins.kind === 'copy' || ins.kind === 'add') {
    return { code: 'source-changed', message: `${upper(ins)} source ${ins.sources.join(' ')} changed` };
  }
  if (ins.kind === 'run') {
    const argNames = [...st.args.keys()];
    for (const a of argNames) if (ctx.buildArgs[a] !== undefined) return { code: 'build-arg-changed', message: `the RUN command, or a value in its environment (ENV/ARG such as ${a}), changed` };
    return { code: 'instruction-changed', message: 'the RUN command or its environment (ENV, ARG, WORKDIR, USER) changed' };
  }
  return { code: 'instruction-changed', message: `${upper(ins)} changed since the last build` };
}

function stageOfLine(ctx: Ctx, line: number): number {
  let s = -1;
  for (const st of ctx.df.stages) if (st.from.startLine <= line) s = st.index;
  return s;
}

// ---------------------------------------------------------------------------------------------
// Results

function finalizeSteps(ctx: Ctx): StepResult[] {
  let drafts = ctx.steps;
  if (ctx.builder === 'buildkit') {
    drafts = applyMarshalLabels(ctx, drafts);
    if (ctx.errorAt !== undefined) {
      const limit = ctx.errorAt;
      drafts = drafts.filter((d) => d.status === 'failed' || d.startMs < limit || (d.instruction === 'FROM' && d.startMs <= limit));
    }
    drafts = [...drafts].sort((a, b) => a.startMs - b.startMs || a.stage - b.stage || a.ins.startLine - b.ins.startLine);
  }
  const steps: StepResult[] = [];
  for (const d of drafts) {
    if (d.hidden) continue;
    // Fields assigned one by one in StepResult's order (object spreads of optional fields cost
    // a temporary object each); JSON output keeps that order.
    const step: { -readonly [K in keyof StepResult]: StepResult[K] } = {
      id: d.id,
      stage: d.stage,
      instruction: d.instruction,
      line: d.ins.startLine,
      endLine: d.ins.endLine,
      range: d.ins.range,
      text: d.text,
      display: d.label,
      number: d.number,
      total: d.total,
      status: d.status,
      reason: d.reason,
    } as StepResult;
    // The layer id is derived from the step's cache identity, not by hashing its content (cheap, stable).
    if (d.layer) step.layer = { digest: `sha256:${hashStrings('layer', d.key ?? d.imageId, d.id)}`, bytes: d.layer.size, files: d.layer.changes.size, empty: d.layer.isEmpty };
    step.startMs = d.startMs;
    step.durationMs = d.durationMs;
    step.output = d.output;
    step.estimated = d.estimated;
    step.imageId = d.imageId;
    if (d.containerId !== undefined) step.containerId = d.containerId;
    if (d.onbuild) step.onbuild = true;
    if (d.metaArg) step.metaArg = true;
    if (d.mergedLines) step.mergedLines = d.mergedLines;
    steps.push(step);
  }
  return steps;
}

/**
 * BuildKit names a vertex shared by several stages after the last one written while marshalling
 * the LLB graph (client/llb marshal: depth-first, inputs in order, metadata merged last-wins);
 * scenarios p01 (FROM shown as `builder`) and s33 (RUN shown as `right`).
 */
function applyMarshalLabels(ctx: Ctx, drafts: StepDraft[]): StepDraft[] {
  const byKey = new Map<string, StepDraft[]>();
  for (const d of drafts) {
    if (d.key === undefined) continue;
    const list = byKey.get(d.key) ?? [];
    list.push(d);
    byKey.set(d.key, list);
  }
  if (![...byKey.values()].some((l) => l.length > 1)) return drafts;
  const visited = new Set<StepDraft>();
  const order: StepDraft[] = [];
  const visit = (d: StepDraft | undefined): void => {
    if (!d || visited.has(d)) return;
    visited.add(d);
    visit(d.prev);
    for (const src of d.sources ?? []) visit(src);
    order.push(d);
  };
  visit(ctx.lastDraft[ctx.targetIndex]);
  for (const d of drafts) visit(d);
  const winner = new Map<string, StepDraft>();
  for (const d of order) if (d.key !== undefined) winner.set(d.key, d);
  return drafts.map((d) => {
    if (d.key === undefined) return d;
    const group = byKey.get(d.key) ?? [];
    if (group.length < 2) return d;
    const w = winner.get(d.key) ?? d;
    const shown = group.find((x) => !x.hidden) ?? group[0];
    if (d !== shown) return { ...d, hidden: true };
    const mergedLines = group.filter((x) => x !== w && x.instruction !== 'FROM').map((x) => x.ins.startLine);
    return { ...d, hidden: false, stage: w.stage, label: w.label, number: w.number, total: w.total, ins: w.ins, instruction: w.instruction, text: w.text, ...(mergedLines.length > 0 ? { mergedLines } : {}) };
  });
}

// The final filesystem behind each image a build returns, kept beside it rather than in it: a
// FinalImage stays plain data (it crosses postMessage) and a build copies no file bodies.
const FINAL_ROOTFS = new WeakMap<FinalImage, FsView>();

/** Returns the filesystem a build's final image holds (undefined for an image this module did not make, e.g. a structured clone). */
export function finalImageRootfs(image: FinalImage): FsView | undefined {
  return FINAL_ROOTFS.get(image);
}

function finalImage(ctx: Ctx, st: StageState): FinalImage {
  const layers: ImageLayer[] = [];
  if (st.baseImage !== 'scratch' && st.baseLayerCount > 0) {
    layers.push({ digest: hashStrings('base', st.baseImage), bytes: bytes(st.baseSize), files: 0, source: { kind: 'base', image: st.baseImage } });
  }
  for (const l of st.layers) {
    if (ctx.builder === 'legacy' && l.layer.isEmpty && l.origin.kind === 'step' && l.origin.instruction === 'WORKDIR') continue;
    layers.push({ digest: l.layer.digest, bytes: l.layer.size, files: l.layer.changes.size, source: l.origin });
  }
  const sizeBytes: Bytes = bytes(stateSize(st));
  const image: FinalImage = {
    sizeBytes,
    layers,
    config: freezeConfig(st.config),
    history: st.history,
    id: hex12(ctx, 'final', st.id, String(ctx.cache.serial)),
    files: imageFiles(ctx, st),
    estimated: st.estimated,
  };
  FINAL_ROOTFS.set(image, st.rootfs);
  return image;
}

function stageImageOf(ctx: Ctx, st: StageState, stage: number): StageImage {
  return { sizeBytes: bytes(stateSize(st)), files: ownFiles(ctx, st, stage) };
}

/**
 * The entries of imageFiles whose last writer is one of the stage's own steps (what the per-stage
 * views show), found from those steps' layers instead of a walk of the whole image.
 */
function ownFiles(ctx: Ctx, st: StageState, stage: number): FileProvenance[] {
  const files: FileProvenance[] = [];
  for (const [path, origin] of lastWriters(st, (o) => o.kind === 'step' && o.stage === stage)) {
    // The walk imageFiles does reaches a path when it and each of its ancestors is present.
    const entry = st.rootfs.lookup(path);
    if (!entry || path === '/') continue;
    let reached = true;
    for (let p = parentPath(path); p !== '/'; p = parentPath(p)) {
      if (st.rootfs.lookup(p) === undefined) {
        reached = false;
        break;
      }
    }
    if (reached) files.push(fileProvenance(ctx, st, path, entry, origin));
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Each path a layer of the state changed, with the origin of the last such layer (only layers whose origin `keep` accepts). */
function lastWriters(st: StageState, keep?: (origin: Origin) => boolean): Map<string, Origin> {
  const lastWriter = new Map<string, Origin>();
  for (const l of st.layers) {
    if (keep !== undefined && !keep(l.origin)) continue;
    for (const path of l.layer.changes.keys()) lastWriter.set(path, l.origin);
  }
  return lastWriter;
}

function fileProvenance(ctx: Ctx, st: StageState, path: string, entry: Entry, origin: Origin): FileProvenance {
  // Symlinks count their target's length in legacy and base-image layers, 0 in BuildKit's own layers.
  const size = entry.type === 'file' ? entry.size : entry.type === 'symlink' ? (ctx.builder === 'legacy' || origin.kind === 'base' ? entry.target.length : 0) : 0;
  const copiedFrom = origin.kind === 'step' && origin.instruction === 'COPY' ? st.copied.get(path) : undefined;
  const guess = guessOf(entry);
  const file: FileProvenance = { path, type: entry.type, bytes: bytes(size), origin, ...(copiedFrom ? { copiedFrom } : {}) };
  return guess === undefined ? file : { ...file, guess };
}

/** Every path of a stage's image with the step (or base image) that wrote it last, sorted by path. */
function imageFiles(ctx: Ctx, st: StageState): FileProvenance[] {
  const lastWriter = lastWriters(st);
  const base: Origin = { kind: 'base', image: st.baseImage };
  return entriesByPath(st.rootfs).map(([path, entry]) => fileProvenance(ctx, st, path, entry, lastWriter.get(path) ?? base));
}

const ENTRIES_BY_PATH = new WeakMap<Rootfs, readonly (readonly [string, Entry])[]>();

// Every entry a walk from / reaches, sorted by path; a Rootfs never changes, so kept with it.
function entriesByPath(fs: Rootfs): readonly (readonly [string, Entry])[] {
  let entries = ENTRIES_BY_PATH.get(fs);
  if (entries === undefined) {
    const list: (readonly [string, Entry])[] = [];
    for (const [, path, entry] of fs.walk('/')) list.push([path, entry]);
    entries = list.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    ENTRIES_BY_PATH.set(fs, entries);
  }
  return entries;
}
