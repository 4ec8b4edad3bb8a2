// Summarises a V8 CPU profile (`node --cpu-prof`) as self and inclusive time per function, and
// the hottest source lines. When the profiled script has a source map (an external `.map` beside
// it or an inline one), positions are mapped back to the TypeScript sources.
//
// tsx compiles each module onto very few lines, so for line-level answers profile an esbuild
// bundle with a source map instead (see bench/README.md):
//
//   npx esbuild bench/profile-parser.ts --bundle --platform=node --format=esm --sourcemap \
//     --outfile=/tmp/prof/profile-parser.mjs
//   node --cpu-prof --cpu-prof-dir=/tmp/prof /tmp/prof/profile-parser.mjs 100k
//   node bin/run-ts.mjs bench/profile-summary.ts /tmp/prof/*.cpuprofile --filter=src/core --top=30
//
// `--filter` keeps rows whose location contains the text (inclusive time still counts everything
// a function calls). `--callers=TEXT` adds, for each function whose row contains TEXT, its
// inclusive time split by the function that called it (e.g. `--callers=layered-fs.ts:89`).

import { readFileSync } from 'node:fs';
import { locate, scriptLine } from './source-locations.ts';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
  positionTicks?: { line: number; ticks: number }[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function keyOf(frame: CallFrame): string {
  const name = frame.functionName || '(anonymous)';
  const where = locate(frame.url, frame.lineNumber, frame.columnNumber);
  return where ? `${name}  ${where}` : name;
}

// A generated line's position ticks belong to the original line its first code maps to.
function lineKey(url: string, line1: number): string {
  const text = scriptLine(url, line1 - 1);
  const column = Math.max(0, text.search(/\S/));
  return locate(url, line1 - 1, column);
}

function summarise(file: string, filter: string | undefined, top: number, callersOf: string | undefined): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  // callee key → caller key → ms (the outermost call of a recursive callee counts once)
  const callers = new Map<string, Map<string, number>>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000; // µs → ms
    total += dt;
    const node = byId.get(id);
    if (!node) return;
    const key = keyOf(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + dt);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (!frame) break;
      const k = keyOf(frame);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
      if (callersOf !== undefined && k.includes(callersOf)) {
        const up = parent.get(at);
        const callerFrame = up === undefined ? undefined : byId.get(up)?.callFrame;
        const callerKey = callerFrame ? keyOf(callerFrame) : '(root)';
        const byCaller = callers.get(k) ?? new Map<string, number>();
        byCaller.set(callerKey, (byCaller.get(callerKey) ?? 0) + dt);
        callers.set(k, byCaller);
      }
    }
  });
  const msPerSample = profile.samples.length > 0 ? total / profile.samples.length : 0;
  const lines = new Map<string, number>();
  for (const node of profile.nodes) {
    for (const tick of node.positionTicks ?? []) {
      const key = `${lineKey(node.callFrame.url, tick.line)}  (${node.callFrame.functionName || 'anonymous'})`;
      lines.set(key, (lines.get(key) ?? 0) + tick.ticks * msPerSample);
    }
  }

  const keep = (key: string) => filter === undefined || key.includes(filter);
  const print = (title: string, map: Map<string, number>) => {
    console.log(`\n${title}`);
    const rows = [...map].filter(([key]) => keep(key)).sort((a, b) => b[1] - a[1]).slice(0, top);
    for (const [key, ms] of rows) {
      console.log(`  ${ms.toFixed(1).padStart(9)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${key}`);
    }
  };
  console.log(`${file}: ${total.toFixed(0)} ms sampled`);
  print('self time', self);
  print('inclusive time', inclusive);
  print('hot lines (self time)', lines);
  for (const [callee, byCaller] of callers) {
    console.log(`\ncallers of ${callee} (${(inclusive.get(callee) ?? 0).toFixed(1)} ms inclusive)`);
    for (const [caller, ms] of [...byCaller].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`  ${ms.toFixed(1).padStart(9)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${caller}`);
    }
  }
}

const args = process.argv.slice(2);
const filter = args.find((a) => a.startsWith('--filter='))?.slice('--filter='.length);
const top = Number(args.find((a) => a.startsWith('--top='))?.slice('--top='.length) ?? 30);
const callersOf = args.find((a) => a.startsWith('--callers='))?.slice('--callers='.length);
const files = args.filter((a) => !a.startsWith('--'));
if (files.length === 0) {
  console.error('usage: node bin/run-ts.mjs bench/profile-summary.ts FILE.cpuprofile [--filter=TEXT] [--top=N] [--callers=TEXT]');
  process.exitCode = 2;
}
for (const file of files) summarise(file, filter, top, callersOf);
