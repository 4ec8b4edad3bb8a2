// The stage graph: which stage reads from which, resolved the way each builder resolves names.
//
// BuildKit (frontend/dockerfile/dockerfile2llb/convert.go, as vendored in Engine 20.10):
// - `FROM x` matches an earlier stage only if `x` equals its lowercased name (no lowercasing of
//   the reference: moby/buildkit#2003), otherwise it is an image;
// - `COPY --from=x` / `RUN --mount from=x`: an integer is a stage index into all stages, a name is
//   matched case-insensitively against every stage (the last duplicate wins, a later stage is
//   allowed in 20.10), anything else is an image;
// - a stage reading from itself, directly or through others: `circular dependency detected`.
// Legacy builder (moby builder/dockerfile, Engine 20.10):
// - names match case-insensitively, only among stages already built;
// - `--from=<later stage name>` reads that stage's base image (observed on Engine 20.10.24: the
//   files of the later stage's FROM image are visible, its own steps' files are not);
// - `--from=<index>` at or after the current stage: `index out of bounds`.

import type { CopyInstruction, Dockerfile, FromInstruction, Instruction, RunInstruction } from '../dockerfile/ast.ts';
import type { SourceRange } from '../diagnostics.ts';
import type { BuilderKind, BuildErrorKind, StageBase } from '../build/types.ts';
import { resolveMetaArgs } from './meta-args.ts';
import { expandEngineWord } from './engine-lexer.ts';
import { goQuote } from '../dockerfile/go-text.ts';
import { imageRefError, normalizeImageRef } from './image-ref.ts';
import { isHostPlatform, parsePlatform, type Platform } from './platform.ts';

export { PROXY_ARGS } from './meta-args.ts';

/** Where a `COPY --from` / `RUN --mount from` reads. */
export type SourceRef =
  | { readonly kind: 'stage'; readonly index: number }
  /** Legacy only: a stage defined later; the read sees its base image. */
  | { readonly kind: 'later-stage-base'; readonly index: number }
  | { readonly kind: 'image'; readonly ref: string; readonly normalized: string; readonly known: boolean }
  | { readonly kind: 'error'; readonly errorKind: BuildErrorKind; readonly message: string };

export interface StageEdge {
  readonly via: 'from' | 'copy' | 'mount';
  readonly target: SourceRef;
  /** The `--from` value as written. */
  readonly raw: string;
  readonly line: number;
  readonly range: SourceRange;
  /** The instruction that reads (absent for FROM). */
  readonly instruction?: CopyInstruction | RunInstruction;
}

export interface GraphStage {
  readonly index: number;
  readonly name?: string;
  readonly from: FromInstruction;
  /** The FROM reference after meta-ARG expansion. */
  readonly baseName: string;
  /**
   * `invalid`: the FROM word fails before the stage runs; `errorKind` is how the engine's message
   * reads (record.mjs classifyError): `failed to parse stage name` is `parse`, the rest `other`.
   */
  readonly base: StageBase | { readonly kind: 'invalid'; readonly message: string; readonly errorKind: BuildErrorKind };
  /** The FROM `--platform` value, expanded and parsed (absent when the FROM has none). */
  readonly platform?: StagePlatform;
  /** Reads by COPY --from and RUN --mount from, in instruction order (ONBUILD triggers of a stage base included). */
  readonly reads: readonly StageEdge[];
  /** Stage indices read (base stage first), deduplicated. */
  readonly dependsOn: readonly number[];
}

/**
 * A FROM `--platform` value as both builders of Engine 20.10 read it: expanded with the scope FROM
 * lines see (meta ARGs; BuildKit's platform args), then parsed by containerd's platforms.Parse.
 */
export type StagePlatform = {
  /** The value as written (`$BUILDPLATFORM`). */
  readonly word: string;
  /** After meta-ARG expansion ('' when the lexer rejected the word). */
  readonly expanded: string;
} & (
  /** `isHost`: the engine's local (linux/amd64) images serve it. */
  | { readonly kind: 'parsed'; readonly platform: Platform; readonly isHost: boolean }
  /** The engine's text; `errorKind` as record.mjs reads it (`failed to parse platform` is `parse`). */
  | { readonly kind: 'invalid'; readonly message: string; readonly errorKind: BuildErrorKind; readonly explanation: string }
);

/**
 * When BuildKit v0.8's Dockerfile2LLB reports an error, relative to its `--target` lookup:
 * `expanding-from-words` in its first loop over the stages (a FROM image or `--platform` word the
 * lexer rejects, a blank base name, a platform platforms.Parse rejects), so before an unknown
 * target; `finding-target` is the unknown target itself; `after-finding-target` for `--from`
 * indices, cycles and invalid references (Engine 20.10.24 probed with `--target nope`, scenarios
 * s56 and s58). The legacy builder looks up the target before it reads any ARG or FROM
 * (builder.go build), so its errors are all `after-finding-target`.
 */
export type BuildkitErrorPhase = 'expanding-from-words' | 'finding-target' | 'after-finding-target';

export interface GraphError {
  readonly kind: BuildErrorKind;
  readonly buildkitPhase: BuildkitErrorPhase;
  readonly message: string;
  readonly explanation: string;
  readonly line?: number;
  readonly range?: SourceRange;
  readonly stage?: number;
}

export interface StageGraph {
  readonly builder: BuilderKind;
  readonly stages: readonly GraphStage[];
  /**
   * Global (meta) ARG values, BuildKit's platform args included: what a stage's `ARG <name>`
   * inherits (a meta ARG without a value is absent). FROM lines see `fromScope` of ./meta-args.ts.
   */
  readonly metaArgs: ReadonlyMap<string, string>;
  /** Meta ARG names declared before the first FROM (their values may be unset). */
  readonly declaredMetaArgs: ReadonlySet<string>;
  /** BuildKit: the label progress lines use (`builder`, `stage-1`, or '' for a lone stage). */
  readonly labels: readonly string[];
  /**
   * Errors found before anything runs, in the order the builder reports them. BuildKit: FROM image
   * and `--platform` words the lexer rejects, blank base names, platforms it cannot parse, bad
   * `--from` indices, cycles, invalid references, in any stage, needed or not (Engine 20.10 probed:
   * `FROM Busybox AS unused` fails a build of a later target). Legacy: a meta ARG default the lexer
   * rejects (the build stops at that ARG, before any stage); its FROM errors come at the FROM step.
   * The simulator has no base check of its own for BuildKit: every invalid BuildKit base must be here.
   */
  readonly errors: readonly GraphError[];
}

export interface GraphOptions {
  readonly builder: BuilderKind;
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** True when the image is in the size catalog or declared by the scenario. */
  readonly isKnownImage?: (normalizedRef: string, ref: string) => boolean;
}

function isIntegerRef(value: string): boolean {
  // /^-?\d+$/ without the regex: most --from values are names.
  let i = value.charCodeAt(0) === 0x2d ? 1 : 0;
  if (i >= value.length) return false;
  for (; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

const ALWAYS_KNOWN = (): boolean => true;

/** Builds the stage graph of a parsed Dockerfile under one builder's name-resolution rules. */
export function buildStageGraph(df: Dockerfile, options: GraphOptions): StageGraph {
  const builder = options.builder;
  const known = options.isKnownImage ?? ALWAYS_KNOWN;
  // The global ARG scope under this builder of Engine 20.10: declared meta ARGs (build args win)
  // plus, for BuildKit, the platform args (build args win there too).
  const scope = resolveMetaArgs(df, {
    automatic: builder === 'buildkit' ? 'buildkit-20.10' : 'legacy-20.10',
    ...(options.buildArgs ? { buildArgs: options.buildArgs } : {}),
  });
  const errors: GraphError[] = [];
  // BuildKit checks references after the FROM words and the graph (dockerfile2llb resolves bases last).
  const referenceErrors: GraphError[] = [];
  if (scope.failure !== undefined) {
    const arg = scope.failure.arg;
    errors.push({
      kind: 'other',
      buildkitPhase: 'after-finding-target',
      message: scope.failure.message,
      explanation: 'The shell lexer rejects this ARG default; fix the ${...} expression (Engine 20.10 knows ${X}, ${X:-w}, ${X:+w}, ${X:?w} and ${X?w}).',
      line: arg.startLine,
      range: arg.range,
    });
  }
  const stages: GraphStage[] = [];
  const nameToIndexSoFar = new Map<string, number>();
  const lastByName = new Map<string, number>();
  for (const st of df.stages) if (st.name !== undefined) lastByName.set(st.name, st.index);
  let imageSourceStates = 0;
  const seenImageSources = new Set<string>();
  // The stage being built and its reads (the two helpers below are made once, not per stage).
  let current = 0;
  let currentReads: StageEdge[] = [];
  const addRead = (via: 'copy' | 'mount', raw: string, ins: CopyInstruction | RunInstruction): void => {
    const target = resolveSourceRef(raw, via, current, df, builder, lastByName, known);
    if (target.kind === 'image' && !seenImageSources.has(target.normalized)) {
      seenImageSources.add(target.normalized);
      imageSourceStates++;
    }
    currentReads.push({ via, target, raw, line: ins.startLine, range: ins.range, instruction: ins });
  };
  const visit = (ins: Instruction): void => {
    if ((ins.kind === 'copy' || ins.kind === 'add') && ins.from !== undefined) addRead('copy', ins.from, ins);
    else if (ins.kind === 'run' && ins.mounts.length > 0) {
      // Every RUN --mount adds a state to BuildKit's list (a source, or an internal scratch).
      imageSourceStates++;
      for (const m of ins.mounts) if (m.from !== undefined && m.type !== 'secret' && m.type !== 'ssh') addRead('mount', m.from, ins);
    }
  };

  for (const st of df.stages) {
    // Expanded by Engine 20.10's lexer with the scope FROM lines see, and not trimmed (` busybox`
    // is an invalid reference in both builders); a word the lexer rejects gives the engine's text.
    const expansion = expandEngineWord(st.from.image, scope.fromScope, df.escapeToken);
    const baseName = expansion.error === undefined ? expansion.value : st.from.image;
    let base: GraphStage['base'];
    if (expansion.error !== undefined) {
      base = { kind: 'invalid', message: expansion.error, errorKind: 'other' };
    } else if (baseName === '') {
      base = { kind: 'invalid', message: `base name (${st.from.image}) should not be blank`, errorKind: 'other' };
    } else if (baseName === 'scratch' || (builder === 'legacy' && baseName.toLowerCase() === 'scratch')) {
      base = { kind: 'scratch' };
    } else {
      const stageMatch = builder === 'buildkit'
        ? nameToIndexSoFar.get(baseName)
        : nameToIndexSoFar.get(baseName.toLowerCase());
      const refError = stageMatch === undefined ? imageRefError(baseName) : undefined;
      if (stageMatch !== undefined) base = { kind: 'stage', index: stageMatch };
      else if (refError !== undefined) {
        // BuildKit wraps the reference error (dockerfile2llb: `failed to parse stage name %q: %w`);
        // the legacy builder prints it bare at the FROM step (Engine 20.10 probed: `FROM Busybox` →
        // "invalid reference format: repository name must be lowercase").
        base = builder === 'legacy'
          ? { kind: 'invalid', message: refError, errorKind: 'other' }
          : { kind: 'invalid', message: `failed to parse stage name ${goQuote(baseName)}: ${refError}`, errorKind: 'parse' };
      } else {
        const normalized = normalizeImageRef(baseName);
        base = { kind: 'image', ref: baseName, normalized, known: known(normalized, baseName) };
      }
    }
    if (st.name !== undefined) nameToIndexSoFar.set(st.name, st.index);
    const platform = st.from.platform === undefined || st.from.platform === '' ? undefined : resolvePlatform(st.from.platform, scope.fromScope, df.escapeToken, builder);
    if (builder === 'buildkit') {
      // Dockerfile2LLB's first loop expands the base name (an error or a blank name ends the
      // build there), then the platform; references are parsed after the target lookup.
      if (base.kind === 'invalid' && base.errorKind !== 'parse') {
        errors.push({ kind: base.errorKind, buildkitPhase: 'expanding-from-words', message: base.message, explanation: explainBaseError(base.errorKind), line: st.from.startLine, range: st.from.range, stage: st.index });
      } else if (platform?.kind === 'invalid') {
        errors.push({ kind: platform.errorKind, buildkitPhase: 'expanding-from-words', message: platform.message, explanation: platform.explanation, line: st.from.startLine, range: st.from.range, stage: st.index });
      }
      if (base.kind === 'invalid' && base.errorKind === 'parse') {
        referenceErrors.push({ kind: 'parse', buildkitPhase: 'after-finding-target', message: base.message, explanation: explainBaseError('parse'), line: st.from.startLine, range: st.from.range, stage: st.index });
      }
    }

    const reads: StageEdge[] = [];
    current = st.index;
    currentReads = reads;
    for (const ins of st.instructions) {
      // Only COPY/ADD --from and RUN --mount read other stages or images.
      if (ins.kind === 'copy' || ins.kind === 'add' || ins.kind === 'run') visit(ins);
    }
    // ONBUILD triggers of a stage base run in this stage, so their reads are this stage's reads.
    if (base.kind === 'stage') {
      const parent = df.stages[base.index];
      for (const ins of parent?.instructions ?? []) if (ins.kind === 'onbuild' && ins.trigger) visit(ins.trigger);
    }

    const deps: number[] = [];
    if (base.kind === 'stage') deps.push(base.index);
    for (const r of reads) if (r.target.kind === 'stage' && !deps.includes(r.target.index)) deps.push(r.target.index);
    stages.push({
      index: st.index,
      ...(st.name !== undefined ? { name: st.name } : {}),
      from: st.from,
      baseName,
      base,
      ...(platform !== undefined ? { platform } : {}),
      reads,
      dependsOn: deps,
    });
  }

  if (builder === 'buildkit') {
    for (const s of stages) {
      for (const r of s.reads) {
        if (r.target.kind === 'error') {
          errors.push({ kind: r.target.errorKind, buildkitPhase: 'after-finding-target', message: r.target.message, explanation: explainRefError(r.raw), line: r.line, range: r.range, stage: s.index });
        }
      }
    }
    const cycle = findCycle(stages);
    if (cycle !== undefined) {
      const st = stages[cycle];
      const name = st?.name ?? `stage-${cycle}`;
      errors.push({
        kind: 'circular-dependency',
        buildkitPhase: 'after-finding-target',
        message: `circular dependency detected on stage: ${name}`,
        explanation: `Stage ${name} ends up reading its own output (through COPY --from or FROM). A stage can only use stages that are complete before it starts.`,
        line: st?.from.startLine ?? 1,
        ...(st ? { range: st.from.range, stage: cycle } : {}),
      });
    }
  }

  for (const e of referenceErrors) errors.push(e);

  const totalStates = stages.length + imageSourceStates;
  const labels = stages.map((s) => (builder === 'buildkit' && totalStates === 1 ? '' : (s.name ?? `stage-${s.index}`)));
  return { builder, stages, metaArgs: scope.values, declaredMetaArgs: scope.declared, labels, errors };
}

/**
 * Expands and parses a FROM `--platform` word. Both builders expand it with the FROM lines' scope
 * and parse the result with platforms.Parse: BuildKit v0.8 dockerfile2llb (first loop over the
 * stages), moby 20.10 dispatchFrom (before the base name). Their texts, Engine 20.10.24 probed:
 * `failed to process arguments for platform : failed to process "${X-1}": missing ':' in
 * substitution` (the value printed is the shadowed, empty one) and `failed to parse platform foo:
 * "foo": unknown operating system or architecture: invalid argument`; an empty expansion
 * (`$BUILDPLATFORM` in the legacy builder) is `failed to parse platform : "" is an invalid component of ""…`.
 */
function resolvePlatform(word: string, scope: ReadonlyMap<string, string>, escapeToken: '\\' | '`', builder: BuilderKind): StagePlatform {
  const expansion = expandEngineWord(word, scope, escapeToken);
  if (expansion.error !== undefined) {
    const explanation = 'The shell lexer rejects this --platform value; fix the ${...} expression (Engine 20.10 knows ${X}, ${X:-w}, ${X:+w}, ${X:?w} and ${X?w}).';
    return { word, expanded: '', kind: 'invalid', message: `failed to process arguments for platform : ${expansion.error}`, errorKind: 'other', explanation };
  }
  const parsed = parsePlatform(expansion.value);
  if (!parsed.ok) {
    const explanation = expansion.value === '' && builder === 'legacy'
      ? `--platform=${word} is empty: the legacy builder defines no platform ARGs ($BUILDPLATFORM, $TARGETPLATFORM); write the platform (linux/amd64) or declare and pass the ARG.`
      : `--platform=${word} is not a platform: write os/arch such as linux/amd64 or linux/arm64.`;
    return { word, expanded: expansion.value, kind: 'invalid', message: `failed to parse platform ${expansion.value}: ${parsed.message}`, errorKind: 'parse', explanation };
  }
  return { word, expanded: expansion.value, kind: 'parsed', platform: parsed.platform, isHost: isHostPlatform(parsed.platform) };
}

function explainBaseError(kind: BuildErrorKind): string {
  return kind === 'parse'
    ? 'The FROM reference is not a valid image name; stage names in FROM must be written in lowercase for BuildKit.'
    : 'BuildKit expands every FROM line before it builds anything, even stages the target does not need: fix this one or remove it.';
}

function explainRefError(raw: string): string {
  return `--from=${raw} does not name a stage: use a stage name or an index smaller than the number of stages.`;
}

function resolveSourceRef(
  raw: string,
  via: 'copy' | 'mount',
  current: number,
  df: Dockerfile,
  builder: BuilderKind,
  lastByName: ReadonlyMap<string, number>,
  known: (normalized: string, ref: string) => boolean,
): SourceRef {
  const total = df.stages.length;
  if (via === 'copy' && isIntegerRef(raw)) {
    const index = Number(raw);
    if (builder === 'buildkit') {
      if (index < 0 || index >= total) return { kind: 'error', errorKind: 'other', message: `invalid stage index ${index}` };
      return index > current ? { kind: 'later-stage-base', index } : { kind: 'stage', index };
    }
    if (index === current) return { kind: 'error', errorKind: 'image-not-found', message: `invalid from flag value ${raw}: refers to current build stage` };
    if (index < 0 || index > current) return { kind: 'error', errorKind: 'image-not-found', message: `invalid from flag value ${raw}: index out of bounds` };
    return { kind: 'stage', index };
  }
  const lower = raw.toLowerCase();
  if (builder === 'buildkit') {
    // Engine 20.10's frontend allows a later stage but reads it before dispatching it, so the
    // copy sees that stage's base state (scenario s12-copy-from-later-stage).
    const idx = lastByName.get(lower);
    if (idx !== undefined) return idx > current ? { kind: 'later-stage-base', index: idx } : { kind: 'stage', index: idx };
  } else {
    // Legacy: only stages already built have names; anything else is pulled as an image (s12, s13).
    for (const st of df.stages) if (st.name === lower && st.index < current) return { kind: 'stage', index: st.index };
  }
  const refError = imageRefError(raw);
  if (refError !== undefined) {
    // Engine 20.10 probed: legacy `invalid from flag value Busybox: invalid reference format: …`;
    // BuildKit treats the value as an image and fails as for FROM (`failed to parse stage name`).
    return builder === 'legacy'
      ? { kind: 'error', errorKind: 'image-not-found', message: `invalid from flag value ${raw}: ${refError}` }
      : { kind: 'error', errorKind: 'parse', message: `failed to parse stage name "${raw}": ${refError}` };
  }
  const normalized = normalizeImageRef(raw);
  return { kind: 'image', ref: raw, normalized, known: known(normalized, raw) };
}

/** Returns a stage index on a dependency cycle (BuildKit validateCircularDependency), if any. */
function findCycle(stages: readonly GraphStage[]): number | undefined {
  // 0 unseen, 1 on the current path, 2 done.
  const state = new Uint8Array(stages.length);
  let found: number | undefined;
  const dfs = (i: number): boolean => {
    if (state[i] === 1) {
      found = i;
      return true;
    }
    if (state[i] === 2) return false;
    state[i] = 1;
    const deps = stages[i]?.dependsOn;
    if (deps !== undefined) for (const d of deps) if (dfs(d)) return true;
    state[i] = 2;
    return false;
  };
  for (let i = 0; i < stages.length; i++) if (dfs(i)) return found;
  return undefined;
}
