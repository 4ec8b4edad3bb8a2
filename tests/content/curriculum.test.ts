// The curriculum, checked through src/core/lessons (the same evaluation the playground runs):
// every lesson's solution meets its goal, its start does not, the goal still holds when the
// learner renames the solution's stages, and the hint for the start points at a failing check.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { lessonSchema, type LessonFrontmatter } from '../../src/lib/lesson-schema.ts';
import { chooseHint, evaluateGoal } from '../../src/core/lessons/index.ts';

const LESSONS = path.resolve(import.meta.dirname, '../../content/lessons');
const folders = readdirSync(LESSONS).filter((f) => statSync(path.join(LESSONS, f)).isDirectory()).sort();

function load(folder: string): { data: LessonFrontmatter; start: string; solution: string; files: Record<string, string> } {
  const dir = path.join(LESSONS, folder);
  const mdx = readFileSync(path.join(dir, 'index.mdx'), 'utf8');
  const data = lessonSchema.parse(parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(mdx)?.[1] ?? ''));
  const files = Object.fromEntries(data.files.map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
  return { data, start: readFileSync(path.join(dir, 'start.Dockerfile'), 'utf8'), solution: readFileSync(path.join(dir, 'solution.Dockerfile'), 'utf8'), files };
}

/** Renames every `AS name` stage (but the goal's target) and its references in --from and FROM. */
function renameStages(dockerfile: string, keep: string | undefined): string {
  const names = [...dockerfile.matchAll(/^FROM\s+(?:--platform=\S+\s+)?\S+\s+AS\s+([a-z0-9_.-]+)\s*$/gim)].map((m) => (m[1] ?? '').toLowerCase());
  let out = dockerfile;
  for (const name of names) {
    if (name === keep?.toLowerCase()) continue;
    const renamed = `renamed-${name}`;
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out
      .replace(new RegExp(`(\\sAS\\s+)${escaped}(\\s*)$`, 'gim'), `$1${renamed}$2`)
      .replace(new RegExp(`(--from=)${escaped}(\\s)`, 'gi'), `$1${renamed}$2`)
      .replace(new RegExp(`^(FROM\\s+)${escaped}(\\s|$)`, 'gim'), `$1${renamed}$2`);
  }
  return out;
}

test('the curriculum has at least 16 lessons, numbered without gaps', () => {
  expect(folders.length).toBeGreaterThanOrEqual(16);
  expect(folders.map((f) => Number(f.slice(0, 2)))).toEqual(folders.map((_, i) => i + 1));
});

describe.each(folders)('lesson %s', (folder) => {
  const lesson = load(folder);
  const goal = lesson.data.goal;

  test('its solution meets the goal', () => {
    const e = evaluateGoal({ dockerfile: lesson.solution, files: lesson.files }, goal);
    expect(e.checks.filter((c) => !c.passed).map((c) => c.message)).toEqual([]);
  });

  test('its start does not meet the goal', () => {
    expect(evaluateGoal({ dockerfile: lesson.start, files: lesson.files }, goal).passed).toBe(false);
  });

  test('its solution still meets the goal after every stage but the target is renamed', () => {
    const renamed = renameStages(lesson.solution, goal.target);
    const e = evaluateGoal({ dockerfile: renamed, files: lesson.files }, goal);
    expect(e.checks.filter((c) => !c.passed).map((c) => c.message)).toEqual([]);
  });

  test('the first hint for the start focuses on a failing check and offers the first lesson hint', () => {
    const e = evaluateGoal({ dockerfile: lesson.start, files: lesson.files }, goal);
    const choice = chooseHint(e, lesson.data.hints, 0);
    expect(choice.focus?.passed).toBe(false);
    expect(choice.hint).toBe(lesson.data.hints[0]);
  });
});

test('renaming really renames: a renamed solution has no stage name left from the original', () => {
  const renamed = renameStages('FROM busybox:1.28 AS build\nRUN echo hi > /x\nFROM build AS debug\nFROM busybox:1.28\nCOPY --from=build /x /x\n', undefined);
  expect(renamed).toBe('FROM busybox:1.28 AS renamed-build\nRUN echo hi > /x\nFROM renamed-build AS renamed-debug\nFROM busybox:1.28\nCOPY --from=renamed-build /x /x\n');
});
