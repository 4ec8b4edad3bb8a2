// Turns a declarative lesson goal into sentences for the page (HTML with <code>), so the learner
// reads exactly the checks the playground evaluates.

import type { LessonGoal } from './lesson-schema.ts';
import { describeGoal } from '../core/lessons/index.ts';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Renders `backticks` as <code> and escapes everything else (for hints and goal sentences). */
export function inlineCode(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/**
 * Lists the goal's checks as HTML sentences. The words come from `describeGoal` in src/core/lessons,
 * the same module that evaluates the goal, so the card and the verdicts cannot disagree.
 */
export function goalChecks(goal: LessonGoal): string[] {
  return describeGoal(goal).map(inlineCode);
}
