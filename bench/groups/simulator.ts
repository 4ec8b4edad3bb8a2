// The playground's per-keystroke pipeline: parse, lint, plan and simulate both builders.
// Targets (issue 3): the largest corpus file (moby's Dockerfile: 243 instructions, 59 FROMs)
// through parse + lint + plan + both simulations in a median under 2 ms of CPU, and growth with
// the number of stages (10, 50, 200) that is not superlinear.
//
// The work is what `analyzeScenario` (src/core/session/pipeline.ts) does on every keystroke,
// split into phases so each can be timed: `parseForSimulation` (parseDockerfile),
// `collectDiagnostics` (lintDockerfile with the scenario's options), the build context,
// and `simulateBuild` per builder with a fresh cache (a first build) and the playground's
// dependencies from `createPipelineDeps` (catalog images, estimating unknown ones; the default
// RUN executor: shell model + toolchain knowledge base; a store of step memos). The dependencies
// are created once, as the worker does, so the resolver's per-image memo and the step memos are
// warm after the first keystroke. `plan` times
// buildStageGraph + selectStages on their own (simulateBuild runs them itself, so the plan is
// inside the simulate figures too; the total does not count it twice). The views analyzeScenario
// adds (`viewBuild`: per-stage stacks, stage images read from one BuildKit simulation) are timed separately.
//
// What repeats across runs, as it does across keystrokes: the context is built on every run (the
// Dockerfile is part of it), but a context file's bytes and digest are made only when a build
// reads it (src/core/build/context.ts), so the context row counts the entries and sizes, not
// hashing; the linter keeps a few pure lookups keyed by small strings across runs (parsed image
// references, a base image's tool list, the .dockerignore matcher and its verdict per COPY source,
// keyword casing). The simulator's bounded step memos (src/core/build/step-memos.ts: RUN outcomes
// of the built-in executor, COPY/ADD and WORKDIR layers, image ids, keyed by each step's full
// inputs by content) belong to the pipeline dependencies. So the `TOTAL first build, warm step
// memos` row (fresh build caches, as after `docker builder prune`, with the dependencies created
// once) finds every step's outcome memoised by an earlier run, as the playground does from its
// second keystroke on; the `TOTAL first build, cold` row creates fresh dependencies per run: base
// images are loaded again and no step has been seen, as on a session's first keystroke. Only the
// small string-keyed lookups above (and the shell model's parsed scripts, src/core/shell) stay
// warm there: they are process-wide.
//
// moby's Dockerfile as written never gets far in the default offline engine the playground
// models: BuildKit stops at `# syntax=` (the frontend cannot be pulled) and the legacy builder at
// the first heredoc (Engine 20.10's parser). So the group also times an "engine 20.10 variant" of
// the same file that both builders simulate stage by stage (see `engine2010Variant`).

import type { Dockerfile } from '../../src/core/dockerfile/ast.ts';
import type { BuildContext, ContextFile } from '../../src/core/build/context.ts';
import type { BuildCache } from '../../src/core/build/simulate.ts';
import type { BuildRequest, BuildResult, BuilderKind } from '../../src/core/build/types.ts';
import type { PipelineDeps } from '../../src/core/session/pipeline.ts';
import type { Scenario } from '../../src/core/session/scenario.ts';
import {
  check,
  consume,
  formatInt,
  formatMs,
  growthPer10x,
  largestCorpusFile,
  MAX_GROWTH_PER_10X,
  measure,
  skip,
  table,
  type BenchContext,
  type BenchGroup,
  type Check,
  type Samples,
} from '../harness.ts';
import { syntheticBuildableByStages, syntheticBuildContext } from '../synthetic.ts';

const TARGET_MS = 2;
/** A 60 Hz frame: the budget for a keystroke's whole re-analysis of a file simulated to the end. */
const FRAME_MS = 16;
const BUILDERS: readonly BuilderKind[] = ['legacy', 'buildkit'];

// Loaded at run time, so a broken engine module fails this group and not the others.
export async function loadEngine() {
  const [replay, lint, context, simulate, graph, select, pipeline] = await Promise.all([
    import('../../src/core/scenario/replay.ts'),
    import('../../src/core/lint/index.ts'),
    import('../../src/core/build/context.ts'),
    import('../../src/core/build/simulate.ts'),
    import('../../src/core/graph/stage-graph.ts'),
    import('../../src/core/graph/select-stages.ts'),
    import('../../src/core/session/pipeline.ts'),
  ]);
  return {
    parse: replay.parseForSimulation,
    lintDockerfile: lint.lintDockerfile,
    collectDiagnostics: pipeline.collectDiagnostics,
    buildContext: context.buildContext,
    createBuildCache: simulate.createBuildCache,
    simulateBuild: simulate.simulateBuild,
    buildStageGraph: graph.buildStageGraph,
    selectStages: select.selectStages,
    createPipelineDeps: pipeline.createPipelineDeps,
    viewBuild: pipeline.viewBuild,
    analyzeScenario: pipeline.analyzeScenario,
    contextOf: pipeline.contextOf,
    engineOf: pipeline.engineOf,
  };
}
export type Engine = Awaited<ReturnType<typeof loadEngine>>;

// The build context -------------------------------------------------------------------------------

/** A small context shaped like moby's repository: the files its Dockerfile COPYs and mounts. */
export function mobyContext(): Record<string, string> {
  return {
    '.dockerignore': 'bundles/\n.git\n.gopath/\n',
    'go.mod': 'module github.com/docker/docker\n\ngo 1.24\n',
    'vendor.mod': 'module github.com/docker/docker\n\ngo 1.24\n\nrequire github.com/containerd/containerd/v2 v2.1.0\n',
    'Makefile': '.PHONY: binary\nbinary:\n\tdocker buildx bake binary\n',
    'README.md': '# Moby\n\nThe Moby Project.\n',
    'cmd/dockerd/docker.go': 'package main\n\nfunc main() {}\n',
    'daemon/daemon.go': 'package daemon\n\n// Daemon holds information about the Docker daemon.\ntype Daemon struct{}\n',
    'contrib/download-frozen-image-v2.sh': '#!/usr/bin/env bash\nset -eo pipefail\necho "download $@"\n',
    'contrib/dockerd-rootless.sh': '#!/bin/sh\nset -e\nexec dockerd "$@"\n',
    'contrib/dockerd-rootless-setuptool.sh': '#!/bin/sh\nset -e\necho setup\n',
    'hack/dockerfile/cli.sh': '#!/bin/sh\nset -e\necho "build cli $1 from $2 into $3"\n',
    'hack/dockerfile/etc/docker/daemon.json': '{"debug": true}\n',
    'hack/make.sh': '#!/usr/bin/env bash\nset -e\necho make\n',
  };
}

export function contextFiles(engine: Engine, scenario: Scenario): Map<string, ContextFile> {
  // The playground's own conversion, so the benchmark times exactly what a keystroke builds.
  return engine.contextOf(scenario);
}

// The engine 20.10 variant of a Dockerfile ---------------------------------------------------------

/**
 * Rewrites a Dockerfile so both 20.10 builders in the offline engine simulate it stage by stage
 * instead of stopping at the first line they reject, keeping its stages, dependencies and commands:
 * no `# syntax=` line; a heredoc RUN becomes the exec form `["/bin/sh", "-c", <body>]` (the same
 * script); RUN --mount, COPY/ADD --link and --chmod (legacy 20.10 rejects them) and ADD --keep-git-dir flags are dropped; an ADD of a URL
 * adds a context file `vendor/<n>` instead (added to `files`). Each shell RUN becomes
 * `( script ) || true; mkdir -p /build`: the shell model still runs every command, but a command it
 * cannot model (`go telemetry`, `mv /bin/registry` in an estimated image) no longer ends the build
 * there, and the `/build` output directory later stages COPY --from exists. The platform ARGs are
 * declared globally (the legacy builder has none built in). A file (not a directory) a stage is
 * copied from (`COPY --from=buildx /buildx`) is seeded into that stage from the context (`vendor/stub`).
 */
const PLATFORM_ARGS = ['ARG TARGETOS=linux', 'ARG TARGETARCH=amd64', 'ARG TARGETPLATFORM=linux/amd64', 'ARG BUILDPLATFORM=linux/amd64'];

export function engine2010Variant(text: string, files: Record<string, string>): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let url = 0;
  // Files later stages COPY --from a stage (moby: /buildx from docker/buildx-bin,
  // /completion.bash and /build/docker from dockercli), seeded into that stage from the context.
  const seeds = new Map<string, string[]>();
  for (const m of text.matchAll(/^COPY\s(?:.*\s)?--from=(\S+)\s+(\/\S*)\s/gim)) {
    const [, stage = '', path = ''] = m;
    if (path === '/build' || path.endsWith('/')) continue;
    seeds.set(stage.toLowerCase(), [...(seeds.get(stage.toLowerCase()) ?? []), path]);
  }
  if (seeds.size > 0) files['vendor/stub'] = 'stub\n';
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] ?? '';
    if (i === 0 && /^#\s*syntax\s*=/i.test(line)) {
      // The legacy builder has no automatic platform ARGs; FROM containerd-${TARGETOS} needs them.
      out.push(...PLATFORM_ARGS);
      continue;
    }
    if (!/^\s*(RUN|COPY|ADD)\b/i.test(line)) {
      out.push(line);
      const stage = /^\s*FROM\s.*\sAS\s+(\S+)\s*$/i.exec(line)?.[1]?.toLowerCase();
      for (const path of (stage !== undefined ? seeds.get(stage) : undefined) ?? []) out.push(`COPY vendor/stub ${path}`);
      continue;
    }
    // The instruction's lines up to the end of its continuations (comment lines inside kept out).
    const parts = [line.replace(/\\\s*$/, '')];
    while (/\\\s*$/.test(line) && i + 1 < lines.length) {
      line = lines[++i] ?? '';
      if (/^\s*#/.test(line)) continue;
      parts.push(line.replace(/\\\s*$/, ''));
    }
    let ins = parts.join(' ').replace(/\s+/g, ' ').trim();
    ins = ins.replace(/\s--mount=\S+/g, '').replace(/\s--link\b/g, '').replace(/\s--chmod=\S+/g, '');
    const heredoc = /<<(-?)["']?([A-Za-z_]\w*)["']?/.exec(ins);
    if (heredoc && /^RUN\b/i.test(ins)) {
      const [marker, dash, word] = heredoc;
      const body: string[] = [];
      while (i + 1 < lines.length) {
        const next = lines[++i] ?? '';
        if ((dash ? next.replace(/^\t+/, '') : next).trim() === word) break;
        body.push(dash ? next.replace(/^\t+/, '') : next);
      }
      const flags = ins.slice(0, heredoc.index).replace(/^RUN\s*/i, '').trim();
      const rest = ins.slice(heredoc.index + marker.length).trim();
      const shell = rest === '' ? ['/bin/sh', '-c'] : [...rest.split(' '), '-c'];
      out.push(`RUN ${flags === '' ? '' : `${flags} `}${JSON.stringify([...shell, `(\n${body.join('\n')}\n) || true; mkdir -p /build`])}`);
      continue;
    }
    const run = /^RUN((?:\s--\S+)*)\s+(.*)$/i.exec(ins);
    if (run && !run[2]?.startsWith('[')) {
      out.push(`RUN${run[1] ?? ''} ( ${run[2] ?? ''} ) || true; mkdir -p /build`);
      continue;
    }
    if (/^ADD\b/i.test(ins)) {
      ins = ins.replace(/\s--keep-git-dir(=\S+)?/g, '').replace(/\s(https?:\/\/|git@)\S+/g, () => {
        const name = `vendor/source-${++url}`;
        files[name] = `source ${url}\n`;
        return ` ${name}`;
      });
    }
    out.push(ins);
  }
  return out.join('\n');
}

// One pipeline run, phase by phase -----------------------------------------------------------------

interface Workload {
  readonly label: string;
  readonly scenario: Scenario;
}

function requestOf(builder: BuilderKind): BuildRequest {
  return { builder };
}

export function simulateFresh(engine: Engine, deps: PipelineDeps, df: Dockerfile, context: BuildContext, builder: BuilderKind): BuildResult {
  return engine.simulateBuild(
    { dockerfile: df, context, request: requestOf(builder), ...engine.engineOf(deps) },
    engine.createBuildCache(),
  );
}

function plan(engine: Engine, deps: PipelineDeps, df: Dockerfile, builder: BuilderKind): unknown {
  // As simulateBuild plans (src/core/build/simulate.ts, simulateUnsafe).
  const graph = engine.buildStageGraph(df, {
    builder,
    isKnownImage: (normalized, ref) => deps.resolveImage(normalized, ref) !== undefined,
  });
  return engine.selectStages(graph, undefined);
}

/** parse + lint + context + both simulations (fresh caches): the target's work. */
export function pipeline(engine: Engine, deps: PipelineDeps, scenario: Scenario): BuildResult[] {
  const df = engine.parse(scenario.dockerfile);
  consume(engine.collectDiagnostics(df, scenario));
  const context = engine.buildContext(contextFiles(engine, scenario), scenario.files['.dockerignore']);
  return BUILDERS.map((builder) => simulateFresh(engine, deps, df, context, builder));
}

function describe(result: BuildResult): string {
  const ran = result.plan.stages.filter((s) => s.runs).length;
  const statuses = new Map<string, number>();
  for (const step of result.steps) {
    // FROM lines and meta ARGs are never cached: shown apart, so a full cache hit reads as one.
    const status = step.status === 'run' && step.reason.code === 'not-cacheable' ? 'not cacheable' : step.status;
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  }
  const counts = [...statuses].map(([status, n]) => `${n} ${status}`).join(', ') || 'no steps';
  const error = result.error ? `: ${result.error.kind} at line ${result.error.line ?? '?'} (${result.error.message.split('\n')[0]?.slice(0, 90)})` : '';
  return `${result.outcome}, ${ran} of ${result.plan.stages.length} stages planned to run, ${result.steps.length} steps (${counts})${error}`;
}

interface PhaseRow {
  readonly phase: string;
  readonly samples: Samples;
  readonly note?: string;
}

function phaseRows(rows: readonly PhaseRow[]): string {
  return table([
    ['phase', 'median (CPU)', 'min', 'median (wall)', ''],
    ...rows.map((r) => [r.phase, formatMs(r.samples.median), formatMs(r.samples.min), formatMs(r.samples.wallMedian), r.note ?? '']),
  ]);
}

/** Times each phase of one workload, then the whole pipeline, first builds and cached rebuilds. */
function measureWorkload(engine: Engine, deps: PipelineDeps, workload: Workload, quick: boolean, log: (line?: string) => void): { total: Samples; rebuild: Samples } {
  const { scenario } = workload;
  const warmup = quick ? 3 : 10;
  const rounds = quick ? 9 : 41;
  // Steady state, as in an editor after its first keystrokes: warm each row up for at least this
  // long so background JIT compilation (counted in CPU time) is done before timing starts.
  const warmupMs = quick ? 100 : 400;
  const timed = (fn: () => unknown): Samples => measure(fn, warmup, rounds, warmupMs);
  const df = engine.parse(scenario.dockerfile);
  const context = engine.buildContext(contextFiles(engine, scenario), scenario.files['.dockerignore']);
  const first = BUILDERS.map((builder) => simulateFresh(engine, deps, df, context, builder));
  log(`  ${workload.label}: ${formatInt(df.instructions.length)} instructions, ${df.stages.length} stages, ${formatInt(Buffer.byteLength(scenario.dockerfile))} bytes; context ${Object.keys(scenario.files).length + 1} files, ${formatInt(context.bytes)} bytes`);
  for (const result of first) log(`    ${result.builder.padEnd(8)} first build: ${describe(result)}`);

  // A second build of the same scenario against each builder's cache from the first: every step cached.
  const caches = new Map<BuilderKind, BuildCache>();
  for (const builder of BUILDERS) {
    const cache = engine.createBuildCache();
    engine.simulateBuild({ dockerfile: df, context, request: requestOf(builder), ...engine.engineOf(deps) }, cache);
    caches.set(builder, cache);
  }
  const rebuildOf = (builder: BuilderKind, d: Dockerfile, c: BuildContext) =>
    engine.simulateBuild(
      { dockerfile: d, context: c, request: requestOf(builder), ...engine.engineOf(deps), previous: { dockerfile: df, buildArgs: {} } },
      caches.get(builder) ?? engine.createBuildCache(),
    );
  for (const builder of BUILDERS) log(`    ${builder.padEnd(8)} rebuild:     ${describe(rebuildOf(builder, df, context))}`);

  const phases: PhaseRow[] = [
    { phase: 'parse (parseForSimulation)', samples: timed(() => engine.parse(scenario.dockerfile)) },
    { phase: 'lint (lintDockerfile via collectDiagnostics)', samples: timed(() => engine.collectDiagnostics(df, scenario)) },
    { phase: 'context (buildContext; digests on first read)', samples: timed(() => engine.buildContext(contextFiles(engine, scenario), scenario.files['.dockerignore'])) },
    { phase: 'plan legacy (stage graph + selection)', samples: timed(() => plan(engine, deps, df, 'legacy')), note: 'also inside simulate' },
    { phase: 'plan BuildKit', samples: timed(() => plan(engine, deps, df, 'buildkit')), note: 'also inside simulate' },
    { phase: 'simulate legacy (first build)', samples: timed(() => simulateFresh(engine, deps, df, context, 'legacy')), note: 'warm step memos' },
    { phase: 'simulate BuildKit (first build)', samples: timed(() => simulateFresh(engine, deps, df, context, 'buildkit')), note: 'warm step memos' },
    { phase: 'simulate legacy (cached rebuild)', samples: timed(() => rebuildOf('legacy', df, context)) },
    { phase: 'simulate BuildKit (cached rebuild)', samples: timed(() => rebuildOf('buildkit', df, context)) },
  ];
  const total = timed(() => pipeline(engine, deps, scenario));
  // Fresh dependencies per run: images loaded again and empty step memos, so every step is derived.
  const cold = timed(() => pipeline(engine, engine.createPipelineDeps(), scenario));
  const rebuild = timed(() => {
    const d = engine.parse(scenario.dockerfile);
    consume(engine.collectDiagnostics(d, scenario));
    const c = engine.buildContext(contextFiles(engine, scenario), scenario.files['.dockerignore']);
    return BUILDERS.map((builder) => rebuildOf(builder, d, c));
  });
  // What analyzeScenario adds per keystroke: the views (stage stacks; each stage's image read from
  // one BuildKit simulation that starts from the stages the main build finished). Fewer rounds.
  const viewRounds = quick ? 3 : 9;
  const views = measure(() => first.map((result) => engine.viewBuild(result, df, context, deps)), 1, viewRounds, warmupMs);
  const analyze = measure(() => engine.analyzeScenario(scenario, deps), 1, viewRounds, warmupMs);
  const analyzeCold = measure(() => engine.analyzeScenario(scenario, engine.createPipelineDeps()), 1, viewRounds, warmupMs);
  phases.push(
    { phase: 'TOTAL first build, warm step memos: parse+lint+context+simulate both', samples: total, note: `keystroke 2 on; target < ${TARGET_MS} ms` },
    { phase: 'TOTAL cached rebuild (same, warm caches)', samples: rebuild },
    { phase: 'TOTAL first build, cold (fresh deps: images, step memos)', samples: cold, note: 'every step derived anew' },
    { phase: 'views (viewBuild, both builders)', samples: views, note: `${viewRounds} runs; not in the target` },
    { phase: 'analyzeScenario (what a keystroke costs)', samples: analyze, note: `${viewRounds} runs; pipeline + views` },
    { phase: 'analyzeScenario, cold (fresh deps)', samples: analyzeCold, note: `${viewRounds} runs; a session's first keystroke` },
  );
  log(phaseRows(phases));
  return { total, rebuild };
}

// The group ---------------------------------------------------------------------------------------

export const simulatorGroup: BenchGroup = {
  name: 'simulator',
  summary: 'parse + lint + plan + simulate both builders on the largest corpus file (< 2 ms), and growth with 10/50/200 stages',
  async run(context: BenchContext): Promise<readonly Check[]> {
    const { log } = context;
    const quick = context.options.quick;
    const checks: Check[] = [];
    const engine = await loadEngine();
    // Created once, as the playground's worker does (src/adapters/pipeline-host.ts).
    const deps = engine.createPipelineDeps();
    const settings = { builder: 'both', target: '', buildArgs: {}, noCache: false } as const;

    const largest = largestCorpusFile();
    log(`  ${largest.name}; dependencies: createPipelineDeps() once (catalog, estimating unknown images; default RUN executor; its step memos), fresh caches per first build`);
    log(`  median (and min) of the timed runs after warm-up, CPU ms; wall-clock median alongside`);
    const asWritten = measureWorkload(engine, deps, { label: 'as written', scenario: { dockerfile: largest.text, files: mobyContext(), settings } }, quick, log);
    checks.push(
      check(
        `${largest.name} as written: parse+lint+plan+simulate both < ${TARGET_MS} ms`,
        asWritten.total.median < TARGET_MS,
        `${formatMs(asWritten.total.median)} (both builders stop at their first error, see above)`,
      ),
    );
    log('');
    const variantFiles = mobyContext();
    const variant = engine2010Variant(largest.text, variantFiles);
    const full = measureWorkload(engine, deps, { label: 'engine 20.10 variant (simulated stage by stage)', scenario: { dockerfile: variant, files: variantFiles, settings } }, quick, log);
    // The issue's 2 ms is for the file as written (above). Building this variant to the end is a
    // heavier, self-set workload (338 steps through the shell model and the toolchain knowledge
    // base), so it gets the budget that keeps the playground live: one 60 Hz frame per keystroke.
    checks.push(
      check(
        `${largest.name}, engine 20.10 variant built to the end: whole pipeline < ${FRAME_MS} ms (one frame; not the issue's 2 ms target)`,
        full.total.median < FRAME_MS,
        `${formatMs(full.total.median)} (min ${formatMs(full.total.min)}); cached rebuild ${formatMs(full.rebuild.median)}`,
      ),
    );

    // Growth with stages ---------------------------------------------------------------------------
    log('');
    const stageCounts = [10, 50, 200];
    log(`  synthetic buildable files (bench/synthetic.ts syntheticBuildableByStages): ${stageCounts.join(', ')} stages, total pipeline (parse+lint+context+simulate both, fresh caches, warm step memos)`);
    const runsFor = (n: number) => (quick ? 3 : n >= 200 ? 15 : n >= 50 ? 41 : 101);
    const growthRows: string[][] = [['stages', 'instructions', 'runs', 'mean (CPU)', 'median', 'min', 'wall', 'per stage', 'legacy', 'BuildKit']];
    // Growth is judged on the mean: a bigger build has more of its runs hit a GC pause, and the
    // median of a few runs flips between "none" and "one"; the mean charges each size its share.
    const means: number[] = [];
    const mins: number[] = [];
    for (const n of stageCounts) {
      const scenario: Scenario = { dockerfile: syntheticBuildableByStages(n), files: syntheticBuildContext(), settings };
      const results = pipeline(engine, deps, scenario);
      const df = engine.parse(scenario.dockerfile);
      const runs = runsFor(n);
      const samples = measure(() => pipeline(engine, deps, scenario), 1, runs, quick ? 0 : 200);
      means.push(samples.mean);
      mins.push(samples.min);
      const status = (r: BuildResult | undefined) => (r ? `${r.outcome} ${r.steps.length} steps` : '?');
      growthRows.push([
        String(n),
        formatInt(df.instructions.length),
        String(runs),
        formatMs(samples.mean),
        formatMs(samples.median),
        formatMs(samples.min),
        formatMs(samples.wallMedian),
        formatMs(samples.mean / n),
        status(results[0]),
        status(results[1]),
      ]);
    }
    log(table(growthRows));
    const factors: string[] = [];
    const meanPer10x = growthPer10x(stageCounts, means);
    // The minimum is less disturbed by other load than the median: shown as a second opinion.
    const minPer10x = growthPer10x(stageCounts, mins);
    const worstPer10x = Math.max(0, ...meanPer10x);
    for (let i = 1; i < stageCounts.length; i++) {
      const sizeRatio = (stageCounts[i] ?? 1) / (stageCounts[i - 1] ?? 1);
      const timeRatio = (means[i] ?? 0) / (means[i - 1] || Number.MIN_VALUE);
      const per10x = meanPer10x[i - 1] ?? 0;
      const exponent = Math.log10(per10x);
      const minExponent = Math.log10(minPer10x[i - 1] ?? 0);
      const flag = per10x > MAX_GROWTH_PER_10X ? ' SUPERLINEAR' : '';
      factors.push(
        `${stageCounts[i - 1]}→${stageCounts[i]}: ${timeRatio.toFixed(1)}× time for ${sizeRatio}× stages ` +
          `(n^${exponent.toFixed(2)}, ${per10x.toFixed(0)}× per 10×; on min times n^${minExponent.toFixed(2)})${flag}`,
      );
    }
    for (const line of factors) log(`  ${line}`);
    if (means.length === stageCounts.length) {
      checks.push(
        check(
          `linear growth with stages (≤ ${MAX_GROWTH_PER_10X}× per 10× stages)`,
          worstPer10x <= MAX_GROWTH_PER_10X,
          `${stageCounts.map((n, i) => `${n}: ${formatMs(means[i] ?? 0)}`).join(', ')}; worst ${worstPer10x.toFixed(0)}× per 10×`,
        ),
      );
    } else {
      checks.push(skip('linear growth with stages', 'not measured'));
    }
    return checks;
  },
};
