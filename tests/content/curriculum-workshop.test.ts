// Workshop data with no server: links, progress files, the class table, the reset's key list
// and custom exercises round-trip, and broken input is refused instead of thrown.

import { describe, expect, test } from 'vitest';
import { markCompleted, recordVisit, type ProgressStorage } from '../../src/lib/progress.ts';
import {
  classTable,
  decodeWorkshop,
  encodeExercise,
  encodeWorkshop,
  filesToText,
  makeProgressFile,
  parseFilesText,
  readExercise,
  readProgressFile,
  resettableKeys,
  type CustomExercise,
} from '../../src/islands/workshop/workshop-data.ts';
import { evaluateGoal } from '../../src/core/lessons/index.ts';

function memoryStorage(): ProgressStorage {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k) };
}

describe('workshop links', () => {
  test('settings survive the link and unknown lessons are dropped', () => {
    const text = encodeWorkshop({ title: 'Friday class', lessons: ['naming-stages', 'nope', 'cache-order'], solutions: false, minutesPerLesson: 20 });
    expect(decodeWorkshop(text, ['naming-stages', 'cache-order'])).toEqual({ title: 'Friday class', lessons: ['naming-stages', 'cache-order'], solutions: false, minutesPerLesson: 20 });
  });

  test('a damaged link reads as null', () => {
    expect(decodeWorkshop('%%%', ['a'])).toBeNull();
    expect(decodeWorkshop('e30', ['a'])).toBeNull();
  });
});

describe('progress files and the class table', () => {
  test('two learners\' exported files make a table of who finished what', () => {
    const ada = memoryStorage();
    markCompleted('why-multi-stage', ada, new Date('2026-01-01T10:00:00Z'));
    markCompleted('naming-stages', ada, new Date('2026-01-01T10:30:00Z'));
    const bo = memoryStorage();
    recordVisit('why-multi-stage', bo, new Date('2026-01-01T10:00:00Z'));
    const files = [
      readProgressFile(JSON.stringify(makeProgressFile('Ada', ada, new Date('2026-01-01T11:00:00Z')))),
      readProgressFile(JSON.stringify(makeProgressFile('Bo', bo, new Date('2026-01-01T11:00:00Z')))),
    ].filter((f) => f !== null);
    expect(files).toHaveLength(2);
    const rows = classTable(files, ['why-multi-stage', 'naming-stages']);
    expect(rows.map((r) => [r.learner, r.done, r.statuses])).toEqual([
      ['Ada', 2, ['done', 'done']],
      ['Bo', 0, ['started', 'new']],
    ]);
  });

  test('the newest export of a learner wins', () => {
    const s = memoryStorage();
    const old = makeProgressFile('Ada', s, new Date('2026-01-01T09:00:00Z'));
    markCompleted('naming-stages', s);
    const later = makeProgressFile('Ada', s, new Date('2026-01-01T12:00:00Z'));
    expect(classTable([later, old], ['naming-stages'])[0]?.done).toBe(1);
  });

  test('a file that is not a progress file is refused', () => {
    expect(readProgressFile('not json')).toBeNull();
    expect(readProgressFile('{"kind":"other"}')).toBeNull();
  });
});

test('a classroom reset removes every Stagecraft key but the theme', () => {
  expect(resettableKeys(['stagecraft:progress:v1', 'stagecraft:playground:v1:naming-stages', 'stagecraft:theme', 'other'])).toEqual(['stagecraft:progress:v1', 'stagecraft:playground:v1:naming-stages']);
});

describe('custom exercises', () => {
  const exercise: CustomExercise = {
    kind: 'stagecraft-exercise',
    version: 1,
    title: 'Copy one file',
    dockerfile: 'FROM busybox:1.28 AS build\nRUN mkdir -p /out && echo hi > /out/app.txt\n\nFROM busybox:1.28\n',
    files: { 'src/a.txt': 'a\n' },
    goal: { description: 'Copy the file', builder: 'buildkit', mustSucceed: true, finalImageHas: ['/app.txt'] },
    hints: ['Which stage has it?'],
    solution: 'FROM busybox:1.28 AS build\nRUN mkdir -p /out && echo hi > /out/app.txt\n\nFROM busybox:1.28\nCOPY --from=build /out/app.txt /app.txt\n',
  };

  test('an exercise survives a link and a file, and its goal is checked by src/core/lessons', () => {
    const viaLink = readExercise(encodeExercise(exercise));
    const viaFile = readExercise(JSON.stringify(exercise));
    expect(viaLink).toEqual(exercise);
    expect(viaFile).toEqual(exercise);
    expect(evaluateGoal({ dockerfile: exercise.dockerfile, files: exercise.files }, exercise.goal).passed).toBe(false);
    expect(evaluateGoal({ dockerfile: exercise.solution ?? '', files: exercise.files }, exercise.goal).passed).toBe(true);
  });

  test('unknown goal fields and wrong types are dropped, not trusted', () => {
    const x = readExercise(JSON.stringify({ ...exercise, goal: { description: 'd', maxSizeBytes: 'big', evil: true, finalImageHas: ['/a'] } }));
    expect(x?.goal).toEqual({ description: 'd', builder: 'buildkit', mustSucceed: true, finalImageHas: ['/a'] });
  });

  test('context files round-trip through the === path text format', () => {
    const files = { 'src/a.txt': 'one\ntwo\n', 'b.txt': 'b\n' };
    expect(parseFilesText(filesToText(files))).toEqual(files);
  });
});
