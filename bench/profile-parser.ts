// A profiling workload for the parser alone (no dockerfile-ast, no reporting), so a profile shows
// only parseDockerfile. Bundle it first so positions map back to TypeScript lines (tsx puts each
// module on a handful of lines):
//
//   npx esbuild bench/profile-parser.ts --bundle --platform=node --format=esm --sourcemap --keep-names --outfile=/tmp/prof/profile-parser.mjs
//   node --cpu-prof --cpu-prof-dir=/tmp/prof /tmp/prof/profile-parser.mjs [corpus|100k|both]
//   node bin/run-ts.mjs bench/profile-summary.ts /tmp/prof/*.cpuprofile --filter=src/core
//
// With `--alloc` it samples allocations instead (V8's sampling heap profiler, counting objects
// that were collected too) and prints the sites that allocate the most bytes per parse:
//
//   node /tmp/prof/profile-parser.mjs 100k --alloc

import { parseDockerfile } from '../src/core/dockerfile/parser.ts';
import { consume, loadCorpus } from './harness.ts';
import { sampleAllocations } from './alloc-profile.ts';
import { syntheticDockerfileByLines } from './synthetic.ts';

const args = process.argv.slice(2);

/** CPU time (user + system, all threads: the garbage collector's helpers too) since `since`. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}
const which = args.find((arg) => !arg.startsWith('--')) ?? 'both';
const alloc = args.includes('--alloc');

if (which === 'corpus' || which === 'both') {
  const texts = loadCorpus().files.map((file) => file.text);
  const rounds = alloc ? 3 : 30;
  const run = () => {
    for (let round = 0; round < rounds; round++) for (const text of texts) consume(parseDockerfile(text));
  };
  if (alloc) {
    run();
    await sampleAllocations('corpus', rounds, 'parse', run);
  } else {
    const start = performance.now();
    const cpu = process.cpuUsage();
    run();
    console.log(`corpus ×${rounds}: ${(performance.now() - start).toFixed(0)} ms wall, ${cpuMs(cpu).toFixed(0)} ms CPU`);
  }
}
if (which === '100k' || which === 'both') {
  const text = syntheticDockerfileByLines(100_000);
  const rounds = alloc ? 3 : 20;
  const run = () => {
    for (let round = 0; round < rounds; round++) consume(parseDockerfile(text));
  };
  if (alloc) {
    run();
    await sampleAllocations('100k lines', rounds, 'parse', run);
  } else {
    const start = performance.now();
    const cpu = process.cpuUsage();
    run();
    console.log(`100k lines ×${rounds}: ${(performance.now() - start).toFixed(0)} ms wall, ${cpuMs(cpu).toFixed(0)} ms CPU`);
  }
}
