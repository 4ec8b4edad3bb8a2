// Custom exercises: an instructor writes a start Dockerfile, context files, a goal and hints,
// checks them with the simulator, and shares the exercise as a link or a file. Anyone opening the
// link (or the file) gets the exercise: edit, build and check, with hints chosen from what is
// wrong now (src/core/lessons).

import { useEffect, useState, type ReactElement } from 'react';
import type { GoalEvaluation, LessonGoal } from '../../core/lessons/goal.ts';
import { Inline } from '../Inline.tsx';
import { downloadText, encodeExercise, EXERCISE_PARAM, filesToText, parseFilesText, readExercise, type CustomExercise } from './workshop-data.ts';
import './workshop.css';

async function evaluate(dockerfile: string, files: Readonly<Record<string, string>>, goal: LessonGoal): Promise<GoalEvaluation> {
  const { evaluateGoal } = await import('../../core/lessons/evaluate.ts');
  return evaluateGoal({ dockerfile, files }, goal);
}

function Checks({ evaluation }: { evaluation: GoalEvaluation }): ReactElement {
  return (
    <ul className="ws-checks" data-testid="exercise-checks">
      {evaluation.checks.map((c, i) => <li key={i} className={c.passed ? 'ok' : 'bad'}>{c.passed ? '✓' : '✗'} <Inline text={c.message} /></li>)}
    </ul>
  );
}

function lines(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
}

const DEFAULT_DOCKERFILE = 'FROM busybox:1.28 AS build\nRUN mkdir -p /out && echo hello > /out/app.txt\n\nFROM busybox:1.28\n# Copy /out/app.txt from the build stage to /app.txt\n';

function Builder({ onOpen }: { onOpen: (x: CustomExercise) => void }): ReactElement {
  const [title, setTitle] = useState('My exercise');
  const [dockerfile, setDockerfile] = useState(DEFAULT_DOCKERFILE);
  const [solution, setSolution] = useState('');
  const [filesText, setFilesText] = useState('');
  const [description, setDescription] = useState('Copy the built file into the final image.');
  const [builderKind, setBuilderKind] = useState<'buildkit' | 'legacy'>('buildkit');
  const [target, setTarget] = useState('');
  const [maxSize, setMaxSize] = useState('');
  const [has, setHas] = useState('/app.txt');
  const [lacks, setLacks] = useState('');
  const [copyFrom, setCopyFrom] = useState('');
  const [noTools, setNoTools] = useState(false);
  const [noLatest, setNoLatest] = useState(false);
  const [minStages, setMinStages] = useState('');
  const [hints, setHints] = useState('Which stage has the file?\nCOPY --from=<stage> <path there> <path here>');
  const [evaluation, setEvaluation] = useState<GoalEvaluation | null>(null);
  const [link, setLink] = useState('');

  const exercise = (): CustomExercise => {
    const goal: Record<string, unknown> = { description, builder: builderKind, mustSucceed: true };
    if (target.trim()) goal['target'] = target.trim();
    if (Number(maxSize) > 0) goal['maxSizeBytes'] = Math.round(Number(maxSize));
    if (Number(minStages) > 0) goal['minStages'] = Math.round(Number(minStages));
    if (lines(has).length) goal['finalImageHas'] = lines(has);
    if (lines(lacks).length) goal['finalImageLacks'] = lines(lacks);
    if (lines(copyFrom).length) goal['mustCopyFrom'] = lines(copyFrom);
    if (noTools) goal['finalStageWithoutBuildTools'] = true;
    if (noLatest) goal['noLatest'] = true;
    return { kind: 'stagecraft-exercise', version: 1, title, dockerfile, files: parseFilesText(filesText), goal: goal as unknown as LessonGoal, hints: lines(hints), ...(solution.trim() ? { solution } : {}) };
  };

  return (
    <section className="card ws-section" aria-labelledby="builder-heading">
      <h2 id="builder-heading">Build an exercise</h2>
      <label className="ws-field">Title <input value={title} onChange={(e) => setTitle(e.target.value)} /></label>
      <label htmlFor="ex-start"><strong>Start Dockerfile</strong></label>
      <textarea id="ex-start" className="ws-textarea" rows={8} value={dockerfile} onChange={(e) => setDockerfile(e.target.value)} data-testid="exercise-start" spellCheck={false} />
      <label htmlFor="ex-files"><strong>Context files</strong> (each starts with a line <code>=== path</code>)</label>
      <textarea id="ex-files" className="ws-textarea" rows={4} value={filesText} onChange={(e) => setFilesText(e.target.value)} placeholder={'=== src/app.txt\nhello'} spellCheck={false} />
      <fieldset className="ws-lessons">
        <legend>Goal</legend>
        <label className="ws-field">Sentence <input value={description} onChange={(e) => setDescription(e.target.value)} /></label>
        <label className="ws-field">Builder <select value={builderKind} onChange={(e) => setBuilderKind(e.target.value as 'buildkit' | 'legacy')}><option value="buildkit">BuildKit</option><option value="legacy">legacy</option></select></label>
        <label className="ws-field">--target <input value={target} onChange={(e) => setTarget(e.target.value)} placeholder="last stage" /></label>
        <label className="ws-field">Max size (bytes) <input value={maxSize} inputMode="numeric" onChange={(e) => setMaxSize(e.target.value)} /></label>
        <label className="ws-field">Min stages <input value={minStages} inputMode="numeric" onChange={(e) => setMinStages(e.target.value)} /></label>
        <label className="ws-field">Final image has (one path a line) <textarea className="ws-textarea" rows={2} value={has} onChange={(e) => setHas(e.target.value)} /></label>
        <label className="ws-field">Final image lacks <textarea className="ws-textarea" rows={2} value={lacks} onChange={(e) => setLacks(e.target.value)} /></label>
        <label className="ws-field">Copied with COPY --from <textarea className="ws-textarea" rows={2} value={copyFrom} onChange={(e) => setCopyFrom(e.target.value)} /></label>
        <label className="ws-field"><input type="checkbox" checked={noTools} onChange={(e) => setNoTools(e.target.checked)} /> Final stage without build tools</label>
        <label className="ws-field"><input type="checkbox" checked={noLatest} onChange={(e) => setNoLatest(e.target.checked)} /> No <code>latest</code> tags</label>
      </fieldset>
      <label htmlFor="ex-hints"><strong>Hints</strong> (one a line, most general first)</label>
      <textarea id="ex-hints" className="ws-textarea" rows={3} value={hints} onChange={(e) => setHints(e.target.value)} />
      <label htmlFor="ex-solution"><strong>Solution</strong> (optional; checked against the goal)</label>
      <textarea id="ex-solution" className="ws-textarea" rows={6} value={solution} onChange={(e) => setSolution(e.target.value)} spellCheck={false} />
      <div className="button-row">
        <button type="button" className="button button--secondary" onClick={() => void evaluate(solution.trim() ? solution : dockerfile, parseFilesText(filesText), exercise().goal).then(setEvaluation)}>Check the {solution.trim() ? 'solution' : 'start'} against the goal</button>
        <button type="button" className="button" data-testid="exercise-link" onClick={() => setLink(`${location.origin}/workshop/exercise/?${EXERCISE_PARAM}=${encodeExercise(exercise())}`)}>Make a link</button>
        <button type="button" className="button button--secondary" onClick={() => downloadText(`${title.replace(/[^A-Za-z0-9_-]+/g, '-') || 'exercise'}.stagecraft.json`, JSON.stringify(exercise(), null, 2))}>Download as a file</button>
        <button type="button" className="button button--secondary" onClick={() => onOpen(exercise())}>Try it</button>
      </div>
      {evaluation && <Checks evaluation={evaluation} />}
      {link && <p className="ws-link"><label>Exercise link <input readOnly value={link} data-testid="exercise-link-text" onFocus={(e) => e.currentTarget.select()} /></label></p>}
    </section>
  );
}

function Exercise({ exercise, onClose }: { exercise: CustomExercise; onClose: () => void }): ReactElement {
  const [text, setText] = useState(exercise.dockerfile);
  const [evaluation, setEvaluation] = useState<GoalEvaluation | null>(null);
  const [hint, setHint] = useState<{ message: string; hint: string | null } | null>(null);
  const [shown, setShown] = useState(0);
  const check = async (): Promise<void> => {
    const e = await evaluate(text, exercise.files, exercise.goal);
    setEvaluation(e);
  };
  const nextHint = async (): Promise<void> => {
    const [{ chooseHint }, e] = await Promise.all([import('../../core/lessons/hints.ts'), evaluate(text, exercise.files, exercise.goal)]);
    setEvaluation(e);
    const choice = chooseHint(e, exercise.hints, shown);
    setHint({ message: choice.message, hint: choice.hint });
    setShown(shown + 1);
  };
  return (
    <section className="card ws-section" aria-labelledby="exercise-title">
      <h2 id="exercise-title">{exercise.title}</h2>
      <p>{exercise.goal.description}</p>
      {Object.keys(exercise.files).length > 0 && <details><summary>Build context ({Object.keys(exercise.files).length} files)</summary><pre>{filesToText(exercise.files)}</pre></details>}
      <label htmlFor="ex-edit"><strong>Dockerfile</strong></label>
      <textarea id="ex-edit" className="ws-textarea" rows={Math.max(8, text.split('\n').length + 1)} value={text} onChange={(e) => setText(e.target.value)} data-testid="exercise-editor" spellCheck={false} />
      <div className="button-row">
        <button type="button" className="button" data-testid="exercise-check" onClick={() => void check()}>Build and check</button>
        {exercise.hints.length > 0 && <button type="button" className="button button--secondary" onClick={() => void nextHint()}>Hint</button>}
        <button type="button" className="button button--secondary" onClick={onClose}>Close</button>
      </div>
      {evaluation && (evaluation.passed ? <p role="status" data-testid="exercise-done"><strong>Done: every check passes.</strong></p> : null)}
      {evaluation && <Checks evaluation={evaluation} />}
      {hint && <div className="card" role="status"><p>{hint.message}</p>{hint.hint && <p><strong>Hint:</strong> {hint.hint}</p>}</div>}
      {exercise.solution && <details><summary>Reveal the solution</summary><pre>{exercise.solution}</pre></details>}
    </section>
  );
}

/** The exercise page's island: open a shared exercise (link or file), or build one. */
export default function ExerciseApp(): ReactElement {
  const [exercise, setExercise] = useState<CustomExercise | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    const param = new URLSearchParams(location.search).get(EXERCISE_PARAM);
    if (!param) return;
    const x = readExercise(param);
    if (x) setExercise(x);
    else setError('This exercise link is damaged: it could not be read.');
  }, []);
  const openFile = async (list: FileList | null): Promise<void> => {
    const f = list?.[0];
    if (!f) return;
    const x = readExercise(await f.text());
    if (x) {
      setExercise(x);
      setError('');
    } else setError(`${f.name} is not a Stagecraft exercise file.`);
  };
  return (
    <div className="ws-app">
      {error && <p className="ws-warn" role="alert">{error}</p>}
      {exercise && <Exercise exercise={exercise} onClose={() => setExercise(null)} />}
      <section className="card ws-section" aria-labelledby="open-heading">
        <h2 id="open-heading">Open an exercise file</h2>
        <label className="ws-field">Exercise file <input type="file" accept=".json,application/json" onChange={(e) => void openFile(e.currentTarget.files)} /></label>
      </section>
      <Builder onOpen={setExercise} />
    </div>
  );
}
