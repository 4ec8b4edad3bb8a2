// Progressive hints chosen from what is wrong now. A lesson's own hints go from general to
// specific; the learner opens them one at a time. Beside the next one, the learner sees the first
// failing check of the current Dockerfile, so the hint follows their edits: fix the build error
// and the focus moves to the size, fix the size and it moves to the cache.

import type { GoalCheck, GoalEvaluation } from './goal.ts';

/** What to show when the learner asks for help. */
export interface HintChoice {
  /** The check to work on now, or null when the goal is met. */
  readonly focus: GoalCheck | null;
  /** The lesson hint to show next (0-based), or null when all were shown or the goal is met. */
  readonly hintIndex: number | null;
  readonly hint: string | null;
  /** A sentence for the learner: what is wrong now and what to try. */
  readonly message: string;
}

/**
 * Chooses the next hint: the first failing check (in evaluation order: parse, build, then the
 * goal's checks) and the next unseen lesson hint. Once every hint was shown the last stays available.
 */
export function chooseHint(evaluation: GoalEvaluation, hints: readonly string[], shown: number): HintChoice {
  const focus = evaluation.checks.find((c) => !c.passed) ?? null;
  if (focus === null) return { focus: null, hintIndex: null, hint: null, message: 'The goal is met: every check passes.' };
  const index = hints.length === 0 ? null : Math.min(Math.max(shown, 0), hints.length - 1);
  const hint = index === null ? null : (hints[index] ?? null);
  const message = focus.advice !== undefined ? `${focus.message} ${focus.advice}` : focus.message;
  return { focus, hintIndex: index, hint, message };
}

/** Counts the failing checks (for a progress line: "2 of 5 checks still fail"). */
export function countFailing(evaluation: GoalEvaluation): number {
  return evaluation.checks.filter((c) => !c.passed).length;
}
