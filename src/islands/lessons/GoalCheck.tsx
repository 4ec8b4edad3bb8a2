// "Check my work" under a lesson's goal: evaluates the learner's saved playground scenario with
// src/core/lessons (the same checks the content tests run), lists each check, offers the next hint
// chosen from what is wrong now, and records the completion when every check passes. The
// simulator is imported only when the learner asks, so the lesson page stays within its budget.

import { useEffect, useState, type ReactElement } from 'react';
import { loadScenario } from '../../adapters/storage.ts';
import { DEFAULT_SETTINGS } from '../../core/session/scenario.ts';
import { LESSON_COMPLETED_EVENT, workshopHidesSolution } from '../../lib/progress.ts';
import { Inline } from '../Inline.tsx';
import './goal-check.css';
import type { GoalEvaluation, LessonGoal } from '../../core/lessons/goal.ts';

interface Props {
  lessonId: string;
  goal: LessonGoal;
  hints: readonly string[];
  /** The lesson's start, used when nothing was saved yet. */
  start: string;
  files: Readonly<Record<string, string>>;
}

export default function GoalCheck({ lessonId, goal, hints, start, files }: Props): ReactElement {
  const [evaluation, setEvaluation] = useState<GoalEvaluation | null>(null);
  const [busy, setBusy] = useState(false);
  const [hint, setHint] = useState<{ message: string; hint: string | null; index: number | null } | null>(null);
  const [shown, setShown] = useState(0);

  // A workshop that hides solutions (its link was opened in this browser) hides this lesson's
  // "Reveal the solution" (the goal card above).
  useEffect(() => {
    if (workshopHidesSolution(lessonId)) {
      for (const el of document.querySelectorAll<HTMLElement>('.goal details.solution')) el.hidden = true;
    }
  }, [lessonId]);

  const run = async (): Promise<GoalEvaluation> => {
    setBusy(true);
    const [{ evaluateGoal }] = await Promise.all([import('../../core/lessons/evaluate.ts')]);
    const saved = loadScenario(lessonId, DEFAULT_SETTINGS);
    const result = evaluateGoal({ dockerfile: saved?.dockerfile ?? start, files: saved?.files ?? files }, goal);
    setEvaluation(result);
    setBusy(false);
    if (result.passed) window.dispatchEvent(new CustomEvent(LESSON_COMPLETED_EVENT, { detail: { lessonId } }));
    return result;
  };

  const nextHint = async (): Promise<void> => {
    const result = await run();
    const { chooseHint } = await import('../../core/lessons/hints.ts');
    const choice = chooseHint(result, hints, shown);
    setHint({ message: choice.message, hint: choice.hint, index: choice.hintIndex });
    if (choice.hintIndex !== null) setShown(choice.hintIndex + 1);
  };

  return (
    <section className="goal-check card" aria-labelledby="goal-check-heading" data-testid="goal-check">
      <h2 id="goal-check-heading">Check your work</h2>
      <p className="muted">Builds what is in the playground now with the goal's settings and runs every check.</p>
      <div className="button-row">
        <button type="button" className="button" data-testid="goal-check-button" disabled={busy} onClick={() => void run()}>{busy ? 'Checking…' : 'Check my work'}</button>
        <button type="button" className="button button--secondary" data-testid="goal-hint-button" disabled={busy} onClick={() => void nextHint()}>What should I fix?</button>
      </div>
      {evaluation && (
        <>
          <p role="status" data-testid="goal-verdict"><strong>{evaluation.passed ? 'Goal met: every check passes. The lesson is marked done.' : `${evaluation.checks.filter((c) => !c.passed).length} of ${evaluation.checks.length} checks still fail.`}</strong></p>
          <ul className="goal-check__list">
            {evaluation.checks.map((c, i) => <li key={i} data-passed={c.passed}>{c.passed ? '✓' : '✗'} <Inline text={c.message} /></li>)}
          </ul>
        </>
      )}
      {hint && !evaluation?.passed && (
        <div className="goal-check__hint" role="status">
          <p><Inline text={hint.message} /></p>
          {hint.hint && <p><strong>Hint {(hint.index ?? 0) + 1} of {hints.length}:</strong> <Inline text={hint.hint} /></p>}
        </div>
      )}
    </section>
  );
}
