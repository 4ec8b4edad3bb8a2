// Line ranges for lesson file excerpts, shared by <FileExcerpt> and the content tests.

/** Parses an excerpt range: "3", "3-7", "3-" (to the end); lines are 1-based and inclusive. */
export function parseLineRange(range: string | undefined, lineCount: number): { from: number; to: number } {
  if (range === undefined || range.trim() === '') return { from: 1, to: lineCount };
  const m = /^\s*(\d+)\s*(?:(-)\s*(\d+)?)?\s*$/.exec(range);
  if (!m) throw new Error(`bad line range "${range}": write "3", "3-7" or "3-"`);
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : m[3] === undefined ? lineCount : Number(m[3]);
  if (from < 1 || to > lineCount || from > to) throw new Error(`line range "${range}" is outside 1-${lineCount}`);
  return { from, to };
}
