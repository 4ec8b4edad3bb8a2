// Splits a terminal line into words the way a POSIX shell would for the commands the playground
// accepts: single and double quotes, backslash escapes, nothing expanded. Never throws.

export type SplitResult = { readonly ok: true; readonly words: readonly string[] } | { readonly ok: false; readonly error: string };

/** Splits a command line into words; an unterminated quote is an error, as in sh. */
export function splitCommandLine(line: string): SplitResult {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? '';
    if (quote === "'") {
      if (c === "'") quote = null;
      else current += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1] ?? '')) current += line[++i] ?? '';
      else current += c;
      continue;
    }
    if (c === ' ' || c === '\t') {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (c === "'" || c === '"') quote = c;
    else if (c === '\\' && i + 1 < line.length) current += line[++i] ?? '';
    else current += c;
  }
  if (quote !== null) return { ok: false, error: `unexpected EOF while looking for matching \`${quote}'` };
  if (inWord) words.push(current);
  return { ok: true, words };
}
