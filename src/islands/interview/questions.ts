// The interview question bank as the page and the island see it. content/interview/questions.json
// is the data (tests/content/curriculum-interview.test.ts validates it and checks every build
// answer against the simulator); the page adds what the simulator computes at build time.

import type { LessonGoal } from '../../core/lessons/goal.ts';

export type Level = 'junior' | 'middle' | 'senior';

interface Common {
  readonly id: string;
  readonly level: Level;
  /** Lesson id (`/lessons/<id>/`). */
  readonly lesson: string;
  readonly prompt: string;
  readonly explanation: string;
}

export interface ChoiceQuestion extends Common {
  readonly kind: 'choice';
  readonly choices: readonly string[];
  readonly answer: number;
}

export interface StagesQuestion extends Common {
  readonly kind: 'stages';
  readonly dockerfile: string;
  readonly target?: string;
  /** Every stage label in file order (from the simulator). */
  readonly labels: readonly string[];
  /** The labels each builder processes (from the simulator). */
  readonly answer: { readonly legacy: readonly string[]; readonly buildkit: readonly string[] };
}

export interface CacheQuestion extends Common {
  readonly kind: 'cache';
  readonly dockerfile: string;
  readonly changeText: string;
  readonly builder: 'legacy' | 'buildkit';
  /** The rebuild's steps (from the simulator), and which lines ran again. */
  readonly steps: readonly { readonly line: number; readonly text: string }[];
  readonly answer: { readonly run: readonly number[] };
}

export interface FixQuestion extends Common {
  readonly kind: 'fix';
  readonly dockerfile: string;
  readonly files: Readonly<Record<string, string>>;
  readonly goal: LessonGoal;
  readonly solution: string;
}

export type Question = ChoiceQuestion | StagesQuestion | CacheQuestion | FixQuestion;

/** What the learner answered, per format. */
export type Answer =
  | { readonly kind: 'choice'; readonly choice: number }
  | { readonly kind: 'stages'; readonly legacy: readonly string[]; readonly buildkit: readonly string[] }
  | { readonly kind: 'cache'; readonly run: readonly number[] }
  | { readonly kind: 'fix'; readonly passed: boolean };

function sameSet(a: readonly (string | number)[], b: readonly (string | number)[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** Tells whether an answer is right. */
export function isCorrect(q: Question, a: Answer): boolean {
  if (q.kind === 'choice' && a.kind === 'choice') return a.choice === q.answer;
  if (q.kind === 'stages' && a.kind === 'stages') return sameSet(a.legacy, q.answer.legacy) && sameSet(a.buildkit, q.answer.buildkit);
  if (q.kind === 'cache' && a.kind === 'cache') return sameSet(a.run, q.answer.run);
  if (q.kind === 'fix' && a.kind === 'fix') return a.passed;
  return false;
}

/** The right answer in words, for the review. */
export function answerText(q: Question): string {
  switch (q.kind) {
    case 'choice':
      return q.choices[q.answer] ?? '';
    case 'stages':
      return `legacy: ${q.answer.legacy.join(', ') || 'none'} · BuildKit: ${q.answer.buildkit.join(', ') || 'none'}`;
    case 'cache':
      return q.answer.run.length === 0 ? 'nothing runs again: every step is cached' : `lines ${q.answer.run.join(', ')} run again; the others are cached`;
    case 'fix':
      return 'a Dockerfile that meets every check (one is shown under the question)';
  }
}

export const LEVELS: readonly Level[] = ['junior', 'middle', 'senior'];
export const FORMAT_LABELS: Readonly<Record<Question['kind'], string>> = {
  choice: 'Multiple choice',
  stages: 'Predict the build: stages',
  cache: 'Predict the build: cache',
  fix: 'Fix this Dockerfile',
};
