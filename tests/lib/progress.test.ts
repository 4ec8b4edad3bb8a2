import { describe, expect, test } from 'vitest';
import { ACTIVE_WORKSHOP_KEY, PROGRESS_KEY, clearProgress, countCompleted, lessonStatus, markCompleted, readProgress, recordVisit, rememberActiveWorkshop, workshopHidesSolution, type ProgressStorage } from '../../src/lib/progress.ts';

function memoryStorage(initial: Record<string, string> = {}): ProgressStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

const t0 = new Date('2026-11-22T10:00:00Z');
const t1 = new Date('2026-11-22T11:00:00Z');

describe('lesson progress in browser storage', () => {
  test('a learner with no stored progress has every lesson new and nothing to continue', () => {
    const state = readProgress(memoryStorage());
    expect(lessonStatus(state, 'why-multi-stage')).toBe('new');
    expect(state.lastLessonId).toBeUndefined();
  });

  test('opening a lesson marks it started and makes it the lesson to continue', () => {
    const storage = memoryStorage();
    recordVisit('why-multi-stage', storage, t0);
    recordVisit('first-multi-stage-build', storage, t1);
    const state = readProgress(storage);
    expect(lessonStatus(state, 'why-multi-stage')).toBe('started');
    expect(state.lastLessonId).toBe('first-multi-stage-build');
  });

  test('completing a lesson keeps the first completion time when the goal is met again', () => {
    const storage = memoryStorage();
    markCompleted('why-multi-stage', storage, t0);
    markCompleted('why-multi-stage', storage, t1);
    const state = readProgress(storage);
    expect(state.lessons['why-multi-stage']?.completedAt).toBe(t0.toISOString());
    expect(lessonStatus(state, 'why-multi-stage')).toBe('done');
  });

  test('revisiting a completed lesson keeps it done', () => {
    const storage = memoryStorage();
    markCompleted('why-multi-stage', storage, t0);
    recordVisit('why-multi-stage', storage, t1);
    expect(lessonStatus(readProgress(storage), 'why-multi-stage')).toBe('done');
  });

  test('corrupt or foreign data in storage reads as no progress instead of throwing', () => {
    for (const raw of ['{not json', '[]', '{"version":2,"lessons":{}}', '{"version":1,"lessons":[]}', 'null']) {
      const state = readProgress(memoryStorage({ [PROGRESS_KEY]: raw }));
      expect(state.lessons).toEqual({});
    }
  });

  test('storage that throws (privacy modes, full quota) never breaks a lesson', () => {
    const broken: ProgressStorage = {
      getItem: () => { throw new Error('denied'); },
      setItem: () => { throw new Error('quota'); },
      removeItem: () => { throw new Error('denied'); },
    };
    expect(() => recordVisit('why-multi-stage', broken, t0)).not.toThrow();
    expect(lessonStatus(recordVisit('why-multi-stage', broken, t0), 'why-multi-stage')).toBe('started');
    expect(() => clearProgress(broken)).not.toThrow();
  });

  test('the index counts only completed lessons', () => {
    const storage = memoryStorage();
    recordVisit('a', storage, t0);
    markCompleted('b', storage, t0);
    expect(countCompleted(readProgress(storage), ['a', 'b', 'c'])).toBe(1);
  });
});

describe('the workshop a learner opened, as lesson pages read it', () => {
  test('a workshop without solutions hides the solution of its own lessons only', () => {
    const storage = memoryStorage();
    rememberActiveWorkshop({ lessons: ['naming-stages', 'cache-order'], solutions: false }, storage);
    expect(workshopHidesSolution('naming-stages', storage)).toBe(true);
    expect(workshopHidesSolution('why-multi-stage', storage)).toBe(false);
  });

  test('a workshop that allows solutions, or no workshop at all, hides nothing', () => {
    const storage = memoryStorage();
    expect(workshopHidesSolution('naming-stages', storage)).toBe(false);
    rememberActiveWorkshop({ lessons: ['naming-stages'], solutions: true }, storage);
    expect(workshopHidesSolution('naming-stages', storage)).toBe(false);
  });

  test('workshops remembered before the key moved still apply (same key, same JSON)', () => {
    const stored = JSON.stringify({ title: 'Friday class', lessons: ['naming-stages'], solutions: false, minutesPerLesson: 20 });
    const storage = memoryStorage({ 'stagecraft:workshop:v1': stored });
    expect(ACTIVE_WORKSHOP_KEY).toBe('stagecraft:workshop:v1');
    expect(workshopHidesSolution('naming-stages', storage)).toBe(true);
  });

  test('junk in storage or storage that throws leaves solutions visible', () => {
    for (const raw of ['{not json', 'null', '[]', '{"solutions":false}', '{"solutions":false,"lessons":"naming-stages"}']) {
      expect(workshopHidesSolution('naming-stages', memoryStorage({ [ACTIVE_WORKSHOP_KEY]: raw }))).toBe(false);
    }
    const broken: ProgressStorage = {
      getItem: () => { throw new Error('denied'); },
      setItem: () => { throw new Error('quota'); },
      removeItem: () => { throw new Error('denied'); },
    };
    expect(() => rememberActiveWorkshop({ lessons: ['naming-stages'], solutions: false }, broken)).not.toThrow();
    expect(workshopHidesSolution('naming-stages', broken)).toBe(false);
    expect(workshopHidesSolution('naming-stages', null)).toBe(false);
  });
});
