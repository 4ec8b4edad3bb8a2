// A playground scenario: everything a learner can change, as plain JSON. It is what the playground
// saves per lesson, what a Share link carries, and what the pipeline builds.

import type { BuilderKind } from '../build/types.ts';

/** Which builder(s) to build with; `both` shows legacy and BuildKit side by side. */
export type BuilderChoice = BuilderKind | 'both';

export const BUILDER_CHOICES: readonly BuilderChoice[] = ['legacy', 'buildkit', 'both'];

export interface PlaygroundSettings {
  readonly builder: BuilderChoice;
  /** `--target`; empty builds the last stage. */
  readonly target: string;
  /** `--build-arg K=V` pairs. */
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly noCache: boolean;
}

export interface Scenario {
  /** The Dockerfile's text (the context's `Dockerfile`). */
  readonly dockerfile: string;
  /** The other context files: relative `/`-separated path → text (`.dockerignore` included). */
  readonly files: Readonly<Record<string, string>>;
  readonly settings: PlaygroundSettings;
}

export const DEFAULT_SETTINGS: PlaygroundSettings = { builder: 'buildkit', target: '', buildArgs: {}, noCache: false };

/** Lists the builders a choice builds with, legacy first. */
export function buildersOf(choice: BuilderChoice): BuilderKind[] {
  return choice === 'both' ? ['legacy', 'buildkit'] : [choice];
}

function isRecordOfStrings(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}

/** Reads settings from untrusted JSON, filling what is missing or wrong with defaults. */
export function readSettings(value: unknown, fallback: PlaygroundSettings = DEFAULT_SETTINGS): PlaygroundSettings {
  if (typeof value !== 'object' || value === null) return fallback;
  const v = value as Record<string, unknown>;
  const builder = v['builder'];
  return {
    builder: typeof builder === 'string' && (BUILDER_CHOICES as readonly string[]).includes(builder) ? (builder as BuilderChoice) : fallback.builder,
    target: typeof v['target'] === 'string' ? v['target'] : fallback.target,
    buildArgs: isRecordOfStrings(v['buildArgs']) ? { ...v['buildArgs'] } : fallback.buildArgs,
    noCache: typeof v['noCache'] === 'boolean' ? v['noCache'] : fallback.noCache,
  };
}

/** Reads a scenario from untrusted JSON (storage, a share link); null when it is not one. */
export function readScenario(value: unknown, fallbackSettings: PlaygroundSettings = DEFAULT_SETTINGS): Scenario | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v['dockerfile'] !== 'string' || !isRecordOfStrings(v['files'])) return null;
  const files: Record<string, string> = {};
  for (const [path, text] of Object.entries(v['files'])) {
    const clean = normalizeContextPath(path);
    if (clean !== null && clean !== 'Dockerfile') files[clean] = text;
  }
  return { dockerfile: v['dockerfile'], files, settings: readSettings(v['settings'], fallbackSettings) };
}

/**
 * Cleans a context path a learner typed (`./src//a.txt` → `src/a.txt`); null when it leaves the
 * context (`..`) or names nothing.
 */
export function normalizeContextPath(path: string): string | null {
  const parts: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return null;
    parts.push(part);
  }
  return parts.length === 0 ? null : parts.join('/');
}

/** Tells whether two scenarios are the same (what Share must restore exactly). */
export function sameScenario(a: Scenario, b: Scenario): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function sortedRecord(r: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(r).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
}

/** Returns the scenario with its records in a stable key order (for storage and links). */
export function canonical(s: Scenario): Scenario {
  return {
    dockerfile: s.dockerfile,
    files: sortedRecord(s.files),
    settings: { ...s.settings, buildArgs: sortedRecord(s.settings.buildArgs) },
  };
}
