// `$VAR` expansion for FROM lines and flag values. It delegates to the one shell lexer
// (../dockerfile/word-expansion.ts, BuildKit's frontend/dockerfile/shell/lex.go) so the graph, the
// simulator and lint expand words the same way.

import { expandWord } from '../dockerfile/word-expansion.ts';

/**
 * Expands `$VAR` references in a word against `env`; unset variables become empty. A word the lexer
 * rejects (e.g. `${X`) is returned as written: the parser and lint report the error, and the graph
 * then treats the text as a literal reference.
 */
export function expandSimple(word: string, env: ReadonlyMap<string, string>, escape = '\\'): string {
  if (!word.includes('$') && !word.includes('"') && !word.includes("'") && !word.includes(escape)) return word;
  const result = expandWord(word, env, { escapeToken: escape === '`' ? '`' : '\\' });
  return result.error ? word : result.value;
}
