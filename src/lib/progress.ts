// Lesson progress kept in the browser (localStorage), with no server and no account: which
// lessons were opened, which were completed, and the last one opened (for "continue where you
// left off"). The playground saves the learner's files itself; this only tracks the course.
//
// Storage is injected so the helpers run in tests without a DOM. A missing or corrupt record
// reads as empty progress and is never thrown at the learner.

/** The localStorage key; bump the version suffix only with a migration. */
export const PROGRESS_KEY = 'stagecraft:progress:v1';

/**
 * The event a playground (or any script) dispatches on `window` when the learner meets a
 * lesson's goal: `new CustomEvent(LESSON_COMPLETED_EVENT, { detail: { lessonId } })`.
 * The lesson page listens for it and records the completion.
 */
export const LESSON_COMPLETED_EVENT = 'stagecraft:lesson-completed';

export type LessonStatus = 'new' | 'started' | 'done';

export interface LessonProgress {
  /** ISO time the lesson page was last opened. */
  readonly visitedAt?: string;
  /** ISO time the goal was first met. */
  readonly completedAt?: string;
}

export interface ProgressState {
  readonly version: 1;
  readonly lessons: Readonly<Record<string, LessonProgress>>;
  readonly lastLessonId?: string;
}

/** The part of the Web Storage API the helpers use. */
export type ProgressStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const EMPTY: ProgressState = { version: 1, lessons: {} };

/** Returns `window.localStorage`, or null where it is unavailable (private modes, sandboxed frames, Node). */
export function browserStorage(): ProgressStorage | null {
  try {
    const storage = (globalThis as { localStorage?: Storage }).localStorage;
    return storage ?? null;
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the stored progress; anything unreadable reads as no progress. */
export function readProgress(storage: ProgressStorage | null = browserStorage()): ProgressState {
  if (!storage) return EMPTY;
  let raw: string | null;
  try {
    raw = storage.getItem(PROGRESS_KEY);
  } catch {
    return EMPTY;
  }
  if (raw === null) return EMPTY;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return EMPTY;
  }
  if (!isRecord(parsed) || parsed['version'] !== 1 || !isRecord(parsed['lessons'])) return EMPTY;
  const lessons: Record<string, LessonProgress> = {};
  for (const [id, value] of Object.entries(parsed['lessons'])) {
    if (!isRecord(value)) continue;
    const visitedAt = value['visitedAt'];
    const completedAt = value['completedAt'];
    lessons[id] = {
      ...(typeof visitedAt === 'string' ? { visitedAt } : {}),
      ...(typeof completedAt === 'string' ? { completedAt } : {}),
    };
  }
  const last = parsed['lastLessonId'];
  return { version: 1, lessons, ...(typeof last === 'string' ? { lastLessonId: last } : {}) };
}

function write(storage: ProgressStorage | null, state: ProgressState): ProgressState {
  if (!storage) return state;
  try {
    storage.setItem(PROGRESS_KEY, JSON.stringify(state));
  } catch {
    // Quota or privacy mode: progress is a convenience, the lesson keeps working without it.
  }
  return state;
}

/** Records that a lesson page was opened, and makes it the lesson to continue with. */
export function recordVisit(lessonId: string, storage: ProgressStorage | null = browserStorage(), now: Date = new Date()): ProgressState {
  const state = readProgress(storage);
  const previous = state.lessons[lessonId] ?? {};
  return write(storage, {
    version: 1,
    lessons: { ...state.lessons, [lessonId]: { ...previous, visitedAt: now.toISOString() } },
    lastLessonId: lessonId,
  });
}

/** Records that a lesson's goal was met; the first completion time is kept. */
export function markCompleted(lessonId: string, storage: ProgressStorage | null = browserStorage(), now: Date = new Date()): ProgressState {
  const state = readProgress(storage);
  const previous = state.lessons[lessonId] ?? {};
  return write(storage, {
    ...state,
    lessons: {
      ...state.lessons,
      [lessonId]: { visitedAt: previous.visitedAt ?? now.toISOString(), completedAt: previous.completedAt ?? now.toISOString() },
    },
  });
}

/** Forgets all progress (the playground's saved files are not touched). */
export function clearProgress(storage: ProgressStorage | null = browserStorage()): void {
  try {
    storage?.removeItem(PROGRESS_KEY);
  } catch {
    // Nothing to clear when storage is unavailable.
  }
}

/** Tells whether a lesson is new, started (opened) or done (goal met). */
export function lessonStatus(state: ProgressState, lessonId: string): LessonStatus {
  const entry = state.lessons[lessonId];
  if (entry?.completedAt !== undefined) return 'done';
  if (entry?.visitedAt !== undefined) return 'started';
  return 'new';
}

/** Counts completed lessons among the given ids. */
export function countCompleted(state: ProgressState, lessonIds: readonly string[]): number {
  return lessonIds.filter((id) => lessonStatus(state, id) === 'done').length;
}

/**
 * Where the workshop a learner opened (its `/workshop/?w=` link) is remembered, so lesson pages
 * can apply its settings. It lives here rather than with the workshop's link and file formats
 * (src/islands/workshop/workshop-data.ts) because every lesson page reads it: importing that
 * module from a lesson page would load the workshop's code there too.
 */
export const ACTIVE_WORKSHOP_KEY = 'stagecraft:workshop:v1';

/** The part of a workshop's settings that lesson pages apply. */
export interface ActiveWorkshop {
  /** Lesson ids of the workshop. */
  readonly lessons: readonly string[];
  /** Whether learners may reveal solutions. */
  readonly solutions: boolean;
}

/** Remembers the workshop a learner opened (the whole settings object is stored as JSON). */
export function rememberActiveWorkshop(workshop: ActiveWorkshop, storage: ProgressStorage | null = browserStorage()): void {
  try {
    storage?.setItem(ACTIVE_WORKSHOP_KEY, JSON.stringify(workshop));
  } catch {
    // Without storage the workshop page still works; lessons show their solutions.
  }
}

/**
 * Tells whether the remembered workshop hides this lesson's solution: it lists the lesson and
 * does not allow solutions. No workshop, junk in storage or no storage: the solution stays visible.
 */
export function workshopHidesSolution(lessonId: string, storage: ProgressStorage | null = browserStorage()): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage?.getItem(ACTIVE_WORKSHOP_KEY) ?? 'null');
  } catch {
    return false;
  }
  if (!isRecord(parsed)) return false;
  const lessons = parsed['lessons'];
  return parsed['solutions'] === false && Array.isArray(lessons) && lessons.includes(lessonId);
}

/** The words shown for a status, so every page says the same thing. */
export const STATUS_LABELS: Readonly<Record<LessonStatus, string>> = {
  new: 'Not started',
  started: 'In progress',
  done: 'Done',
};
