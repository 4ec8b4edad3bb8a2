// The presenter view: large type for a room, one lesson's Dockerfile, and its build stepped one
// line at a time with the real simulator (each step's status and why, each stage's fate).

import { useEffect, useState, type ReactElement } from 'react';
import { decodeWorkshop, WORKSHOP_PARAM } from './workshop-data.ts';
// The formatter the playground's views use (islands/format.ts wraps it), imported from its module
// directly: importing format.ts here split it out of the Playground chunk, adding two scripts to
// every lesson page (this way one, +0.2 kB gzipped).
import { bytes, formatBytesLikeDocker } from '../../core/size/bytes.ts';
import type { BuildResult, StepResult } from '../../core/build/types.ts';
import './workshop.css';

export interface PresenterLesson {
  readonly id: string;
  readonly title: string;
  readonly start: string;
  readonly solution: string;
  readonly files: Readonly<Record<string, string>>;
  readonly target?: string;
}

interface Props {
  lessons: readonly PresenterLesson[];
}

export default function PresenterView({ lessons }: Props): ReactElement {
  const [shown, setShown] = useState<readonly PresenterLesson[]>(lessons);
  const [lessonId, setLessonId] = useState(lessons[0]?.id ?? '');
  const [which, setWhich] = useState<'start' | 'solution'>('start');
  const [builder, setBuilder] = useState<'legacy' | 'buildkit'>('buildkit');
  const [result, setResult] = useState<BuildResult | null>(null);
  const [count, setCount] = useState(0);
  // A rebuild in the same engine after editing one context file: the room sees the cache at work.
  const [edited, setEdited] = useState<string | null>(null);
  const [rebuild, setRebuild] = useState<(() => void) | null>(null);

  useEffect(() => {
    const param = new URLSearchParams(location.search).get(WORKSHOP_PARAM);
    const settings = param ? decodeWorkshop(param, lessons.map((l) => l.id)) : null;
    if (settings && settings.lessons.length > 0) {
      const chosen = settings.lessons.map((id) => lessons.find((l) => l.id === id)).filter((l): l is PresenterLesson => l !== undefined);
      setShown(chosen);
      setLessonId(chosen[0]?.id ?? '');
    }
  }, [lessons]);

  const lesson = shown.find((l) => l.id === lessonId) ?? shown[0];
  const dockerfile = lesson ? (which === 'start' ? lesson.start : lesson.solution) : '';

  useEffect(() => {
    setResult(null);
    setCount(0);
    setEdited(null);
    setRebuild(null);
    if (!lesson) return;
    let live = true;
    void Promise.all([import('../../core/session/pipeline.ts'), import('../../core/session/scenario.ts')]).then(([pipeline, scenario]) => {
      if (!live) return;
      const session = pipeline.createPlaygroundSession(pipeline.createPipelineDeps());
      const settings = { ...scenario.DEFAULT_SETTINGS, builder, target: lesson.target ?? '' };
      const built = session.build({ dockerfile, files: lesson.files, settings }, builder);
      setResult(built.result);
      // A source file (what learners edit most), else any context file but manifests.
      const names = Object.keys(lesson.files).filter((f) => f !== '.dockerignore' && !f.endsWith('.json') && !f.endsWith('.xml') && !f.endsWith('go.mod'));
      const file = names.find((f) => f.includes('src/')) ?? names[0];
      if (file !== undefined) {
        setRebuild(() => () => {
          const files = { ...lesson.files, [file]: `${lesson.files[file] ?? ''}\n` };
          setResult(session.build({ dockerfile, files, settings }, builder).result);
          setEdited(file);
          setCount(0);
        });
      }
    });
    return () => {
      live = false;
    };
  }, [lessonId, which, builder, dockerfile, lesson]);

  const steps: readonly StepResult[] = result?.steps ?? [];
  const current = steps[count - 1];
  const lines = dockerfile.replace(/\n$/, '').split('\n');
  const finished = result !== null && count >= steps.length;

  return (
    <div className="present">
      <div className="ws-row">
        <label className="ws-field">Lesson <select value={lesson?.id ?? ''} onChange={(e) => setLessonId(e.target.value)} data-testid="present-lesson">{shown.map((l) => <option key={l.id} value={l.id}>{l.title}</option>)}</select></label>
        <label className="ws-field">Dockerfile <select value={which} onChange={(e) => setWhich(e.target.value as 'start' | 'solution')}><option value="start">start</option><option value="solution">solution</option></select></label>
        <label className="ws-field">Builder <select value={builder} onChange={(e) => setBuilder(e.target.value as 'legacy' | 'buildkit')}><option value="buildkit">BuildKit</option><option value="legacy">legacy</option></select></label>
      </div>
      <div className="button-row">
        <button type="button" className="button" data-testid="present-step" disabled={!result || finished} onClick={() => setCount((c) => c + 1)}>Step</button>
        <button type="button" className="button button--secondary" disabled={!result} onClick={() => setCount(steps.length)}>Show all</button>
        <button type="button" className="button button--secondary" onClick={() => setCount(0)}>Restart</button>
        {rebuild && <button type="button" className="button button--secondary" data-testid="present-rebuild" onClick={rebuild}>Edit a file and rebuild</button>}
      </div>
      {edited && <p role="status">Rebuilding after an edit to <code>{edited}</code>: watch which steps come from the cache.</p>}
      <pre aria-label="Dockerfile"><code>{lines.map((l, i) => <div key={i} className={current && i + 1 >= current.line && i + 1 <= current.endLine ? 'line--current' : ''}>{String(i + 1).padStart(2, ' ')}  {l || ' '}</div>)}</code></pre>
      {result && (
        <>
          <ol className="step-log" data-testid="present-log" aria-live="polite">
            {steps.slice(0, count).map((s) => (
              <li key={s.id} className={s.status}>
                {s.display} — {s.status === 'cached' ? 'CACHED' : s.status === 'failed' ? 'FAILED' : 'runs'}{s.reason.code !== 'cached' && s.reason.code !== 'first-build' ? ` (${s.reason.message})` : ''}
              </li>
            ))}
          </ol>
          {finished && (
            <div className="card">
              <p data-testid="present-result"><strong>{result.outcome === 'success' ? `Built: ${formatBytesLikeDocker(result.image?.sizeBytes ?? bytes(0))}` : `Failed: ${result.error?.message ?? ''}`}</strong></p>
              <ul>
                {result.plan.stages.map((p) => <li key={p.index}><code>{p.name ?? `stage ${p.index}`}</code>: {p.reason}</li>)}
              </ul>
            </div>
          )}
        </>
      )}
    </div>
  );
}
