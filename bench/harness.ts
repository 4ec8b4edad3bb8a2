// What every benchmark group shares: timing, the corpus, checks with PASS/FAIL, and formatting.
// Groups live in ./groups and are listed in ./registry.ts; ./run.ts is the entry point.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// When bundled for profiling (bench/README.md) this file no longer sits in bench/, so fall back to
// the working directory.
const besideBench = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = existsSync(path.join(besideBench, 'package.json')) ? besideBench : process.cwd();
/** The shared corpus sits beside the repository (`../shared`), locally and in CI. */
export const corpusDir = path.resolve(repoRoot, '../shared/corpus/dockerfiles');

export type CheckStatus = 'PASS' | 'FAIL' | 'SKIP';

/** One target a group measures against, e.g. "100k lines parse in < 100 ms". */
export interface Check {
  readonly name: string;
  readonly status: CheckStatus;
  /** The measured figure and the target, e.g. `42.1 ms (target < 100 ms)`. */
  readonly detail: string;
}

export interface BenchOptions {
  /** Fewer rounds, for a smoke run (`--quick`). */
  readonly quick: boolean;
}

export interface BenchContext {
  readonly options: BenchOptions;
  log(line?: string): void;
}

export interface BenchGroup {
  readonly name: string;
  readonly summary: string;
  run(context: BenchContext): Promise<readonly Check[]>;
}

export function check(name: string, pass: boolean, detail: string): Check {
  return { name, status: pass ? 'PASS' : 'FAIL', detail };
}

export function skip(name: string, detail: string): Check {
  return { name, status: 'SKIP', detail };
}

// A full collection, for groups that want to start a measurement from a clean heap (memory
// figures, say). Node is started without --expose-gc by `npm run bench`, so the flag is switched
// on here. Not used between timed runs (see timeOnce).
let collect: (() => void) | undefined;
export function collectGarbage(): void {
  if (collect === undefined) {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('typeof gc === "function" ? gc : undefined');
    collect = typeof gc === 'function' ? () => (gc as () => void)() : () => {};
  }
  collect();
}

/** Results escape into here so the optimiser cannot drop a call whose result is unused. */
export const sink: unknown[] = [];
export function consume(value: unknown): void {
  sink[0] = value;
}

/**
 * Timings of one contender. `median`/`min` are CPU milliseconds (user + system time of the
 * process): on a shared machine other processes stretch wall-clock time but not the CPU time the
 * work needs, and on an idle machine the two agree for this single-threaded code. Wall-clock
 * figures are kept alongside.
 */
export interface Samples {
  /** CPU milliseconds per run, in the order measured. */
  readonly times: readonly number[];
  readonly median: number;
  /** Mean CPU per run: spreads GC pauses over every run, where the median picks runs without one. */
  readonly mean: number;
  readonly min: number;
  readonly wallMedian: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function summarize(times: readonly number[], wallTimes: readonly number[] = times): Samples {
  return { times, median: median(times), mean: times.reduce((sum, t) => sum + t, 0) / Math.max(1, times.length), min: Math.min(...times), wallMedian: median(wallTimes) };
}

interface Timing {
  readonly cpu: number;
  readonly wall: number;
}

// No forced GC before a run: a full `gc()` shrinks V8's young generation, and the next run then
// pays for many extra scavenges (measured: the corpus round went from 24 ms to 120+ ms CPU).
// Steady state, which is what an editor re-parsing on every keystroke sees, is what we time.
function timeOnce(fn: () => unknown): Timing {
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  consume(fn());
  const wall = performance.now() - wallStart;
  const cpu = process.cpuUsage(cpuStart);
  return { cpu: (cpu.user + cpu.system) / 1000, wall };
}

/**
 * Runs `fn` `warmup` times untimed (and on until `minWarmupMs` have passed), then `rounds` times
 * timed. A time floor matters for sub-millisecond work: V8 optimises a hot function on background
 * threads, and CPU time counts those threads, so ten 1 ms warm-up runs leave the timed rounds
 * paying for compilation an editor stops paying for after its first few keystrokes.
 */
export function measure(fn: () => unknown, warmup: number, rounds: number, minWarmupMs = 0): Samples {
  const warmupStart = performance.now();
  for (let i = 0; i < warmup || performance.now() - warmupStart < minWarmupMs; i++) consume(fn());
  const timings: Timing[] = [];
  for (let i = 0; i < rounds; i++) timings.push(timeOnce(fn));
  return summarize(
    timings.map((t) => t.cpu),
    timings.map((t) => t.wall),
  );
}

/**
 * The share of CPU time the hypervisor gave to other guests (steal, from /proc/stat) since the
 * returned function was made; undefined where there is no /proc/stat. On a shared VM, work outside
 * it inflates even CPU times, which the load average does not show (the same 100k-line parse has
 * measured 65-70 ms in a quiet hour and 120 ms in a busy one, with the load average at 1.4 both
 * times); steal is the one part of that the guest can see.
 */
export function stealSince(): () => number | undefined {
  const read = (): { steal: number; total: number } | undefined => {
    try {
      const cpuLine = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
      const fields = cpuLine.trim().split(/\s+/).slice(1).map(Number);
      // user nice system idle iowait irq softirq steal …
      return { steal: fields[7] ?? 0, total: fields.slice(0, 8).reduce((sum, value) => sum + value, 0) };
    } catch {
      return undefined;
    }
  };
  const start = read();
  return () => {
    const end = read();
    if (start === undefined || end === undefined || end.total <= start.total) return undefined;
    return (end.steal - start.steal) / (end.total - start.total);
  };
}

/** The 1-minute load average per CPU; above ~1 other processes are competing for the CPUs. */
export function loadPerCpu(): number {
  return (os.loadavg()[0] ?? 0) / Math.max(1, os.cpus().length);
}

/**
 * Measures several contenders on the same work, interleaving their rounds (and alternating who
 * goes first) so drift in machine load hits all of them alike.
 */
export function measureInterleaved(
  contenders: Readonly<Record<string, () => unknown>>,
  warmup: number,
  rounds: number,
): Record<string, Samples> {
  const names = Object.keys(contenders);
  const timings: Record<string, Timing[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let i = 0; i < warmup; i++) for (const name of names) consume(contenders[name]?.());
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 ? [...names].reverse() : names;
    for (const name of order) {
      const fn = contenders[name];
      if (fn) timings[name]?.push(timeOnce(fn));
    }
  }
  return Object.fromEntries(
    names.map((name) => {
      const list = timings[name] ?? [];
      return [name, summarize(list.map((t) => t.cpu), list.map((t) => t.wall))];
    }),
  );
}

export interface CorpusFile {
  readonly name: string;
  readonly text: string;
  readonly bytes: number;
  readonly lines: number;
}

export interface Corpus {
  readonly dir: string;
  readonly files: readonly CorpusFile[];
  readonly bytes: number;
  readonly lines: number;
}

let corpusCache: Corpus | undefined;
/** Reads every file of the shared Dockerfile corpus (once per process). */
export function loadCorpus(): Corpus {
  if (corpusCache) return corpusCache;
  const files = readdirSync(corpusDir)
    .filter((name) => statSync(path.join(corpusDir, name)).isFile())
    .sort()
    .map((name) => {
      const buffer = readFileSync(path.join(corpusDir, name));
      const text = buffer.toString('utf8');
      return { name, text, bytes: buffer.length, lines: countLines(text) };
    });
  corpusCache = {
    dir: corpusDir,
    files,
    bytes: files.reduce((sum, file) => sum + file.bytes, 0),
    lines: files.reduce((sum, file) => sum + file.lines, 0),
  };
  return corpusCache;
}

/** The corpus file with the most bytes (moby's own Dockerfile at the time of writing). */
export function largestCorpusFile(): CorpusFile {
  const { files } = loadCorpus();
  return files.reduce((best, file) => (file.bytes > best.bytes ? file : best));
}

export function countLines(text: string): number {
  if (text === '') return 0;
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < text.length - 1; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/**
 * The growth a "linear" target allows per 10× more input: linear work gives ~10×; this leaves room
 * for noise and cache effects and still catches anything superlinear (n log n ~11.5×, quadratic ~100×).
 */
export const MAX_GROWTH_PER_10X = 14;

/**
 * Time per 10× more input, for each step of sizes that grow by 10× (1k → 10k → 100k).
 * Linear work gives about 10; quadratic gives about 100.
 */
export function growthPer10x(sizes: readonly number[], times: readonly number[]): number[] {
  const factors: number[] = [];
  for (let i = 1; i < sizes.length; i++) {
    const sizeRatio = (sizes[i] ?? 1) / (sizes[i - 1] ?? 1);
    const timeRatio = (times[i] ?? 0) / (times[i - 1] || Number.MIN_VALUE);
    // Normalise to a 10× step even if the sizes are not exactly 10× apart.
    factors.push(Math.pow(timeRatio, Math.log(10) / Math.log(sizeRatio)));
  }
  return factors;
}

// Formatting -------------------------------------------------------------------------------------

export const MB = 1_000_000;

export function formatMs(ms: number): string {
  if (ms < 1) return `${ms.toFixed(3)} ms`;
  if (ms < 100) return `${ms.toFixed(2)} ms`;
  return `${ms.toFixed(0)} ms`;
}

export function formatInt(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatMBps(bytes: number, ms: number): string {
  return `${(bytes / MB / (ms / 1000)).toFixed(1)} MB/s`;
}

export function table(rows: readonly (readonly string[])[], indent = '  '): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .map((line) => indent + line)
    .join('\n');
}
