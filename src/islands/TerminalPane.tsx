// One builder's terminal: plays that builder's build log (its real format, with the engine's own
// colours) as the build machine emits events, and runs `docker …` commands typed at the prompt.
// xterm loads in its own chunk; the transcript is mirrored as plain text for tests and for anyone
// who cannot use the canvas-like grid.

import { useEffect, useId, useRef, useState } from 'react';
import { useSelector } from '@xstate/react';
import type { BuilderKind } from '../core/build/types.ts';
import { createBuildLogRenderer } from '../core/build/render/index.ts';
import { stripAnsi } from '../core/build/render/format.ts';
import { imageNames } from '../core/terminal/index.ts';
import type { TerminalHandle } from '../adapters/xterm-terminal.ts';
import { usePlayground } from './playground-context.ts';

const MAX_TRANSCRIPT = 3000;

const TABBABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

// Escape leaves the terminal for the next control after it, as Tab would anywhere else.
function focusAfter(pane: HTMLElement | null): void {
  if (!pane) return;
  const next = [...document.querySelectorAll<HTMLElement>(TABBABLE)].find(
    (el) => !pane.contains(el) && (pane.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0 && el.offsetParent !== null,
  );
  (next ?? pane).focus();
}
const LABEL: Record<BuilderKind, string> = { legacy: 'Legacy builder', buildkit: 'BuildKit' };

export function TerminalPane({ builder, primary }: { builder: BuilderKind; primary: boolean }) {
  const session = usePlayground();
  const { actors, dark, onTerminalMessage } = session;
  const host = useRef<HTMLDivElement>(null);
  const paneRef = useRef<HTMLDivElement>(null);
  const handle = useRef<TerminalHandle | null>(null);
  const buffered = useRef<string[]>([]);
  const [transcript, setTranscript] = useState<string[]>([]);
  const id = useId();
  // The newest session, for callbacks created once.
  const latest = useRef(session);
  latest.current = session;
  const outcome = useSelector(actors[builder], (s) => (s.matches('succeeded') ? 'succeeded' : s.matches('failed') ? 'failed' : s.matches('canceled') ? 'canceled' : s.matches('idle') ? 'idle' : 'running'));

  const print = (lines: readonly string[]): void => {
    if (lines.length === 0) return;
    if (handle.current) handle.current.writeLines(lines);
    else buffered.current.push(...lines);
    setTranscript((t) => [...t, ...lines.map(stripAnsi)].slice(-MAX_TRANSCRIPT));
  };
  const printRef = useRef(print);
  printRef.current = print;

  // Build logs, as events play.
  useEffect(() => {
    const renderer = createBuildLogRenderer({ color: 'ansi' });
    const sub = actors[builder].on('build.played', ({ event }) => printRef.current(renderer.push(event)));
    return () => sub.unsubscribe();
  }, [actors, builder]);

  // Echoed commands (the buttons' equivalent) and clears.
  useEffect(
    () =>
      onTerminalMessage(builder, (m) => {
        if (m.kind === 'clear') {
          handle.current?.clear();
          buffered.current = [];
          setTranscript([]);
        } else if (m.kind === 'echo') {
          const line = `\x1b[1;32m$\x1b[0m ${m.text}`;
          if (handle.current) handle.current.echoCommand(m.text);
          else buffered.current.push(line);
          setTranscript((t) => [...t, `$ ${m.text}`].slice(-MAX_TRANSCRIPT));
        } else printRef.current(m.lines);
      }),
    [onTerminalMessage, builder],
  );

  useEffect(() => {
    if (!host.current) return;
    let disposed = false;
    const element = host.current;
    void import('../adapters/xterm-terminal.ts').then(({ mountTerminal }) => {
      if (disposed) return;
      const t = mountTerminal(element, {
        dark: latest.current.dark,
        ariaLabel: `${LABEL[builder]} terminal input`,
        onCommand: async (line) => {
          setTranscript((tr) => [...tr, `$ ${line}`].slice(-MAX_TRANSCRIPT));
          const out = await latest.current.runCommand(builder, line);
          printRef.current(out);
        },
        onEscape: () => focusAfter(paneRef.current),
        completionSources: () => {
          const s = latest.current.state;
          return {
            stages: (s.analysis?.stages ?? []).flatMap((st) => (st.name !== undefined ? [st.name] : [])),
            files: ['Dockerfile', ...Object.keys(s.scenario.files)],
            images: imageNames(latest.current.images),
          };
        },
      });
      handle.current = t;
      if (buffered.current.length > 0) t.writeLines(buffered.current.splice(0));
    });
    return () => {
      disposed = true;
      handle.current?.dispose();
      handle.current = null;
    };
  }, [builder]);

  useEffect(() => handle.current?.setTheme(dark), [dark]);

  return (
    <section className="sc-terminal-pane" aria-labelledby={`${id}-title`}>
      <h3 className="sc-pane-title" id={`${id}-title`}>
        Terminal · {LABEL[builder]} <span className={`sc-badge sc-badge-${outcome}`}>{outcome === 'idle' ? 'ready' : outcome}</span>
      </h3>
      <p className="sc-hint" id={`${id}-hint`}>
        Type <code>help</code> for the commands. Tab completes, Up and Down recall commands, Esc leaves the terminal.
      </p>
      <div className="sc-terminal" ref={paneRef} tabIndex={-1} aria-describedby={`${id}-hint`} data-testid={primary ? 'terminal' : `terminal-${builder}`} data-builder={builder}>
        <div ref={host} className="sc-xterm-host" onClick={() => handle.current?.focus()} />
        <pre className="sc-visually-hidden" role="log" aria-label={`${LABEL[builder]} terminal output`}>
          {transcript.join('\n')}
        </pre>
      </div>
    </section>
  );
}
