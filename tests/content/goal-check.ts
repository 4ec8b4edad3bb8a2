// Goal evaluation for the content tests: one truth with the playground, src/core/lessons.
// Each failing check returns its learner-facing sentence.

import { evaluateGoal } from '../../src/core/lessons/index.ts';
import type { LessonGoal } from '../../src/lib/lesson-schema.ts';

/** Simulates the Dockerfile with the lesson's context and returns the goal checks that fail. */
export function simulatedGoalFailures(dockerfile: string, files: Readonly<Record<string, string>>, goal: LessonGoal): string[] {
  return evaluateGoal({ dockerfile, files }, goal).checks.filter((c) => !c.passed).map((c) => c.message);
}
