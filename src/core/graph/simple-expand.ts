// A small `$VAR` expander for FROM lines and flag values, used until (and wherever) the full
// shell lexer is not needed: `$X`, `${X}`, `${X:-w}`, `${X-w}`, `${X:+w}`, `${X+w}`, quotes removed,
// `\` escapes the next character (frontend/dockerfile/shell/lex.go, the subset FROM lines use).

/** Expands `$VAR` references in a word against `env`; unset variables become empty. */
export function expandSimple(word: string, env: ReadonlyMap<string, string>, escape = '\\'): string {
  let out = '';
  let i = 0;
  let quote: '"' | "'" | null = null;
  while (i < word.length) {
    const c = word[i] ?? '';
    if (quote === "'") {
      if (c === "'") quote = null;
      else out += c;
      i++;
      continue;
    }
    if (c === escape) {
      const next = word[i + 1];
      if (next !== undefined) out += next;
      i += 2;
      continue;
    }
    if (c === '"') {
      quote = quote === '"' ? null : '"';
      i++;
      continue;
    }
    if (c === "'" && quote === null) {
      quote = "'";
      i++;
      continue;
    }
    if (c === '$') {
      const [value, next] = readVariable(word, i + 1, env, escape);
      out += value;
      i = next;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

function readVariable(word: string, start: number, env: ReadonlyMap<string, string>, escape: string): [string, number] {
  const c = word[start];
  if (c === '{') {
    let depth = 1;
    let j = start + 1;
    while (j < word.length && depth > 0) {
      if (word[j] === '{') depth++;
      else if (word[j] === '}') depth--;
      if (depth > 0) j++;
    }
    const body = word.slice(start + 1, j);
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])(.*))?$/s.exec(body);
    if (!m) return ['', j + 1];
    const name = m[1] ?? '';
    const op = m[2];
    const arg = m[3] ?? '';
    const value = env.get(name);
    if (op === undefined) return [value ?? '', j + 1];
    const colon = op.startsWith(':');
    const isSet = colon ? value !== undefined && value !== '' : value !== undefined;
    if (op.endsWith('-')) return [isSet ? (value ?? '') : expandSimple(arg, env, escape), j + 1];
    if (op.endsWith('+')) return [isSet ? expandSimple(arg, env, escape) : '', j + 1];
    return [value ?? '', j + 1];
  }
  const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(word.slice(start));
  if (!m) return ['$', start];
  return [env.get(m[0]) ?? '', start + m[0].length];
}
