// /interview: practice the bank by level and format, drill on generated "predict the build"
// questions (answers computed by the simulator in the browser, a new one per seed), or take a
// timed mock interview with a score and a review at the end.

import { useEffect, useMemo, useState, type ReactElement } from 'react';
import { Feedback, Inline, QuestionCard } from './QuestionCard.tsx';
import { FORMAT_LABELS, LEVELS, type Answer, type Level, type Question } from './questions.ts';
import './interview.css';

interface Props {
  questions: readonly Question[];
  lessonTitles: Readonly<Record<string, string>>;
}

type Mode = 'practice' | 'drill' | 'mock';
const MOCK_SIZE = 10;
const MOCK_SECONDS = 10 * 60;

function shuffle<T>(items: readonly T[], rand: () => number = Math.random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function Practice({ questions, lessonTitles }: Props): ReactElement {
  const [level, setLevel] = useState<Level | 'all'>('all');
  const [kind, setKind] = useState<Question['kind'] | 'all'>('all');
  const shown = questions.filter((q) => (level === 'all' || q.level === level) && (kind === 'all' || q.kind === kind));
  return (
    <section aria-labelledby="practice-heading">
      <h2 id="practice-heading">Practice</h2>
      <div className="iv-filters">
        <label>Level <select value={level} data-testid="level-filter" onChange={(e) => setLevel(e.target.value as Level | 'all')}><option value="all">All levels</option>{LEVELS.map((l) => <option key={l} value={l}>{l}</option>)}</select></label>
        <label>Format <select value={kind} data-testid="format-filter" onChange={(e) => setKind(e.target.value as Question['kind'] | 'all')}><option value="all">All formats</option>{(Object.keys(FORMAT_LABELS) as Question['kind'][]).map((k) => <option key={k} value={k}>{FORMAT_LABELS[k]}</option>)}</select></label>
        <span className="muted">{shown.length} questions</span>
      </div>
      <div className="iv-list">{shown.map((q) => <QuestionCard key={q.id} question={q} lessonTitles={lessonTitles} />)}</div>
    </section>
  );
}

function Drill({ lessonTitles }: { lessonTitles: Readonly<Record<string, string>> }): ReactElement {
  const [seed, setSeed] = useState(() => 1 + Math.floor(Math.random() * 1_000_000));
  const [kind, setKind] = useState<'stages' | 'cache'>('stages');
  const [question, setQuestion] = useState<Question | null>(null);
  const [streak, setStreak] = useState({ right: 0, total: 0 });
  useEffect(() => {
    let live = true;
    setQuestion(null);
    void import('../../core/lessons/predict.ts').then((m) => {
      if (!live) return;
      if (kind === 'stages') {
        const d = m.generateStageDrill(seed);
        const [legacy, buildkit] = d.answers;
        setQuestion({
          id: `drill-stages-${seed}`,
          kind: 'stages',
          level: 'middle',
          lesson: 'legacy-vs-buildkit',
          prompt: 'Which stages does each builder process?',
          dockerfile: d.input.dockerfile,
          ...(d.input.target !== undefined ? { target: d.input.target } : {}),
          labels: (buildkit?.stages ?? []).map((s) => s.label),
          answer: { legacy: (legacy?.stages ?? []).filter((s) => s.runs).map((s) => s.label), buildkit: (buildkit?.stages ?? []).filter((s) => s.runs).map((s) => s.label) },
          explanation: 'BuildKit builds the target and the stages it needs through FROM, COPY --from and RUN --mount=from. The legacy builder runs every stage from the top of the file down to the target. Neither builds stages after the target.',
        });
      } else {
        const d = m.generateCacheDrill(seed);
        setQuestion({
          id: `drill-cache-${seed}`,
          kind: 'cache',
          level: 'middle',
          lesson: 'cache-order',
          prompt: 'Which steps run again on the rebuild?',
          dockerfile: d.input.dockerfile,
          changeText: d.changeText,
          builder: d.builder,
          steps: d.answer.map((s) => ({ line: s.line, text: s.text })),
          answer: { run: d.answer.filter((s) => s.status !== 'cached').map((s) => s.line) },
          explanation: 'A step is cached when it and every step before it in its stage are unchanged; a COPY changes when a file it copies changes, and a build arg changes every RUN after its ARG line. The first miss makes every later step in the stage run again.',
        });
      }
    });
    return () => {
      live = false;
    };
  }, [seed, kind]);
  return (
    <section aria-labelledby="drill-heading">
      <h2 id="drill-heading">Drill</h2>
      <p className="muted">Each drill is generated from a seed and answered by the simulator in your browser. There is always another one.</p>
      <div className="iv-filters">
        <label>Kind <select value={kind} data-testid="drill-kind" onChange={(e) => setKind(e.target.value as 'stages' | 'cache')}><option value="stages">Which stages run</option><option value="cache">Which steps hit the cache</option></select></label>
        <button type="button" className="button button--secondary" data-testid="next-drill" onClick={() => setSeed(seed + 1)}>Next drill</button>
        <span className="muted" data-testid="drill-score">{streak.right} of {streak.total} right</span>
      </div>
      {question ? (
        <QuestionCard key={question.id} question={question} lessonTitles={lessonTitles} onAnswered={(_a, ok) => setStreak((s) => ({ right: s.right + (ok ? 1 : 0), total: s.total + 1 }))} />
      ) : (
        <p className="muted">Generating…</p>
      )}
    </section>
  );
}

interface MockResult {
  readonly question: Question;
  readonly answer: Answer | null;
  readonly correct: boolean;
}

function Mock({ questions, lessonTitles }: Props): ReactElement {
  const [level, setLevel] = useState<Level | 'all'>('all');
  const [picked, setPicked] = useState<readonly Question[] | null>(null);
  const [index, setIndex] = useState(0);
  const [results, setResults] = useState<MockResult[]>([]);
  const [left, setLeft] = useState(MOCK_SECONDS);
  const [done, setDone] = useState(false);

  useEffect(() => {
    if (!picked || done) return;
    const timer = setInterval(() => setLeft((s) => (s <= 1 ? 0 : s - 1)), 1000);
    return () => clearInterval(timer);
  }, [picked, done]);
  useEffect(() => {
    if (picked && left === 0) setDone(true);
  }, [left, picked]);

  const start = (): void => {
    const pool = questions.filter((q) => q.kind !== 'fix' && (level === 'all' || q.level === level));
    setPicked(shuffle(pool).slice(0, MOCK_SIZE));
    setIndex(0);
    setResults([]);
    setLeft(MOCK_SECONDS);
    setDone(false);
  };

  if (!picked) {
    return (
      <section aria-labelledby="mock-heading">
        <h2 id="mock-heading">Mock interview</h2>
        <p>{MOCK_SIZE} questions, {MOCK_SECONDS / 60} minutes. Answers are revealed at the end, with a score and a review.</p>
        <div className="iv-filters">
          <label>Level <select value={level} onChange={(e) => setLevel(e.target.value as Level | 'all')}><option value="all">Mixed</option>{LEVELS.map((l) => <option key={l} value={l}>{l}</option>)}</select></label>
          <button type="button" className="button" data-testid="start-mock" onClick={start}>Start</button>
        </div>
      </section>
    );
  }

  const finished = done || index >= picked.length;
  if (finished) {
    const answered = new Map(results.map((r) => [r.question.id, r]));
    const review: MockResult[] = picked.map((q) => answered.get(q.id) ?? { question: q, answer: null, correct: false });
    const score = review.filter((r) => r.correct).length;
    return (
      <section aria-labelledby="mock-heading">
        <h2 id="mock-heading">Your score: <span data-testid="mock-score">{score} / {picked.length}</span></h2>
        <p className="muted">{left === 0 ? 'Time is up.' : `Finished with ${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')} left.`}</p>
        <ol className="iv-review">
          {review.map((r) => (
            <li key={r.question.id}>
              <p><strong><Inline text={r.question.prompt} /></strong>{r.answer === null ? ' (not answered)' : ''}</p>
              <Feedback question={r.question} correct={r.correct} lessonTitles={lessonTitles} />
            </li>
          ))}
        </ol>
        <div className="button-row"><button type="button" className="button" onClick={start}>Another round</button></div>
      </section>
    );
  }

  const q = picked[index] as Question;
  return (
    <section aria-labelledby="mock-heading">
      <h2 id="mock-heading">Question {index + 1} of {picked.length}</h2>
      <p className="iv-timer" data-testid="mock-timer" aria-live="off">{Math.floor(left / 60)}:{String(left % 60).padStart(2, '0')} left</p>
      <QuestionCard
        key={q.id}
        question={q}
        deferFeedback
        lessonTitles={lessonTitles}
        onAnswered={(answer, correct) => {
          setResults((rs) => [...rs, { question: q, answer, correct }]);
          setIndex((i) => i + 1);
        }}
      />
      <div className="button-row">
        <button type="button" className="button button--secondary" onClick={() => setIndex((i) => i + 1)}>Skip</button>
        <button type="button" className="button button--secondary" onClick={() => setDone(true)}>End now</button>
      </div>
    </section>
  );
}

/** The interview page's island: practice, drill and mock interview modes. */
export default function InterviewApp({ questions, lessonTitles }: Props): ReactElement {
  const [mode, setMode] = useState<Mode>('practice');
  const counts = useMemo(() => LEVELS.map((l) => `${questions.filter((q) => q.level === l).length} ${l}`).join(', '), [questions]);
  return (
    <div className="iv-app">
      <p className="muted">{questions.length} questions ({counts}), plus generated drills.</p>
      <div className="iv-tabs" role="tablist" aria-label="Mode">
        {(['practice', 'drill', 'mock'] as const).map((m) => (
          <button key={m} type="button" role="tab" aria-selected={mode === m} data-testid={`mode-${m}`} className={`iv-tab${mode === m ? ' iv-tab--active' : ''}`} onClick={() => setMode(m)}>
            {m === 'practice' ? 'Practice' : m === 'drill' ? 'Drill' : 'Mock interview'}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {mode === 'practice' && <Practice questions={questions} lessonTitles={lessonTitles} />}
        {mode === 'drill' && <Drill lessonTitles={lessonTitles} />}
        {mode === 'mock' && <Mock questions={questions} lessonTitles={lessonTitles} />}
      </div>
    </div>
  );
}
