// Number formats the engines print, each from the code that prints it.

import { humanSizeWithPrecision } from '../../size/bytes.ts';

/**
 * Formats the legacy context size like the docker CLI's `Sending build context to Docker daemon`:
 * go-units HumanSizeWithPrecision(size, 4), decimal units (2048 → `2.048kB`, 4608 → `4.608kB`).
 */
export function formatContextSize(count: number): string {
  return humanSizeWithPrecision(Number.isFinite(count) ? Math.max(0, count) : 0, 4);
}

/**
 * Computes the size of the tar the docker CLI sends as the legacy build context: per entry a
 * 512-byte header plus the content rounded up to 512 bytes, one header per directory (the root
 * excluded), and two zero blocks at the end (Go archive/tar). Scenario p01's context (Dockerfile,
 * pom.xml, src/, src/Main.java) is 9 blocks = `4.608kB`; a lone Dockerfile is `2.048kB`.
 * `files` maps context-relative paths (after `.dockerignore`) to their byte sizes.
 */
export function legacyContextTarBytes(files: Iterable<readonly [path: string, bytes: number]>): number {
  const dirs = new Set<string>();
  let total = 1024;
  for (const [path, size] of files) {
    const parts = path.split('/').filter((part) => part !== '' && part !== '.');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
    // Names over 100 bytes need an extra PAX header block pair; rare in lessons, ignored here.
    total += 512 + Math.ceil(Math.max(0, Number.isFinite(size) ? size : 0) / 512) * 512;
  }
  return total + dirs.size * 512;
}

/**
 * Formats a BuildKit status amount (`transferring context: 123.51kB`): whole bytes below 1000,
 * otherwise two decimals with a decimal unit (tonistiigi/units with `%.2f`; 123456+ bytes of
 * context printed `123.51kB` on Engine 20.10).
 */
export function formatTransferBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = Number.isFinite(bytes) ? Math.max(0, bytes) : 0;
  if (value < 1000) return `${Math.round(value)}B`;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(2)}${units[unit]}`;
}

/** Formats seconds with one decimal, as `#N DONE 0.3s` and the TTY timers print them. */
export function formatSeconds(ms: number): string {
  const seconds = Number.isFinite(ms) ? Math.max(0, ms) / 1000 : 0;
  return `${seconds.toFixed(1)}s`;
}

/**
 * Formats a log line's offset from its vertex's start (`#9 0.233 256+0 records in`): three
 * decimals under 10 s, two under 100 s, then one (BuildKit progressui printer).
 */
export function formatLogOffset(ms: number): string {
  const seconds = Number.isFinite(ms) ? Math.max(0, ms) / 1000 : 0;
  if (seconds < 10) return seconds.toFixed(3);
  if (seconds < 100) return seconds.toFixed(2);
  return seconds.toFixed(1);
}

/** Appends `:latest` to a tag without one, as `Successfully tagged` prints it. */
export function tagWithLatest(tag: string): string {
  const lastSlash = tag.lastIndexOf('/');
  const lastPart = tag.slice(lastSlash + 1);
  if (lastPart.includes('@')) return tag;
  return lastPart.includes(':') ? tag : `${tag}:latest`;
}

/** ANSI escapes the engines use. */
export const ANSI = {
  /** Legacy builder: stderr of a RUN (moby streamformatter). */
  stderr: '\u001b[91m',
  reset: '\u001b[0m',
  /** BuildKit TTY: finished vertices. */
  blue: '\u001b[34m',
  /** BuildKit TTY: failed vertices. */
  red: '\u001b[31m',
  yellow: '\u001b[33m',
} as const;

/** Removes ANSI escape sequences, for plain-text views. */
export function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
}
