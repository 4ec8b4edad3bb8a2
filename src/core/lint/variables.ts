// The linter's view of variable expansion: the value of a word plus which names it found and
// which it did not, from the shared lexer (../dockerfile/word-expansion.ts, BuildKit's
// ProcessWordWithMatches). Every name that is looked up counts, defaults included: `${X:-d}` with X
// unset still reports X, as BuildKit's UndefinedVar does.

import { type EnvLookup, type WordExpansion, expandWord as expandWithLexer } from '../dockerfile/word-expansion.ts';

export interface ExpansionResult {
  readonly result: string;
  /** Names looked up and found, in first-seen order (the lexer's own set: not copied, most callers never read it). */
  readonly matched: ReadonlySet<string>;
  /** Names looked up and not found, in first-seen order. */
  readonly unmatched: readonly string[];
  /** BuildKit's error text when the word does not expand. */
  readonly error?: string;
}

const NONE: readonly string[] = [];

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
 * The lexer's own result for `word` (value, matched and unmatched name sets, error), for the
 * callers that read only the value and the unmatched names: no second result object per word.
 */
export function expandWordValue(word: string, env: EnvLookup, escapeToken: '\\' | '`' = '\\'): WordExpansion {
  return expandWithLexer(word, env, optionsFor(escapeToken, false));
}

/**
 * Expands `word` against `env`; never throws. `skipQuotes` is the mode used for COPY/ADD heredoc
 * bodies (Lex.SkipProcessQuotes).
 */
export function expandWord(
  word: string,
  env: EnvLookup,
  escapeToken: '\\' | '`' = '\\',
  skipQuotes = false,
): ExpansionResult {
  const r = expandWithLexer(word, env, optionsFor(escapeToken, skipQuotes));
  const matched = r.matched;
  // Most words reference nothing unset: share one empty list instead of allocating per word.
  const unmatched = r.unmatched.size === 0 ? NONE : [...r.unmatched];
  if (r.error !== undefined) return { result: r.value, matched, unmatched, error: r.error.engineMessage };
  return { result: r.value, matched, unmatched };
}
