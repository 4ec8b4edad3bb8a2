// "Predict the build" questions: the answers come from the simulator, never from an author. A
// question is a Dockerfile, a context and one change (a target, an edited file, a build arg);
// the answer is which stages each builder builds, or which steps of the rebuild run again.
// `generate*Drill` makes new questions from a seed, so drills never run out.

import type { BuilderKind } from '../build/types.ts';
import { createPipelineDeps, createPlaygroundSession, type PipelineDeps } from '../session/pipeline.ts';
import { DEFAULT_SETTINGS } from '../session/scenario.ts';

/** Which stages one builder processes for a target (labels: the `AS` name, or `stage N`). */
export interface StagesAnswer {
  readonly builder: BuilderKind;
  /** Every stage of the file, in order, with whether this builder processes it. */
  readonly stages: readonly { readonly label: string; readonly runs: boolean }[];
  readonly outcome: 'success' | 'error';
}

/** One step of a rebuild and whether it ran or came from the cache. */
export interface CacheStep {
  readonly line: number;
  readonly text: string;
  readonly status: 'run' | 'cached' | 'failed';
}

export interface PredictInput {
  readonly dockerfile: string;
  readonly files: Readonly<Record<string, string>>;
  readonly target?: string | undefined;
  readonly buildArgs?: Readonly<Record<string, string>> | undefined;
}

/** The change between a first build and the rebuild a cache question asks about. */
export interface BuildChange {
  /** Context files to replace (path → new text). */
  readonly files?: Readonly<Record<string, string>> | undefined;
  /** Build args for the rebuild. */
  readonly buildArgs?: Readonly<Record<string, string>> | undefined;
  /** A new Dockerfile for the rebuild. */
  readonly dockerfile?: string | undefined;
}

function settingsOf(input: PredictInput, builder: BuilderKind): typeof DEFAULT_SETTINGS {
  return { ...DEFAULT_SETTINGS, builder, target: input.target ?? '', buildArgs: input.buildArgs ?? {} };
}

/** Computes which stages a builder processes for the input's target. */
export function predictStages(input: PredictInput, builder: BuilderKind, deps: PipelineDeps = createPipelineDeps()): StagesAnswer {
  const session = createPlaygroundSession(deps);
  const { result } = session.build({ dockerfile: input.dockerfile, files: input.files, settings: settingsOf(input, builder) }, builder);
  return {
    builder,
    outcome: result.outcome,
    stages: result.plan.stages.map((s) => ({ label: s.name ?? `stage ${s.index}`, runs: s.runs })),
  };
}

/** Builds once, applies the change, rebuilds in the same engine and lists each rebuilt step's status. */
export function predictCache(input: PredictInput, change: BuildChange, builder: BuilderKind, deps: PipelineDeps = createPipelineDeps()): CacheStep[] {
  const session = createPlaygroundSession(deps);
  session.build({ dockerfile: input.dockerfile, files: input.files, settings: settingsOf(input, builder) }, builder);
  const files = { ...input.files, ...(change.files ?? {}) };
  const next: PredictInput = { ...input, buildArgs: change.buildArgs ?? input.buildArgs };
  const { result } = session.build({ dockerfile: change.dockerfile ?? input.dockerfile, files, settings: settingsOf(next, builder) }, builder);
  return result.steps
    .filter((s) => s.instruction !== 'FROM' && !s.metaArg)
    .map((s) => ({ line: s.line, text: s.text, status: s.status }))
    .sort((a, b) => a.line - b.line);
}

/** A small deterministic pseudo-random generator (mulberry32), so a seed names a drill. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generated question with its simulator answer. */
export interface StageDrill {
  readonly kind: 'stages';
  readonly seed: number;
  readonly input: PredictInput;
  readonly answers: readonly StagesAnswer[];
}

export interface CacheDrill {
  readonly kind: 'cache';
  readonly seed: number;
  readonly input: PredictInput;
  readonly change: BuildChange;
  /** A sentence describing the change, e.g. "You edit src/b.txt". */
  readonly changeText: string;
  readonly builder: BuilderKind;
  readonly answer: readonly CacheStep[];
}

const STAGE_NAMES = ['deps', 'build', 'test', 'lint', 'docs', 'assets', 'tools', 'app'];

/**
 * Generates a "which stages does --target build" drill: 3–5 stages, each either a base image or
 * FROM an earlier stage, some copying from earlier stages, and a random target.
 */
export function generateStageDrill(seed: number, deps?: PipelineDeps): StageDrill {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const count = 3 + Math.floor(rand() * 3);
  const names = [...STAGE_NAMES].sort(() => rand() - 0.5).slice(0, count);
  const lines: string[] = [];
  names.forEach((name, i) => {
    const fromStage = i > 0 && rand() < 0.35 ? pick(names.slice(0, i)) : null;
    lines.push(`FROM ${fromStage ?? 'busybox:1.28'} AS ${name}`);
    if (i > 0 && fromStage === null && rand() < 0.6) {
      const src = pick(names.slice(0, i));
      lines.push(`COPY --from=${src} /out/${src}.txt /in/${src}.txt`);
    }
    lines.push(`RUN mkdir -p /out && echo ${name} > /out/${name}.txt`);
    lines.push('');
  });
  const target = rand() < 0.7 ? pick(names.slice(0, -1)) : undefined;
  const input: PredictInput = { dockerfile: lines.join('\n'), files: {}, target };
  return { kind: 'stages', seed, input, answers: [predictStages(input, 'legacy', deps), predictStages(input, 'buildkit', deps)] };
}

/**
 * Generates a "which steps run again" drill: one stage copying two context files at different
 * points, a RUN after each, maybe an ARG; then one change (an edited file or a build arg).
 */
export function generateCacheDrill(seed: number, deps?: PipelineDeps): CacheDrill {
  const rand = seededRandom(seed);
  const files: Record<string, string> = { 'package.json': '{"name":"app"}\n', 'src/main.txt': 'main v1\n', 'README.md': 'docs\n' };
  const manifest = ['COPY package.json ./', 'RUN echo installing > deps.txt'];
  const sources = [rand() < 0.5 ? 'COPY src/ ./src/' : 'COPY . .', 'RUN cat src/main.txt > build.txt'];
  // Manifests first (the good order) or sources first (the order lesson 7 fixes).
  const steps = rand() < 0.5 ? [...manifest, ...sources] : [...sources, ...manifest];
  const withArg = rand() < 0.4;
  if (withArg) steps.splice(1 + Math.floor(rand() * 3), 0, 'ARG FLAVOR=plain');
  const dockerfile = ['FROM busybox:1.28', 'WORKDIR /app', ...steps, 'RUN echo done > done.txt', ''].join('\n');
  const builder: BuilderKind = rand() < 0.5 ? 'legacy' : 'buildkit';
  const choice = Math.floor(rand() * (withArg ? 4 : 3));
  let change: BuildChange;
  let changeText: string;
  if (choice === 0) {
    change = { files: { 'src/main.txt': 'main v2\n' } };
    changeText = 'You edit src/main.txt and rebuild.';
  } else if (choice === 1) {
    change = { files: { 'README.md': 'more docs\n' } };
    changeText = 'You edit README.md and rebuild.';
  } else if (choice === 2) {
    change = { files: { 'package.json': '{"name":"app","version":"2"}\n' } };
    changeText = 'You edit package.json and rebuild.';
  } else {
    change = { buildArgs: { FLAVOR: 'spicy' } };
    changeText = 'You rebuild with --build-arg FLAVOR=spicy.';
  }
  const input: PredictInput = { dockerfile, files };
  return { kind: 'cache', seed, input, change, changeText, builder, answer: predictCache(input, change, builder, deps) };
}
