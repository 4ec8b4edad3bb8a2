// The editor: Monaco (loaded on mount, in its own chunk) with the parser's and linter's findings as
// markers, hover docs, stage-name completion and quick fixes; a plain text area on touch devices
// and until Monaco is ready. The problems are also listed as text under the editor.

import { useEffect, useId, useRef, useState } from 'react';
import type { EditorHandle } from '../adapters/monaco-editor.ts';
import { applyQuickFix } from '../core/lint/text-edits.ts';
import { createLineIndex } from '../core/dockerfile/line-index.ts';
import { usePlayground } from './playground-context.ts';
import { DOCKERFILE_PATH, fileText } from './playground-state.ts';

export function EditorPane() {
  const { state, dispatch, dark, richEditor } = usePlayground();
  const host = useRef<HTMLDivElement>(null);
  const handle = useRef<EditorHandle | null>(null);
  const [ready, setReady] = useState(false);
  const [loadError, setLoadError] = useState('');
  const id = useId();
  const path = state.activePath;
  const text = fileText(state.scenario, path) ?? '';
  const latest = useRef({ path, text, dark });
  latest.current = { path, text, dark };

  useEffect(() => {
    if (!richEditor || !host.current) return;
    let disposed = false;
    const element = host.current;
    import('../adapters/monaco-editor.ts')
      .then(({ mountEditor }) => {
        if (disposed) return;
        handle.current = mountEditor(element, {
          path: latest.current.path,
          text: latest.current.text,
          dark: latest.current.dark,
          ariaLabel: `Editor: ${latest.current.path}`,
          onChange: (p, t) => dispatch({ type: 'file.edit', path: p, text: t }),
        });
        setReady(true);
      })
      .catch((e: unknown) => setLoadError(e instanceof Error ? e.message : String(e)));
    return () => {
      disposed = true;
      handle.current?.dispose();
      handle.current = null;
      setReady(false);
    };
  }, [richEditor, dispatch]);

  // Follow the open file and outside changes (Reset, a restored or shared scenario).
  useEffect(() => {
    handle.current?.open(path, text);
  }, [ready, path, text]);

  useEffect(() => {
    handle.current?.setTheme(dark);
  }, [ready, dark]);

  const analysis = state.analysis;
  const current = analysis !== null && analysis.source === state.scenario.dockerfile;
  useEffect(() => {
    if (!handle.current || !analysis) return;
    handle.current.setStages(analysis.stages);
    // Offsets only mean something for the text they were computed on.
    if (analysis.source === state.scenario.dockerfile) handle.current.setDiagnostics(analysis.diagnostics);
  }, [ready, analysis, state.scenario.dockerfile]);

  // Forget models of files that no longer exist.
  const files = state.scenario.files;
  const known = useRef(new Set<string>());
  useEffect(() => {
    for (const p of known.current) if (p !== DOCKERFILE_PATH && files[p] === undefined) handle.current?.forget(p);
    known.current = new Set(Object.keys(files));
  }, [files]);

  const problems = current ? analysis.diagnostics : [];
  const lines = createLineIndex(state.scenario.dockerfile);

  return (
    <div className="sc-editor-pane">
      <div className="sc-pane-title" id={`${id}-title`}>
        Editing <code>{path}</code>
      </div>
      <div className="sc-editor" data-testid="editor" data-editor={ready ? 'monaco' : 'textarea'}>
        {ready ? null : (
          <textarea
            className="sc-textarea"
            aria-labelledby={`${id}-title`}
            spellCheck={false}
            autoCapitalize="off"
            autoCorrect="off"
            value={text}
            onChange={(e) => dispatch({ type: 'file.edit', path, text: e.target.value })}
          />
        )}
        <div ref={host} className="sc-monaco-host" hidden={!ready} />
      </div>
      {ready ? (
        <p className="sc-hint">
          Tab moves to the next control; press Ctrl+M (⌃⇧M on a Mac) to make Tab indent instead. Ctrl+Space completes stage names, Ctrl+. offers quick fixes.
        </p>
      ) : null}
      {loadError ? <p className="sc-error">The code editor did not load ({loadError}); the text area works the same.</p> : null}
      <div className="sc-problems" data-testid="problems">
        <h3 className="sc-pane-title">
          Problems <span className="sc-count">{problems.length}</span>
        </h3>
        {problems.length === 0 ? (
          <p className="sc-muted">{current || analysis === null ? 'No problems found in the Dockerfile.' : 'Checking…'}</p>
        ) : (
          <ul>
            {problems.map((d, i) => {
              const pos = lines.positionAt(d.range[0]);
              return (
                <li key={i} className={`sc-problem sc-${d.severity}`}>
                  <span className="sc-problem-where">
                    {d.severity} · line {pos.line}:{pos.column}
                  </span>{' '}
                  {d.message}{' '}
                  <span className="sc-muted">
                    ({d.url ? <a href={d.url} target="_blank" rel="noreferrer">{d.code}</a> : d.code})
                  </span>
                  {d.fix ? (
                    <button
                      type="button"
                      className="sc-link-button"
                      onClick={() => d.fix && dispatch({ type: 'file.edit', path: DOCKERFILE_PATH, text: applyQuickFix(state.scenario.dockerfile, d.fix) })}
                    >
                      Quick fix: {d.fix.title}
                    </button>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </div>
  );
}
