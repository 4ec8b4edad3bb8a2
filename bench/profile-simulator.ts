// A profiling workload for the simulator group's pipeline (parse + lint + context + both builders'
// simulations, as the playground runs it per keystroke), without timing or reporting. Bundle it
// first so positions map back to TypeScript lines:
//
//   npx esbuild bench/profile-simulator.ts --bundle --platform=node --format=esm --sourcemap --keep-names --outfile=/tmp/prof/profile-simulator.mjs
//   node --cpu-prof --cpu-prof-dir=/tmp/prof /tmp/prof/profile-simulator.mjs first
//   node bin/run-ts.mjs bench/profile-summary.ts /tmp/prof/*.cpuprofile --filter=src/core --top=25
//   node /tmp/prof/profile-simulator.mjs first --alloc        # bytes allocated per pipeline, by function
//
// Workloads: `first` (moby's Dockerfile, engine 20.10 variant, fresh caches, the dependencies'
// step memos warm: the target's work), `cold` (the same with fresh pipeline dependencies per run:
// base images reloaded, empty step memos, so every step is derived), `rebuild` (the same
// against warm caches), `views` (analyzeScenario: pipeline + views),
// `written` (moby's Dockerfile as written), `stages200` (the 200-stage synthetic file).

import type { BuildCache } from '../src/core/build/simulate.ts';
import type { BuilderKind } from '../src/core/build/types.ts';
import type { Scenario } from '../src/core/session/scenario.ts';
import { sampleAllocations } from './alloc-profile.ts';
import { consume, largestCorpusFile } from './harness.ts';
import { contextFiles, engine2010Variant, loadEngine, mobyContext, pipeline } from './groups/simulator.ts';
import { syntheticBuildableByStages, syntheticBuildContext } from './synthetic.ts';

const args = process.argv.slice(2);
const which = args.find((arg) => !arg.startsWith('--')) ?? 'first';
const alloc = args.includes('--alloc');
const settings = { builder: 'both', target: '', buildArgs: {}, noCache: false } as const;

const engine = await loadEngine();
const deps = engine.createPipelineDeps();
const largest = largestCorpusFile();
const variantFiles = mobyContext();
const variant: Scenario = { dockerfile: engine2010Variant(largest.text, variantFiles), files: variantFiles, settings };

let rounds: number;
let work: () => void;
switch (which) {
  case 'first':
    rounds = alloc ? 5 : 60;
    work = () => consume(pipeline(engine, deps, variant));
    break;
  case 'cold':
    rounds = alloc ? 5 : 40;
    work = () => consume(pipeline(engine, engine.createPipelineDeps(), variant));
    break;
  case 'rebuild': {
    rounds = alloc ? 5 : 150;
    const df = engine.parse(variant.dockerfile);
    const context = engine.buildContext(contextFiles(engine, variant), variant.files['.dockerignore']);
    const caches = new Map<BuilderKind, BuildCache>();
    for (const builder of ['legacy', 'buildkit'] as const) {
      const cache = engine.createBuildCache();
      engine.simulateBuild({ dockerfile: df, context, request: { builder }, ...engine.engineOf(deps) }, cache);
      caches.set(builder, cache);
    }
    work = () => {
      const d = engine.parse(variant.dockerfile);
      consume(engine.collectDiagnostics(d, variant));
      const c = engine.buildContext(contextFiles(engine, variant), variant.files['.dockerignore']);
      for (const builder of ['legacy', 'buildkit'] as const) {
        consume(engine.simulateBuild({ dockerfile: d, context: c, request: { builder }, ...engine.engineOf(deps), previous: { dockerfile: df, buildArgs: {} } }, caches.get(builder) ?? engine.createBuildCache()));
      }
    };
    break;
  }
  case 'views':
    rounds = alloc ? 2 : 8;
    work = () => consume(engine.analyzeScenario(variant, deps));
    break;
  case 'written': {
    rounds = alloc ? 20 : 400;
    const scenario: Scenario = { dockerfile: largest.text, files: mobyContext(), settings };
    work = () => consume(pipeline(engine, deps, scenario));
    break;
  }
  case 'stages200': {
    rounds = alloc ? 2 : 12;
    const scenario: Scenario = { dockerfile: syntheticBuildableByStages(200), files: syntheticBuildContext(), settings };
    work = () => consume(pipeline(engine, deps, scenario));
    break;
  }
  default:
    console.error('usage: profile-simulator.mjs [first|cold|rebuild|views|written|stages200] [--alloc]');
    process.exit(2);
}

const run = () => {
  for (let i = 0; i < rounds; i++) work();
};
run(); // warm-up (JIT; for all but `cold`, the image resolver's memo and the step memos)
if (alloc) {
  await sampleAllocations(which, rounds, 'pipeline', run);
} else {
  const start = performance.now();
  run();
  console.log(`${which} ×${rounds}: ${(performance.now() - start).toFixed(0)} ms wall`);
}
