import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { describeGoal, evaluateGoal } from '../../../src/core/lessons/index.ts';
import { goalSchema, lessonSchema } from '../../../src/lib/lesson-schema.ts';

// Fields that change how the build is checked rather than adding a check of their own.
const MODIFIERS = ['description', 'builder', 'target', 'buildArgs', 'mustSucceed', 'stepStaysCached'];

test('every goal field of the schema is either a modifier or a check the evaluator runs', () => {
  const goal = goalSchema.parse({
    description: 'every field at once',
    minStages: 1,
    maxSizeBytes: 1,
    mustCopyFrom: ['/a'],
    finalImageHas: ['/a'],
    finalImageLacks: ['/b'],
    finalStageWithoutBuildTools: true,
    cachedAfterEditing: 'a.txt',
    cachedAfterBuildArgs: { X: '2' },
    noLatest: true,
    targetSkipsStageMatching: 'tests',
    targetRunsStepMatching: 'echo',
    noSecretInHistory: ['TOKEN'],
    finalEnv: { A: 'b' },
    dockerfileMatches: [{ pattern: 'x', description: 'an x line' }],
    dockerfileLacks: [{ pattern: 'y', description: 'a y line' }],
  });
  const checked = new Set(evaluateGoal({ dockerfile: 'FROM busybox:1.28\nRUN echo hi > /a\n', files: { 'a.txt': 'a\n' } }, goal).checks.map((c) => c.id));
  const fields = Object.keys(goalSchema.shape).filter((k) => !MODIFIERS.includes(k));
  expect(fields.filter((f) => !checked.has(f as never))).toEqual([]);
});

test('the description of a goal has one sentence per check the evaluator runs, for every lesson', () => {
  const root = path.resolve(import.meta.dirname, '../../../content/lessons');
  for (const folder of readdirSync(root).filter((f) => statSync(path.join(root, f)).isDirectory())) {
    const mdx = readFileSync(path.join(root, folder, 'index.mdx'), 'utf8');
    const lesson = lessonSchema.parse(parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(mdx)?.[1] ?? ''));
    const files = Object.fromEntries(lesson.files.map((f) => [f, readFileSync(path.join(root, folder, f), 'utf8')]));
    const solution = readFileSync(path.join(root, folder, 'solution.Dockerfile'), 'utf8');
    expect(describeGoal(lesson.goal).length, folder).toBe(evaluateGoal({ dockerfile: solution, files }, lesson.goal).checks.length);
  }
});
