// The only code that touches xterm.js: a terminal with a `$ ` prompt, line editing, history and
// tab completion (the logic is pure, in src/core/terminal), build logs written as they play, and
// the fit addon to follow the container's size. Dynamically imported with the playground.

import { Terminal, type ITheme } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { completeLine, EMPTY_HISTORY, historyDown, historyUp, recordCommand, type CommandHistory, type CompletionSources } from '../core/terminal/index.ts';

export interface TerminalHandle {
  /** Writes lines (ANSI allowed) above the prompt. */
  writeLines(lines: readonly string[]): void;
  /** Clears the screen and scrollback. */
  clear(): void;
  /** Types a command as if the learner had (shown after the prompt, then submitted). */
  echoCommand(line: string): void;
  setTheme(dark: boolean): void;
  /** Enables or disables the prompt (while a build plays, input waits). */
  setBusy(busy: boolean): void;
  focus(): void;
  fit(): void;
  dispose(): void;
}

export interface TerminalOptions {
  readonly dark: boolean;
  readonly ariaLabel: string;
  /** A submitted line; the promise resolves when the command is done (the prompt comes back). */
  readonly onCommand: (line: string) => Promise<void> | void;
  readonly completionSources: () => CompletionSources;
  /** Escape leaves the terminal (Tab is completion, so it cannot move focus): where focus goes. */
  readonly onEscape?: () => void;
}

const PROMPT = '\x1b[1;32m$\x1b[0m ';

const LIGHT: ITheme = {
  background: '#ffffff', foreground: '#1b1f24', cursor: '#1b1f24', selectionBackground: '#b6d4fe',
  black: '#1b1f24', red: '#b42318', green: '#1a7f37', yellow: '#8a5a00', blue: '#0a5fb4', magenta: '#8250df', cyan: '#0b6e80', white: '#4f5863',
  brightBlack: '#4f5863', brightRed: '#b42318', brightGreen: '#1a7f37', brightYellow: '#8a5a00', brightBlue: '#0a5fb4', brightMagenta: '#8250df', brightCyan: '#0b6e80', brightWhite: '#1b1f24',
};
const DARK: ITheme = {
  background: '#0b0f13', foreground: '#e6e8eb', cursor: '#e6e8eb', selectionBackground: '#264f78',
  black: '#0b0f13', red: '#ff7b72', green: '#56d364', yellow: '#e3b341', blue: '#79b8ff', magenta: '#d2a8ff', cyan: '#76e3ea', white: '#e6e8eb',
  brightBlack: '#a9b2bc', brightRed: '#ffa198', brightGreen: '#7ee787', brightYellow: '#f2cc60', brightBlue: '#a5d6ff', brightMagenta: '#e2c5ff', brightCyan: '#b3f0ff', brightWhite: '#ffffff',
};

/** Mounts an interactive terminal in `element`. */
export function mountTerminal(element: HTMLElement, options: TerminalOptions): TerminalHandle {
  const term = new Terminal({
    convertEol: true,
    cursorBlink: false,
    fontSize: 13,
    fontFamily: "ui-monospace, 'SFMono-Regular', 'Cascadia Code', 'DejaVu Sans Mono', Menlo, Consolas, monospace",
    scrollback: 5000,
    theme: options.dark ? DARK : LIGHT,
    screenReaderMode: false,
    allowProposedApi: false,
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(element);
  term.textarea?.setAttribute('aria-label', options.ariaLabel);
  // Tab completes, so a keyboard user needs another way out: Escape hands focus back to the page.
  term.attachCustomKeyEventHandler((e) => {
    if (e.type === 'keydown' && e.key === 'Escape' && options.onEscape) {
      options.onEscape();
      return false;
    }
    return true;
  });
  let line = '';
  let history: CommandHistory = EMPTY_HISTORY;
  let busy = false;

  const redrawLine = (): void => {
    term.write(`\r\x1b[2K${PROMPT}${line}`);
  };
  const prompt = (): void => {
    line = '';
    term.write(`\r\x1b[2K${PROMPT}`);
  };

  const submit = async (): Promise<void> => {
    const submitted = line;
    history = recordCommand(history, submitted);
    term.write('\r\n');
    line = '';
    busy = true;
    try {
      await options.onCommand(submitted);
    } finally {
      busy = false;
      prompt();
    }
  };

  term.onData((data) => {
    if (busy) return;
    switch (data) {
      case '\r':
        void submit();
        return;
      case '\x7f':
      case '\b':
        if (line.length > 0) {
          line = line.slice(0, -1);
          term.write('\b \b');
        }
        return;
      case '\x1b[A': {
        const r = historyUp(history, line);
        history = r.history;
        line = r.line;
        redrawLine();
        return;
      }
      case '\x1b[B': {
        const r = historyDown(history, line);
        history = r.history;
        line = r.line;
        redrawLine();
        return;
      }
      case '\t': {
        const c = completeLine(line, options.completionSources());
        if (c.candidates.length > 1) term.write(`\r\n${c.candidates.join('  ')}\r\n`);
        line = c.line;
        redrawLine();
        return;
      }
      case '\x03':
        term.write('^C\r\n');
        prompt();
        return;
      case '\x0c':
        term.clear();
        redrawLine();
        return;
      default:
        // Printable input (typed or pasted); control sequences we do not handle are dropped.
        if (data.startsWith('\x1b')) return;
        for (const ch of data.replace(/\r?\n/g, ' ')) {
          if (ch >= ' ') {
            line += ch;
            term.write(ch);
          }
        }
    }
  });

  requestAnimationFrame(() => {
    try {
      fit.fit();
    } catch {
      // A hidden container has no size yet; the next resize fits it.
    }
  });
  const observer = new ResizeObserver(() => {
    try {
      fit.fit();
    } catch {
      // As above.
    }
  });
  observer.observe(element);
  prompt();

  return {
    writeLines(lines) {
      if (lines.length === 0) return;
      // Print above the prompt, then bring the prompt (and what was typed) back.
      term.write(`\r\x1b[2K${lines.join('\r\n')}\r\n`);
      if (busy) return;
      redrawLine();
    },
    clear() {
      term.clear();
      term.write('\x1b[2J\x1b[H');
      redrawLine();
    },
    echoCommand(text) {
      term.write(`\r\x1b[2K${PROMPT}${text}\r\n`);
    },
    setTheme(dark) {
      term.options.theme = dark ? DARK : LIGHT;
    },
    setBusy(value) {
      busy = value;
      if (!value) redrawLine();
    },
    focus() {
      term.focus();
    },
    fit() {
      try {
        fit.fit();
      } catch {
        // As above.
      }
    },
    dispose() {
      observer.disconnect();
      term.dispose();
    },
  };
}
