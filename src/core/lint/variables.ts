// The linter's view of variable expansion: the value of a word plus which names it found and
// which it did not, from the shared lexer (../dockerfile/word-expansion.ts, BuildKit's
// ProcessWordWithMatches). Every name that is looked up counts, defaults included: `${X:-d}` with X
// unset still reports X, as BuildKit's UndefinedVar does.

import { type EnvLookup, type WordExpansion, expandWord as expandWithLexer } from '../dockerfile/word-expansion.ts';

// The four option sets the linter uses, made once instead of per word.
const OPTIONS = {
  backslash: { escapeToken: '\\', skipProcessQuotes: false },
  backtick: { escapeToken: '`', skipProcessQuotes: false },
  backslashRaw: { escapeToken: '\\', skipProcessQuotes: true },
  backtickRaw: { escapeToken: '`', skipProcessQuotes: true },
} as const;

function optionsFor(escapeToken: '\\' | '`', skipQuotes: boolean) {
  return escapeToken === '`' ? (skipQuotes ? OPTIONS.backtickRaw : OPTIONS.backtick) : skipQuotes ? OPTIONS.backslashRaw : OPTIONS.backslash;
}

/**
 * Expands `word` against `env`; never throws. The lexer's own result: the value, the names found
 * and not found (sets, in first-seen order) and the error. `skipQuotes` is the mode used for
 * COPY/ADD heredoc bodies (Lex.SkipProcessQuotes).
 */
export function expandWord(word: string, env: EnvLookup, escapeToken: '\\' | '`' = '\\', skipQuotes = false): WordExpansion {
  return expandWithLexer(word, env, optionsFor(escapeToken, skipQuotes));
}
