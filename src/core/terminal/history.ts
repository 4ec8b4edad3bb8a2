// Command history for the terminal prompt, as readline keeps it: Up walks back, Down forward, and
// the line being typed is kept as the newest entry until it is submitted.

export interface CommandHistory {
  readonly entries: readonly string[];
  /** Index into entries while browsing; entries.length means the draft line. */
  readonly cursor: number;
  readonly draft: string;
}

export const EMPTY_HISTORY: CommandHistory = { entries: [], cursor: 0, draft: '' };

/** Records a submitted line (blank lines and immediate repeats are not kept, as bash's ignoreboth). */
export function recordCommand(history: CommandHistory, line: string): CommandHistory {
  const keep = line.trim() !== '' && history.entries[history.entries.length - 1] !== line;
  const entries = keep ? [...history.entries, line].slice(-200) : history.entries;
  return { entries, cursor: entries.length, draft: '' };
}

/** Moves back (Up) from the current line; returns the new history and the line to show. */
export function historyUp(history: CommandHistory, currentLine: string): { history: CommandHistory; line: string } {
  if (history.cursor === 0) return { history, line: currentLine };
  const draft = history.cursor === history.entries.length ? currentLine : history.draft;
  const cursor = history.cursor - 1;
  return { history: { ...history, cursor, draft }, line: history.entries[cursor] ?? '' };
}

/** Moves forward (Down); past the newest entry it gives back the draft. */
export function historyDown(history: CommandHistory, currentLine: string): { history: CommandHistory; line: string } {
  if (history.cursor >= history.entries.length) return { history, line: currentLine };
  const cursor = history.cursor + 1;
  const line = cursor === history.entries.length ? history.draft : (history.entries[cursor] ?? '');
  return { history: { ...history, cursor }, line };
}
