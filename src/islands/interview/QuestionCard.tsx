// One interview question in any format: the learner answers, presses Check, and sees whether it
// was right, the right answer, the explanation and the lesson that teaches it.

import { useState, type ReactElement } from 'react';
import { answerText, isCorrect, type Answer, type Question } from './questions.ts';
import { Inline } from '../Inline.tsx';

export { Inline };
import type { GoalCheck } from '../../core/lessons/goal.ts';

interface Props {
  question: Question;
  /** Called once, when the learner checks an answer. */
  onAnswered?: (answer: Answer, correct: boolean) => void;
  /** Hide the explanation until the end (mock interview). */
  deferFeedback?: boolean;
  lessonTitles: Readonly<Record<string, string>>;
}

function toggle<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

export function Feedback({ question, correct, lessonTitles }: { question: Question; correct: boolean; lessonTitles: Readonly<Record<string, string>> }): ReactElement {
  return (
    <div className={`iv-feedback iv-feedback--${correct ? 'right' : 'wrong'}`} data-testid="explanation" role="status">
      <p data-testid="verdict"><strong>{correct ? 'Right.' : 'Not quite.'}</strong> {correct ? '' : <>The answer: <Inline text={answerText(question)} />.</>}</p>
      <p><Inline text={question.explanation} /></p>
      <p>
        Learn more: <a href={`/lessons/${question.lesson}/`}>{lessonTitles[question.lesson] ?? question.lesson}</a>
      </p>
    </div>
  );
}

export function QuestionCard({ question, onAnswered, deferFeedback = false, lessonTitles }: Props): ReactElement {
  const [choice, setChoice] = useState<number | null>(null);
  const [legacy, setLegacy] = useState<string[]>([]);
  const [buildkit, setBuildkit] = useState<string[]>([]);
  const [run, setRun] = useState<number[]>([]);
  const [text, setText] = useState(question.kind === 'fix' ? question.dockerfile : '');
  const [checks, setChecks] = useState<readonly GoalCheck[] | null>(null);
  const [checking, setChecking] = useState(false);
  const [result, setResult] = useState<boolean | null>(null);
  const [showSolution, setShowSolution] = useState(false);

  const submit = (answer: Answer): void => {
    if (result !== null && question.kind !== 'fix') return;
    const correct = isCorrect(question, answer);
    setResult(correct);
    onAnswered?.(answer, correct);
  };

  const checkFix = async (): Promise<void> => {
    if (question.kind !== 'fix') return;
    setChecking(true);
    const { evaluateGoal } = await import('../../core/lessons/evaluate.ts');
    const evaluation = evaluateGoal({ dockerfile: text, files: question.files }, question.goal);
    setChecks(evaluation.checks);
    setChecking(false);
    if (evaluation.passed || result === null) submit({ kind: 'fix', passed: evaluation.passed });
  };

  const answered = result !== null;
  const name = `q-${question.id}`;
  return (
    <article className="iv-question card" data-testid="question" data-question-id={question.id} data-kind={question.kind}>
      <p className="iv-meta muted">
        <span className={`iv-level iv-level--${question.level}`}>{question.level}</span>
      </p>
      <h3 className="iv-prompt"><Inline text={question.prompt} /></h3>

      {question.kind === 'choice' && (
        <fieldset className="iv-choices" disabled={answered}>
          <legend className="visually-hidden">Choose one answer</legend>
          {question.choices.map((c, i) => (
            <label key={i} className="iv-choice">
              <input type="radio" name={name} data-testid="choice" checked={choice === i} onChange={() => setChoice(i)} /> <span><Inline text={c} /></span>
            </label>
          ))}
        </fieldset>
      )}

      {(question.kind === 'stages' || question.kind === 'cache' || question.kind === 'fix') && question.kind !== 'fix' && (
        <pre className="iv-dockerfile" tabIndex={0}><code>{numbered(question.dockerfile)}</code></pre>
      )}

      {question.kind === 'stages' && (
        <>
          <p>{question.target !== undefined ? <>Command: <code>docker build --target {question.target} .</code></> : <>Command: <code>docker build .</code> (no target)</>}. Tick the stages each builder processes.</p>
          <table className="iv-grid">
            <thead><tr><th scope="col">Stage</th><th scope="col">Legacy</th><th scope="col">BuildKit</th></tr></thead>
            <tbody>
              {question.labels.map((label) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td><input type="checkbox" aria-label={`legacy builds ${label}`} disabled={answered} checked={legacy.includes(label)} onChange={() => setLegacy(toggle(legacy, label))} /></td>
                  <td><input type="checkbox" aria-label={`BuildKit builds ${label}`} disabled={answered} checked={buildkit.includes(label)} onChange={() => setBuildkit(toggle(buildkit, label))} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      {question.kind === 'cache' && (
        <>
          <p><Inline text={question.changeText} /> Builder: <strong>{question.builder === 'legacy' ? 'legacy' : 'BuildKit'}</strong>. Tick the steps that run again (the others come from the cache).</p>
          <ul className="iv-steps">
            {question.steps.map((s) => (
              <li key={s.line}>
                <label><input type="checkbox" disabled={answered} checked={run.includes(s.line)} onChange={() => setRun(toggle(run, s.line))} /> <code>{s.line}: {s.text}</code></label>
              </li>
            ))}
          </ul>
        </>
      )}

      {question.kind === 'fix' && (
        <>
          <label className="iv-editor-label" htmlFor={`${name}-editor`}>Dockerfile (edit until every check passes)</label>
          <textarea id={`${name}-editor`} className="iv-editor" data-testid="fix-editor" value={text} spellCheck={false} rows={Math.max(6, text.split('\n').length + 1)} onChange={(e) => setText(e.target.value)} />
          {Object.keys(question.files).length > 0 && <p className="muted">Build context: {Object.keys(question.files).join(', ')}</p>}
          {checks && (
            <ul className="iv-checks" data-testid="fix-checks">
              {checks.map((c, i) => <li key={i} className={c.passed ? 'iv-ok' : 'iv-bad'}>{c.passed ? '✓' : '✗'} <Inline text={c.message} />{!c.passed && c.advice ? <> <Inline text={c.advice} /></> : null}</li>)}
            </ul>
          )}
        </>
      )}

      <div className="button-row">
        {question.kind === 'fix' ? (
          <>
            <button type="button" className="button" data-testid="check-answer" disabled={checking} onClick={() => void checkFix()}>{checking ? 'Building…' : 'Build and check'}</button>
            <button type="button" className="button button--secondary" onClick={() => setShowSolution(!showSolution)}>{showSolution ? 'Hide a solution' : 'Show a solution'}</button>
          </>
        ) : (
          <button
            type="button"
            className="button"
            data-testid="check-answer"
            disabled={answered || (question.kind === 'choice' && choice === null)}
            onClick={() => {
              if (question.kind === 'choice' && choice !== null) submit({ kind: 'choice', choice });
              if (question.kind === 'stages') submit({ kind: 'stages', legacy, buildkit });
              if (question.kind === 'cache') submit({ kind: 'cache', run });
            }}
          >
            Check
          </button>
        )}
      </div>
      {question.kind === 'fix' && showSolution && <pre className="iv-dockerfile"><code>{question.solution}</code></pre>}
      {answered && !deferFeedback && <Feedback question={question} correct={result} lessonTitles={lessonTitles} />}
    </article>
  );
}

function numbered(text: string): string {
  return text.replace(/\n$/, '').split('\n').map((l, i) => `${String(i + 1).padStart(2, ' ')}  ${l}`).join('\n');
}
