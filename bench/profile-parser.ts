// A profiling workload for the parser alone (no dockerfile-ast, no reporting), so a CPU profile
// shows only parseDockerfile:
//
//   node --cpu-prof --cpu-prof-dir=/tmp/prof bin/run-ts.mjs bench/profile-parser.ts [corpus|100k]
//   node bin/run-ts.mjs bench/profile-summary.ts /tmp/prof/*.cpuprofile --filter=src/core

import { consume, loadCorpus } from './harness.ts';
import { syntheticDockerfileByLines } from './synthetic.ts';

const specifier = '../src/core/dockerfile/parser.ts';
const { parseDockerfile } = (await import(specifier)) as { parseDockerfile: (text: string) => unknown };
const which = process.argv[2] ?? 'both';

if (which === 'corpus' || which === 'both') {
  const texts = loadCorpus().files.map((file) => file.text);
  const start = performance.now();
  for (let round = 0; round < 30; round++) for (const text of texts) consume(parseDockerfile(text));
  console.log(`corpus ×30: ${(performance.now() - start).toFixed(0)} ms`);
}
if (which === '100k' || which === 'both') {
  const text = syntheticDockerfileByLines(100_000);
  const start = performance.now();
  for (let round = 0; round < 20; round++) consume(parseDockerfile(text));
  console.log(`100k lines ×20: ${(performance.now() - start).toFixed(0)} ms`);
}
