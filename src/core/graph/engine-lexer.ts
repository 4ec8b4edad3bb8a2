// The shell lexer of Engine 20.10 (the BuildKit frontend/dockerfile/shell package vendored by moby
// 20.10.24, used by both builders for FROM words and meta ARG defaults). It is older than the lexer
// ../dockerfile/word-expansion.ts models (newest BuildKit), and the difference shows in FROM lines:
// - after `${NAME` only `}`, `?word}` and `:` + `-`, `+` or `?` are known; anything else (`${X-1}`,
//   `${X#a}`, `${X/a/b}`, `${X=1}`, a bare `${X`) is `missing ':' in substitution`;
// - `${X:=1}` says `unsupported modifier (=)`, where the newest lexer says `(:=)`.
// Engine 20.10.24 probed with `FROM local/busybox:1<word>` under both builders: `${X-1}`, `${X#a}`,
// `${X/a/b}`, `${X` → `missing ':' in substitution`; `${X:=1}` → `unsupported modifier (=) in
// substitution`; `${X?m}` → `X: m`; `${X:?}` → `X: is not allowed to be unset`; `${X:-1` and `${X:}`
// → `syntax error: missing '}'`; `${}` and `${:-1}` → `syntax error: bad substitution`; `"abc` →
// `unexpected end of statement while looking for matching double-quote`.
// Walks code points, as Go's text/scanner does (which also drops a byte-order mark at the start).

import { goQuote } from '../dockerfile/go-text.ts';
import { isGoDigit, isNameChar, isPlain, isSpecialParam } from '../dockerfile/word-expansion.ts';

/** A word expanded by Engine 20.10's lexer: the value, or the engine's error text (`failed to process "…": …`). */
export type EngineWordExpansion =
  | { readonly value: string; readonly error?: undefined }
  | { readonly value: ''; readonly error: string };

const EOF = -1;
class LexError {
  constructor(readonly message: string) {}
}

class EngineLexer {
  private pos: number;

  constructor(
    private readonly src: string,
    private readonly env: ReadonlyMap<string, string>,
    private readonly escape: number,
  ) {
    this.pos = src.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  private peek(): number {
    return this.pos < this.src.length ? (this.src.codePointAt(this.pos) ?? EOF) : EOF;
  }

  private next(): number {
    const c = this.peek();
    if (c !== EOF) this.pos += c > 0xffff ? 2 : 1;
    return c;
  }

  /** The word up to `stop` (consumed) or the end; a missing `stop` is an error. */
  readUntil(stop: number): string {
    let out = '';
    for (let c = this.peek(); c !== EOF; c = this.peek()) {
      if (stop !== EOF && c === stop) {
        this.next();
        return out;
      }
      if (c === 0x24 /* $ */) out += this.dollar();
      else if (c === 0x27 /* ' */) out += this.singleQuoted();
      else if (c === 0x22 /* " */) out += this.doubleQuoted();
      else if (c === this.escape) {
        // An escape token escapes the next character; a trailing one is dropped.
        this.next();
        const ch = this.next();
        if (ch === EOF) break;
        out += String.fromCodePoint(ch);
      } else {
        // A run of ordinary characters (none of them special, so no surrogate is split).
        const start = this.pos;
        let end = start + 1;
        for (; end < this.src.length; end++) {
          const u = this.src.charCodeAt(end);
          if (u === 0x24 || u === 0x27 || u === 0x22 || u === this.escape || u === stop) break;
        }
        out += this.src.slice(start, end);
        this.pos = end;
      }
    }
    if (stop !== EOF) throw new LexError(`unexpected end of statement while looking for matching ${String.fromCodePoint(stop)}`);
    return out;
  }

  private singleQuoted(): string {
    this.next();
    let out = '';
    for (;;) {
      const c = this.next();
      if (c === EOF) throw new LexError('unexpected end of statement while looking for matching single-quote');
      if (c === 0x27) return out;
      out += String.fromCodePoint(c);
    }
  }

  private doubleQuoted(): string {
    this.next();
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === EOF) throw new LexError('unexpected end of statement while looking for matching double-quote');
      if (c === 0x22) {
        this.next();
        return out;
      }
      if (c === 0x24) {
        out += this.dollar();
        continue;
      }
      let ch = this.next();
      if (ch === this.escape) {
        const after = this.peek();
        if (after === EOF) continue;
        // Only `"`, `$` and the escape token itself can be escaped; other escapes stay as written.
        if (after === 0x22 || after === 0x24 || after === this.escape) ch = this.next();
      }
      out += String.fromCodePoint(ch);
    }
  }

  private braceWord(): string {
    try {
      return this.readUntil(0x7d /* } */);
    } catch (e) {
      if (e instanceof LexError && this.peek() === EOF) throw new LexError("syntax error: missing '}'");
      throw e;
    }
  }

  private dollar(): string {
    this.next();
    if (this.peek() !== 0x7b /* { */) {
      const name = this.name();
      return name === '' ? '$' : (this.env.get(name) ?? '');
    }
    this.next();
    const first = this.peek();
    if (first === EOF) throw new LexError("syntax error: missing '}'");
    if (first === 0x7b || first === 0x7d || first === 0x3a) throw new LexError('syntax error: bad substitution');
    const name = this.name();
    const op = this.next();
    if (op === 0x7d) return this.env.get(name) ?? '';
    if (op === 0x3f /* ? */) {
      const word = this.braceWord();
      const value = this.env.get(name);
      if (value === undefined) throw new LexError(`${name}: ${word === '' ? 'is not allowed to be unset' : word}`);
      return value;
    }
    if (op === 0x3a /* : */) {
      const modifier = this.next();
      const word = this.braceWord();
      const value = this.env.get(name);
      if (modifier === 0x2b /* + */) return value !== undefined && value !== '' ? word : (value ?? '');
      if (modifier === 0x2d /* - */) return value === undefined || value === '' ? word : value;
      if (modifier === 0x3f /* ? */) {
        if (value === undefined) throw new LexError(`${name}: ${word === '' ? 'is not allowed to be unset' : word}`);
        if (value === '') throw new LexError(`${name}: ${word === '' ? 'is not allowed to be empty' : word}`);
        return value;
      }
      throw new LexError(`unsupported modifier (${String.fromCodePoint(modifier)}) in substitution`);
    }
    throw new LexError("missing ':' in substitution");
  }

  private name(): string {
    const first = this.peek();
    if (first === EOF) return '';
    const start = this.pos;
    if (isGoDigit(first)) {
      while (isGoDigit(this.peek())) this.next();
      return this.src.slice(start, this.pos);
    }
    if (isSpecialParam(first)) {
      this.next();
      return this.src.slice(start, this.pos);
    }
    for (let c = first; isNameChar(c); c = this.peek()) this.next();
    return this.src.slice(start, this.pos);
  }
}

const BACKSLASH = { escapeToken: '\\' } as const;
const BACKTICK = { escapeToken: '`' } as const;

/**
 * Expands one word (a FROM image, a meta ARG default) as Engine 20.10's lexer does
 * (`ProcessWordWithMap` / `ProcessWord`): unset names expand to nothing, errors come back as the
 * engine's text instead of being thrown.
 */
export function expandEngineWord(word: string, env: ReadonlyMap<string, string>, escapeToken: '\\' | '`'): EngineWordExpansion {
  // Most words have nothing to expand: no `$`, quote, escape token or byte-order mark (which the
  // scanner drops), the same test as the newest lexer's.
  if (isPlain(word, escapeToken === '`' ? BACKTICK : BACKSLASH)) return { value: word };
  const lexer = new EngineLexer(word, env, escapeToken.charCodeAt(0));
  try {
    return { value: lexer.readUntil(EOF) };
  } catch (e) {
    if (e instanceof LexError) return { value: '', error: `failed to process ${goQuote(word)}: ${e.message}` };
    throw e;
  }
}
