// /workshop: an instructor plans a workshop (lessons and settings in a link), learners follow the
// agenda and export their progress as a file, the instructor imports the files and sees who
// finished what, and a shared machine can be reset for the next class. No server, no accounts.

import { useEffect, useMemo, useState, type ReactElement } from 'react';
import { browserStorage, clearProgress, lessonStatus, readProgress, rememberActiveWorkshop, STATUS_LABELS } from '../../lib/progress.ts';
import { classTable, decodeWorkshop, downloadText, encodeWorkshop, makeProgressFile, readProgressFile, resettableKeys, WORKSHOP_PARAM, type ProgressFile, type WorkshopSettings } from './workshop-data.ts';
import './workshop.css';

export interface LessonInfo {
  readonly id: string;
  readonly title: string;
  readonly order: number;
  readonly minutes: number;
}

interface Props {
  lessons: readonly LessonInfo[];
}

function Planner({ lessons, onLink }: { lessons: readonly LessonInfo[]; onLink: (url: string) => void }): ReactElement {
  const [title, setTitle] = useState('Multi-stage builds workshop');
  const [chosen, setChosen] = useState<string[]>(lessons.slice(0, 6).map((l) => l.id));
  const [solutions, setSolutions] = useState(true);
  const [minutes, setMinutes] = useState(15);
  const [link, setLink] = useState('');
  const settings: WorkshopSettings = { title, lessons: lessons.map((l) => l.id).filter((id) => chosen.includes(id)), solutions, minutesPerLesson: minutes };
  const make = (): void => {
    const url = `${location.origin}/workshop/?${WORKSHOP_PARAM}=${encodeWorkshop(settings)}`;
    setLink(url);
    onLink(url);
  };
  return (
    <section className="card ws-section" aria-labelledby="plan-heading">
      <h2 id="plan-heading">Plan a workshop</h2>
      <label className="ws-field">Title <input value={title} onChange={(e) => setTitle(e.target.value)} data-testid="workshop-title" /></label>
      <fieldset className="ws-lessons">
        <legend>Lessons</legend>
        {lessons.map((l) => (
          <label key={l.id}>
            <input type="checkbox" checked={chosen.includes(l.id)} onChange={() => setChosen(chosen.includes(l.id) ? chosen.filter((x) => x !== l.id) : [...chosen, l.id])} /> {l.order}. {l.title}
          </label>
        ))}
      </fieldset>
      <label className="ws-field"><input type="checkbox" checked={solutions} onChange={(e) => setSolutions(e.target.checked)} /> Learners may reveal solutions</label>
      <label className="ws-field">Minutes per lesson <input type="number" min={5} max={120} value={minutes} onChange={(e) => setMinutes(Number(e.target.value) || 15)} /></label>
      <div className="button-row">
        <button type="button" className="button" data-testid="make-workshop-link" onClick={make} disabled={settings.lessons.length === 0}>Make the workshop link</button>
        {link && <a className="button button--secondary" href={`/workshop/present/?${WORKSHOP_PARAM}=${encodeWorkshop(settings)}`}>Open the presenter view</a>}
      </div>
      {link && (
        <p className="ws-link">
          <label>Workshop link <input readOnly value={link} data-testid="workshop-link" onFocus={(e) => e.currentTarget.select()} /></label>
        </p>
      )}
    </section>
  );
}

function Agenda({ settings, lessons }: { settings: WorkshopSettings; lessons: readonly LessonInfo[] }): ReactElement {
  const [progress, setProgress] = useState(() => readProgress(browserStorage()));
  const [learner, setLearner] = useState('');
  useEffect(() => setProgress(readProgress(browserStorage())), []);
  const byId = new Map(lessons.map((l) => [l.id, l]));
  return (
    <section className="card ws-section" aria-labelledby="agenda-heading">
      <h2 id="agenda-heading">{settings.title}</h2>
      <p className="muted">{settings.lessons.length} lessons, about {settings.lessons.length * settings.minutesPerLesson} minutes.{settings.solutions ? '' : ' Solutions are not part of this workshop: try the hints first.'}</p>
      <ol className="ws-agenda" data-testid="workshop-agenda">
        {settings.lessons.map((id) => {
          const l = byId.get(id);
          const status = lessonStatus(progress, id);
          return (
            <li key={id}>
              <a href={`/lessons/${id}/`}>{l?.title ?? id}</a> <span className="status" data-status={status}>{STATUS_LABELS[status]}</span>
            </li>
          );
        })}
      </ol>
      <h3>Hand in your progress</h3>
      <p>Your progress stays in this browser. Download it as a file and give it to your instructor.</p>
      <div className="ws-row">
        <label className="ws-field">Your name <input value={learner} data-testid="learner-name" onChange={(e) => setLearner(e.target.value)} /></label>
        <button type="button" className="button" data-testid="export-progress" onClick={() => downloadText(`stagecraft-progress-${(learner || 'learner').replace(/[^A-Za-z0-9_-]+/g, '-')}.json`, JSON.stringify(makeProgressFile(learner, browserStorage()), null, 2))}>Download my progress</button>
      </div>
    </section>
  );
}

function ClassImport({ lessons }: { lessons: readonly LessonInfo[] }): ReactElement {
  const [files, setFiles] = useState<ProgressFile[]>([]);
  const [rejected, setRejected] = useState<string[]>([]);
  const ids = lessons.map((l) => l.id);
  const rows = useMemo(() => classTable(files, ids), [files, ids]);
  const load = async (list: FileList | null): Promise<void> => {
    if (!list) return;
    const read: ProgressFile[] = [];
    const bad: string[] = [];
    for (const f of Array.from(list)) {
      const parsed = readProgressFile(await f.text());
      if (parsed) read.push(parsed);
      else bad.push(f.name);
    }
    setFiles((prev) => [...prev, ...read]);
    setRejected(bad);
  };
  return (
    <section className="card ws-section" aria-labelledby="class-heading">
      <h2 id="class-heading">Who finished what</h2>
      <p>Import the progress files your learners downloaded (several at once). Nothing leaves this browser.</p>
      <label className="ws-field">Progress files <input type="file" accept=".json,application/json" multiple data-testid="import-progress" onChange={(e) => void load(e.currentTarget.files)} /></label>
      {rejected.length > 0 && <p className="ws-warn" role="alert">Not a Stagecraft progress file: {rejected.join(', ')}</p>}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="ws-table" data-testid="class-table">
            <thead>
              <tr><th scope="col">Learner</th><th scope="col">Done</th>{lessons.map((l) => <th key={l.id} scope="col" title={l.title}>{l.order}</th>)}</tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.learner} data-testid="class-row">
                  <th scope="row">{r.learner}</th>
                  <td>{r.done} / {lessons.length}</td>
                  {r.statuses.map((s, i) => <td key={i} data-status={s} title={STATUS_LABELS[s]}>{s === 'done' ? '✓' : s === 'started' ? '…' : ''}<span className="visually-hidden">{STATUS_LABELS[s]}</span></td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ClassroomReset(): ReactElement {
  const [message, setMessage] = useState('');
  const reset = (): void => {
    if (!window.confirm('Erase all Stagecraft progress and saved playground work in this browser? This cannot be undone.')) return;
    const storage = browserStorage();
    clearProgress(storage);
    let removed = 0;
    try {
      const keys: string[] = [];
      for (let i = 0; i < localStorage.length; i++) keys.push(localStorage.key(i) ?? '');
      for (const k of resettableKeys(keys)) {
        localStorage.removeItem(k);
        removed++;
      }
    } catch {
      // Storage unavailable: nothing was saved either.
    }
    setMessage(`Reset done: ${removed} saved item${removed === 1 ? '' : 's'} removed. The theme setting is kept.`);
  };
  return (
    <section className="card ws-section" aria-labelledby="reset-heading">
      <h2 id="reset-heading">Classroom reset</h2>
      <p>On a shared machine, erase every learner's progress and saved playground work before the next class. You will be asked to confirm.</p>
      <button type="button" className="button button--secondary" data-testid="classroom-reset" onClick={reset}>Reset this browser</button>
      {message && <p role="status">{message}</p>}
    </section>
  );
}

/** The workshop page's island. */
export default function WorkshopApp({ lessons }: Props): ReactElement {
  const [settings, setSettings] = useState<WorkshopSettings | null>(null);
  useEffect(() => {
    const param = new URLSearchParams(location.search).get(WORKSHOP_PARAM);
    const decoded = param ? decodeWorkshop(param, lessons.map((l) => l.id)) : null;
    if (!decoded) return;
    setSettings(decoded);
    // Lesson pages read this to apply the workshop's settings (solutions hidden or shown).
    rememberActiveWorkshop(decoded);
  }, [lessons]);
  return (
    <div className="ws-app">
      {settings && <Agenda settings={settings} lessons={lessons} />}
      <Planner lessons={lessons} onLink={() => undefined} />
      <ClassImport lessons={lessons} />
      <ClassroomReset />
      <section className="card ws-section" aria-labelledby="exercise-heading">
        <h2 id="exercise-heading">Custom exercises</h2>
        <p>Write your own exercise (start Dockerfile, context, goal, hints) and share it as a link or a file: <a href="/workshop/exercise/">open the exercise builder</a>.</p>
      </section>
    </div>
  );
}
