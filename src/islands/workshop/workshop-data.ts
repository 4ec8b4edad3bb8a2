// Workshop data with no server: settings travel in the URL, progress and custom exercises travel
// as files (or links) that anyone can open. Everything read here is untrusted input: readers
// return null (or skip entries) instead of throwing.

import { fromBase64Url, toBase64Url } from '../../adapters/share-link.ts';
import { lessonStatus, readProgress, type LessonStatus, type ProgressState, type ProgressStorage } from '../../lib/progress.ts';
import type { LessonGoal } from '../../core/lessons/goal.ts';

/** What an instructor chose for a workshop; encoded in the `w` query parameter. */
export interface WorkshopSettings {
  readonly title: string;
  /** Lesson ids, in the order of the workshop. */
  readonly lessons: readonly string[];
  /** Whether learners may reveal solutions (the page hides the link to them when false). */
  readonly solutions: boolean;
  /** Minutes planned per lesson, shown on the agenda. */
  readonly minutesPerLesson: number;
}

export const WORKSHOP_PARAM = 'w';
export const EXERCISE_PARAM = 'x';

function encodeJson(value: unknown): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(value)));
}

function decodeJson(text: string): unknown {
  const bytes = fromBase64Url(text);
  if (!bytes) return null;
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Encodes workshop settings for a link. */
export function encodeWorkshop(settings: WorkshopSettings): string {
  return encodeJson(settings);
}

/** Reads workshop settings from a link parameter; unknown lesson ids are dropped. */
export function decodeWorkshop(text: string, knownLessons: readonly string[]): WorkshopSettings | null {
  const v = decodeJson(text);
  if (!isRecord(v) || !Array.isArray(v['lessons'])) return null;
  const lessons = v['lessons'].filter((id): id is string => typeof id === 'string' && knownLessons.includes(id));
  const minutes = typeof v['minutesPerLesson'] === 'number' && v['minutesPerLesson'] > 0 ? Math.min(240, Math.round(v['minutesPerLesson'])) : 15;
  return {
    title: typeof v['title'] === 'string' && v['title'].trim() !== '' ? v['title'].slice(0, 120) : 'Multi-stage builds workshop',
    lessons,
    solutions: v['solutions'] !== false,
    minutesPerLesson: minutes,
  };
}

/** A learner's exported progress file. */
export interface ProgressFile {
  readonly kind: 'stagecraft-progress';
  readonly version: 1;
  readonly learner: string;
  readonly exportedAt: string;
  readonly progress: ProgressState;
}

/** Makes the progress file a learner downloads. */
export function makeProgressFile(learner: string, storage: ProgressStorage | null, now: Date = new Date()): ProgressFile {
  return { kind: 'stagecraft-progress', version: 1, learner: learner.trim() || 'Anonymous learner', exportedAt: now.toISOString(), progress: readProgress(storage) };
}

/** Reads a progress file's text; null when it is not one. */
export function readProgressFile(text: string): ProgressFile | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(v) || v['kind'] !== 'stagecraft-progress' || !isRecord(v['progress'])) return null;
  // Reuse the progress reader's validation through a one-entry in-memory storage.
  const raw = JSON.stringify(v['progress']);
  const progress = readProgress({ getItem: () => raw, setItem: () => undefined, removeItem: () => undefined });
  return {
    kind: 'stagecraft-progress',
    version: 1,
    learner: typeof v['learner'] === 'string' && v['learner'].trim() !== '' ? v['learner'].slice(0, 80) : 'Anonymous learner',
    exportedAt: typeof v['exportedAt'] === 'string' ? v['exportedAt'] : '',
    progress,
  };
}

/** One row of the instructor's table: a learner and each lesson's status. */
export interface ClassRow {
  readonly learner: string;
  readonly statuses: readonly LessonStatus[];
  readonly done: number;
}

/** Builds the who-finished-what table; a learner imported twice keeps the newest export. */
export function classTable(files: readonly ProgressFile[], lessonIds: readonly string[]): ClassRow[] {
  const newest = new Map<string, ProgressFile>();
  for (const f of files) {
    const prev = newest.get(f.learner);
    if (!prev || prev.exportedAt < f.exportedAt) newest.set(f.learner, f);
  }
  return [...newest.values()]
    .map((f) => {
      const statuses = lessonIds.map((id) => lessonStatus(f.progress, id));
      return { learner: f.learner, statuses, done: statuses.filter((s) => s === 'done').length };
    })
    .sort((a, b) => a.learner.localeCompare(b.learner));
}

/** The local storage keys a classroom reset removes: every Stagecraft key except the theme. */
export function resettableKeys(keys: readonly string[]): string[] {
  return keys.filter((k) => k.startsWith('stagecraft:') && k !== 'stagecraft:theme');
}

/** A custom exercise: what an instructor builds and shares. */
export interface CustomExercise {
  readonly kind: 'stagecraft-exercise';
  readonly version: 1;
  readonly title: string;
  readonly dockerfile: string;
  readonly files: Readonly<Record<string, string>>;
  readonly goal: LessonGoal;
  readonly hints: readonly string[];
  readonly solution?: string;
}

/** Encodes an exercise for a link. */
export function encodeExercise(exercise: CustomExercise): string {
  return encodeJson(exercise);
}

const GOAL_KEYS = new Set(['description', 'builder', 'target', 'mustSucceed', 'buildArgs', 'minStages', 'maxSizeBytes', 'mustCopyFrom', 'finalImageHas', 'finalImageLacks', 'finalStageWithoutBuildTools', 'cachedAfterEditing', 'cachedAfterBuildArgs', 'stepStaysCached', 'noLatest', 'targetSkipsStageMatching', 'targetRunsStepMatching', 'noSecretInHistory', 'finalEnv', 'dockerfileMatches', 'dockerfileLacks']);

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function readGoal(v: unknown): LessonGoal | null {
  if (!isRecord(v)) return null;
  const goal: Record<string, unknown> = {};
  for (const [k, value] of Object.entries(v)) if (GOAL_KEYS.has(k)) goal[k] = value;
  goal['description'] = typeof goal['description'] === 'string' ? goal['description'] : 'Meet every check.';
  goal['builder'] = goal['builder'] === 'legacy' ? 'legacy' : 'buildkit';
  goal['mustSucceed'] = goal['mustSucceed'] !== false;
  for (const k of ['mustCopyFrom', 'finalImageHas', 'finalImageLacks', 'noSecretInHistory']) if (goal[k] !== undefined && !isStringArray(goal[k])) delete goal[k];
  for (const k of ['minStages', 'maxSizeBytes']) if (goal[k] !== undefined && typeof goal[k] !== 'number') delete goal[k];
  for (const k of ['target', 'cachedAfterEditing', 'stepStaysCached', 'targetSkipsStageMatching', 'targetRunsStepMatching']) if (goal[k] !== undefined && typeof goal[k] !== 'string') delete goal[k];
  for (const k of ['finalStageWithoutBuildTools', 'noLatest']) if (goal[k] !== undefined && typeof goal[k] !== 'boolean') delete goal[k];
  for (const k of ['buildArgs', 'cachedAfterBuildArgs', 'finalEnv']) if (goal[k] !== undefined && !(isRecord(goal[k]) && Object.values(goal[k] as object).every((x) => typeof x === 'string'))) delete goal[k];
  for (const k of ['dockerfileMatches', 'dockerfileLacks']) {
    const list = goal[k];
    if (list !== undefined && !(Array.isArray(list) && list.every((p) => isRecord(p) && typeof p['pattern'] === 'string' && typeof p['description'] === 'string'))) delete goal[k];
  }
  return goal as unknown as LessonGoal;
}

/** Reads an exercise from JSON (a file) or from a link parameter; null when it is not one. */
export function readExercise(value: unknown): CustomExercise | null {
  const v = typeof value === 'string' ? (value.trim().startsWith('{') ? safeParse(value) : decodeJson(value)) : value;
  if (!isRecord(v) || v['kind'] !== 'stagecraft-exercise' || typeof v['dockerfile'] !== 'string') return null;
  const goal = readGoal(v['goal']);
  if (!goal) return null;
  const files: Record<string, string> = {};
  if (isRecord(v['files'])) for (const [p, t] of Object.entries(v['files'])) if (typeof t === 'string' && !p.includes('..')) files[p] = t;
  return {
    kind: 'stagecraft-exercise',
    version: 1,
    title: typeof v['title'] === 'string' ? v['title'].slice(0, 120) : 'Custom exercise',
    dockerfile: v['dockerfile'],
    files,
    goal,
    hints: isStringArray(v['hints']) ? v['hints'] : [],
    ...(typeof v['solution'] === 'string' ? { solution: v['solution'] } : {}),
  };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Parses the context files box: blocks of `=== path` followed by the file's text. */
export function parseFilesText(text: string): Record<string, string> {
  const files: Record<string, string> = {};
  let current: string | null = null;
  let lines: string[] = [];
  const flush = (): void => {
    if (current !== null) files[current] = lines.join('\n').replace(/\n*$/, '\n');
  };
  for (const line of text.split('\n')) {
    const m = /^===\s+(\S.*?)\s*$/.exec(line);
    if (m) {
      flush();
      current = (m[1] ?? '').replace(/^\.?\//, '');
      lines = [];
    } else if (current !== null) lines.push(line);
  }
  flush();
  return files;
}

/** Writes context files in the `=== path` block format. */
export function filesToText(files: Readonly<Record<string, string>>): string {
  return Object.entries(files).map(([p, t]) => `=== ${p}\n${t.replace(/\n$/, '')}`).join('\n');
}

/** Triggers a download of a text file (the only DOM helper here). */
export function downloadText(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
