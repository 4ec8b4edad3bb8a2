// Quick fixes are plain text edits; this applies them and offers the small helpers rules use to
// build them (whole lines, keyword case).

import type { SourceRange } from '../diagnostics.ts';
import type { QuickFix } from './types.ts';

/** Applies a quick fix's edits to `source` (edits must not overlap), returning the new text. */
export function applyQuickFix(source: string, fix: QuickFix): string {
  const edits = [...fix.edits].sort((a, b) => b.range[0] - a.range[0] || b.range[1] - a.range[1]);
  let out = source;
  for (const edit of edits) out = out.slice(0, edit.range[0]) + edit.newText + out.slice(edit.range[1]);
  return out;
}

/** `[start of the line holding range[0], end of the line holding range[1]-1 including its newline)`. */
export function wholeLines(source: string, range: SourceRange): SourceRange {
  const start = source.lastIndexOf('\n', range[0] - 1) + 1;
  const nl = source.indexOf('\n', Math.max(range[1] - 1, range[0]));
  return [start, nl < 0 ? source.length : nl + 1];
}

/** Writes `word` in the case of `model` (all lower or all upper). */
export function caseLike(word: string, model: string): string {
  return model === model.toLowerCase() ? word.toLowerCase() : word.toUpperCase();
}
