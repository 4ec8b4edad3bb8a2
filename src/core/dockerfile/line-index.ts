// Offsets ↔ line/column for editors and the CLI. Lines are split on `\n` only, as BuildKit's
// scanner does (a lone `\r` is not a line break for Docker), so line numbers here equal the
// `StartLine`/`EndLine` BuildKit reports. Columns count UTF-16 units, as Monaco does.

import type { SourceRange } from '../diagnostics.ts';

/** A 1-based line and 1-based column (UTF-16 units), as editors and compilers print them. */
export interface LinePosition {
  readonly line: number;
  readonly column: number;
}

export interface LineIndex {
  /** Number of lines (a trailing `\n` starts one more, empty line). */
  readonly lineCount: number;
  /** The offset where a 1-based line starts; clamped to the text. */
  lineStart(line: number): number;
  /** The 1-based line and column of an offset; offsets outside the text are clamped. */
  positionAt(offset: number): LinePosition;
  /** The offset of a 1-based line and column; clamped to the line and the text. */
  offsetAt(position: LinePosition): number;
  /** Both ends of a range as positions. */
  rangeToPositions(range: SourceRange): { readonly start: LinePosition; readonly end: LinePosition };
}

/** Builds a line index of `text` once (one pass); lookups are binary searches. */
export function createLineIndex(text: string): LineIndex {
  const starts: number[] = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const length = text.length;

  const lineOf = (offset: number): number => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  };

  const positionAt = (offset: number): LinePosition => {
    const clamped = Math.max(0, Math.min(length, Math.trunc(offset) || 0));
    const line = lineOf(clamped);
    return { line: line + 1, column: clamped - (starts[line] ?? 0) + 1 };
  };

  const lineStart = (line: number): number => {
    const index = Math.max(1, Math.min(starts.length, Math.trunc(line) || 1)) - 1;
    return starts[index] ?? 0;
  };

  return {
    lineCount: starts.length,
    lineStart,
    positionAt,
    offsetAt(position) {
      const index = Math.max(1, Math.min(starts.length, Math.trunc(position.line) || 1)) - 1;
      const start = starts[index] ?? 0;
      const next = index + 1 < starts.length ? (starts[index + 1] ?? length) - 1 : length;
      return Math.max(start, Math.min(next, start + Math.max(0, (Math.trunc(position.column) || 1) - 1)));
    },
    rangeToPositions(range) {
      return { start: positionAt(range[0]), end: positionAt(range[1]) };
    },
  };
}
