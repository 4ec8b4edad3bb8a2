// The interview question bank (content/interview/questions.json): its shape, its links to
// lessons, and every answer that describes a build equals what the simulator computes.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { evaluateGoal, generateCacheDrill, generateStageDrill, predictCache, predictStages } from '../../src/core/lessons/index.ts';
import { goalSchema, lessonIdFromEntry } from '../../src/lib/lesson-schema.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const lessonIds = new Set(
  readdirSync(path.join(ROOT, 'content/lessons'))
    .filter((f) => statSync(path.join(ROOT, 'content/lessons', f)).isDirectory())
    .map((f) => lessonIdFromEntry(`${f}/index.mdx`)),
);

const common = { id: z.string().regex(/^[a-z0-9-]+$/), level: z.enum(['junior', 'middle', 'senior']), lesson: z.string(), prompt: z.string().min(10), explanation: z.string().min(10) };
const questionSchema = z.discriminatedUnion('kind', [
  z.object({ ...common, kind: z.literal('choice'), choices: z.array(z.string().min(1)).min(2), answer: z.number().int().min(0) }).strict(),
  z.object({ ...common, kind: z.literal('stages'), dockerfile: z.string(), files: z.record(z.string()), target: z.string().optional(), answer: z.object({ legacy: z.array(z.string()), buildkit: z.array(z.string()) }).strict() }).strict(),
  z.object({
    ...common,
    kind: z.literal('cache'),
    dockerfile: z.string(),
    files: z.record(z.string()),
    buildArgs: z.record(z.string()).optional(),
    change: z.object({ files: z.record(z.string()).optional(), buildArgs: z.record(z.string()).optional(), dockerfile: z.string().optional() }).strict(),
    changeText: z.string().min(5),
    builder: z.enum(['legacy', 'buildkit']),
    answer: z.object({ run: z.array(z.number().int()) }).strict(),
  }).strict(),
  z.object({ ...common, kind: z.literal('fix'), dockerfile: z.string(), files: z.record(z.string()), goal: goalSchema.omit({ description: true }), solution: z.string() }).strict(),
]);

const bank = JSON.parse(readFileSync(path.join(ROOT, 'content/interview/questions.json'), 'utf8')) as { version: number; questions: unknown[] };
const questions = bank.questions.map((q) => questionSchema.parse(q));

test('the bank has at least 80 questions at every level and in every format', () => {
  expect(questions.length).toBeGreaterThanOrEqual(80);
  for (const level of ['junior', 'middle', 'senior']) expect(questions.filter((q) => q.level === level).length, level).toBeGreaterThanOrEqual(15);
  for (const kind of ['choice', 'stages', 'cache', 'fix']) expect(questions.filter((q) => q.kind === kind).length, kind).toBeGreaterThanOrEqual(5);
});

test('question ids are unique', () => {
  expect(new Set(questions.map((q) => q.id)).size).toBe(questions.length);
});

test('every question links to an existing lesson, and every lesson has a question', () => {
  expect(questions.filter((q) => !lessonIds.has(q.lesson)).map((q) => `${q.id} → ${q.lesson}`)).toEqual([]);
  const linked = new Set(questions.map((q) => q.lesson));
  expect([...lessonIds].filter((id) => !linked.has(id))).toEqual([]);
});

describe.each(questions.map((q) => [q.id, q] as const))('question %s', (_id, q) => {
  if (q.kind === 'choice') {
    test('its answer is one of its choices', () => {
      expect(q.answer).toBeLessThan(q.choices.length);
    });
  }
  if (q.kind === 'stages') {
    test('the stages each builder processes equal the simulator\'s', () => {
      const input = { dockerfile: q.dockerfile, files: q.files, target: q.target };
      const runs = (b: 'legacy' | 'buildkit'): string[] => predictStages(input, b).stages.filter((s) => s.runs).map((s) => s.label);
      expect({ legacy: runs('legacy'), buildkit: runs('buildkit') }).toEqual(q.answer);
    });
  }
  if (q.kind === 'cache') {
    test('the steps that run again equal the simulator\'s', () => {
      const steps = predictCache({ dockerfile: q.dockerfile, files: q.files, buildArgs: q.buildArgs }, q.change, q.builder);
      expect(steps.filter((s) => s.status !== 'cached').map((s) => s.line)).toEqual(q.answer.run);
    });
  }
  if (q.kind === 'fix') {
    test('its Dockerfile fails the goal and its reference fix meets it', () => {
      const goal = { description: q.prompt, ...q.goal };
      expect(evaluateGoal({ dockerfile: q.dockerfile, files: q.files }, goal).passed).toBe(false);
      const fixed = evaluateGoal({ dockerfile: q.solution, files: q.files }, goal);
      expect(fixed.checks.filter((c) => !c.passed).map((c) => c.message)).toEqual([]);
    });
  }
});

test('generated drills are deterministic per seed and always have an answer', () => {
  for (let seed = 1; seed <= 25; seed++) {
    const s = generateStageDrill(seed);
    expect(generateStageDrill(seed).input.dockerfile).toBe(s.input.dockerfile);
    expect(s.answers.map((a) => a.outcome)).toEqual(['success', 'success']);
    expect(s.answers[1]?.stages.some((x) => x.runs)).toBe(true);
    const c = generateCacheDrill(seed);
    expect(c.answer.length).toBeGreaterThan(0);
  }
});

test('generated stage drills differ between seeds, so drills do not run out', () => {
  const distinct = new Set(Array.from({ length: 30 }, (_, i) => generateStageDrill(i + 1).input.dockerfile + (generateStageDrill(i + 1).input.target ?? '')));
  expect(distinct.size).toBeGreaterThan(20);
});
