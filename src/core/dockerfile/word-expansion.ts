// Variable expansion and word splitting for Dockerfile arguments, as BuildKit's shell lexer does it
// (moby/buildkit frontend/dockerfile/shell/lex.go, `Lex.ProcessWord` / `ProcessWords`). The legacy
// builder uses the same package, so both builders expand words identically.
//
// This is not a shell: no command substitution, no globbing, no arithmetic. It knows `$NAME`,
// `${NAME}`, the `${NAME<modifier>word}` forms below, quotes and the escape token, and it mimics
// BuildKit quirk for quirk (error texts included) because learners compare our messages with the
// real engine's. Behaviour is pinned by BuildKit's own fixtures (`envVarTest`, `wordsTest`) in
// ../conformance/buildkit-shell; see tests/core/dockerfile/word-expansion.test.ts.
//
// Strings are walked in UTF-16 units where that cannot change the outcome (ordinary characters,
// quotes, whitespace: nothing special is a surrogate) and in code points where Go's rune-based
// scanner makes a difference (names, modifier characters, patterns, error texts).

import type { InstructionKind } from './ast.ts';
import { goQuote } from './go-text.ts';

/** Where variable values come from: a map (ARG/ENV scope) or a lookup returning `undefined` when unset. */
export type EnvLookup = ReadonlyMap<string, string> | ((name: string) => string | undefined);

/** The Dockerfile escape token (`# escape=` directive). */
export type EscapeToken = '\\' | '`';

export interface ExpansionOptions {
  /** The escape token; `\` unless the Dockerfile says `# escape=\``. */
  readonly escapeToken?: EscapeToken;
  /**
   * Leave references to unset variables as written (`$X`, `${X}`, `${X:-w}` with `w` expanded)
   * instead of expanding them to the empty string (BuildKit `Lex.SkipUnsetEnv`).
   */
  readonly skipUnsetEnv?: boolean;
  /** Keep quote characters in the result (BuildKit `Lex.RawQuotes`). */
  readonly rawQuotes?: boolean;
  /** Keep escape tokens in the result (BuildKit `Lex.RawEscapes`). */
  readonly rawEscapes?: boolean;
  /** Treat `'` and `"` as ordinary characters (BuildKit `Lex.SkipProcessQuotes`, used for heredoc bodies). */
  readonly skipProcessQuotes?: boolean;
  /**
   * Match variable names case-insensitively, as BuildKit does on Windows (`NormalizeEnvKey`).
   * Applies to map environments; a lookup function receives names as written.
   */
  readonly caseInsensitiveKeys?: boolean;
}

export type ExpansionErrorCode =
  /** `${` with no closing `}`: `syntax error: missing '}'`. */
  | 'MISSING_BRACE'
  /** `${}`, `${:…}`, `${{…}`: `syntax error: bad substitution`. */
  | 'BAD_SUBSTITUTION'
  /** `${V/pattern` with no second `/`: `syntax error: missing '/' in ${}`. */
  | 'MISSING_SLASH'
  /** `${V=x}`, `${V:=x}`, `${V:#x}`, `${V` …: `unsupported modifier (…) in substitution`. */
  | 'UNSUPPORTED_MODIFIER'
  /** `${V?msg}` / `${V:?msg}` on an unset (or empty) variable: `V: msg`. */
  | 'REQUIRED_VARIABLE'
  /** A pattern with an escape other than `\*`, `\?`, `\\`: `invalid pattern (…) in substitution: …`. */
  | 'INVALID_PATTERN'
  | 'UNTERMINATED_SINGLE_QUOTE'
  | 'UNTERMINATED_DOUBLE_QUOTE'
  /** Stagecraft's own limit: `${…}` nested deeper than BuildKit users ever write. */
  | 'NESTING_TOO_DEEP';

export interface ExpansionError {
  readonly code: ExpansionErrorCode;
  /** BuildKit's text for the problem, e.g. `syntax error: missing '}'`. */
  readonly message: string;
  /** The text BuildKit's lexer returns: `failed to process "<word>": <message>`. */
  readonly engineMessage: string;
  /** Half-open UTF-16 offsets into the word: the construct that failed, up to where it failed. */
  readonly range: readonly [start: number, end: number];
}

/** The result of expanding one word (BuildKit `ProcessWordResult`). */
export interface WordExpansion {
  /** The expanded word, quotes removed; empty when `error` is set. */
  readonly value: string;
  /** Names that were looked up and set, as written. */
  readonly matched: ReadonlySet<string>;
  /** Names that were looked up and unset, as written (BuildKit's `UndefinedVar` lint reads these). */
  readonly unmatched: ReadonlySet<string>;
  readonly error?: ExpansionError;
}

/** The result of expanding and splitting one word (BuildKit `ProcessWords`). */
export interface WordsExpansion {
  /** The words after substitution and splitting on unquoted whitespace; empty when `error` is set. */
  readonly words: readonly string[];
  readonly matched: ReadonlySet<string>;
  readonly unmatched: ReadonlySet<string>;
  readonly error?: ExpansionError;
}

/**
 * Expands `$VAR`, `${VAR…}`, quotes and escapes in one word without splitting it
 * (BuildKit `Lex.ProcessWord`). Never throws: problems come back in `error`.
 */
export function expandWord(word: string, env: EnvLookup, options: ExpansionOptions = {}): WordExpansion {
  if (isPlain(word, options)) return { value: word, matched: NO_NAMES, unmatched: NO_NAMES };
  const lexer = new WordLexer(word, env, options, false);
  const outcome = lexer.run();
  if (outcome instanceof Failure) {
    return { value: '', matched: lexer.matched, unmatched: lexer.unmatched, error: toExpansionError(outcome, word) };
  }
  return { value: outcome.value, matched: lexer.matched, unmatched: lexer.unmatched };
}

// Most words have nothing to expand; they come back as they are.
/** Whether `expandWords(word, …, options)` only splits `word` on whitespace (nothing to expand, quote or escape). */
export function isPlain(word: string, options: ExpansionOptions): boolean {
  const escape = (options.escapeToken ?? '\\').charCodeAt(0);
  const quotes = options.skipProcessQuotes !== true;
  for (let i = 0; i < word.length; i++) {
    const unit = word.charCodeAt(i);
    if (unit === DOLLAR || unit === escape || (quotes && (unit === SQUOTE || unit === DQUOTE)) || unit === 0xfeff) return false;
  }
  return true;
}

/**
 * Expands one word and splits the result on whitespace that was not quoted or escaped
 * (BuildKit `Lex.ProcessWords`, used for EXPOSE and heredoc detection). Never throws.
 */
export function expandWords(word: string, env: EnvLookup, options: ExpansionOptions = {}): WordsExpansion {
  if (isPlain(word, options)) {
    const collector = new WordCollector();
    collector.addExpanded(word);
    return { words: collector.finish(), matched: NO_NAMES, unmatched: NO_NAMES };
  }
  const lexer = new WordLexer(word, env, options, true);
  const outcome = lexer.run();
  if (outcome instanceof Failure) {
    return { words: [], matched: lexer.matched, unmatched: lexer.unmatched, error: toExpansionError(outcome, word) };
  }
  return { words: outcome.words, matched: lexer.matched, unmatched: lexer.unmatched };
}

/**
 * Expands a COPY/ADD heredoc body whose delimiter was not quoted: variables only, quotes kept as
 * text, `\` as the escape whatever the escape directive says (BuildKit dispatch: `ExpandRaw` with
 * `NewLex('\\')` and `SkipProcessQuotes = true`, dockerfile2llb/convert.go).
 */
export function expandRaw(body: string, env: EnvLookup, options: Pick<ExpansionOptions, 'caseInsensitiveKeys'> = {}): WordExpansion {
  return expandWord(body, env, { ...options, escapeToken: '\\', skipProcessQuotes: true });
}

/**
 * Builds an environment lookup from `KEY=value` strings; a later key wins and a string without
 * `=` sets the key to the empty string (BuildKit `shell.EnvsFromSlice`).
 */
export function envFromList(entries: Iterable<string>): Map<string, string> {
  const env = new Map<string, string>();
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq < 0) env.set(entry, '');
    else env.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return env;
}

// ---------------------------------------------------------------------------------------------
// Which instructions the builder expands (reference §C.2: the `SupportsSingleWordExpansion`
// implementations in buildkit frontend/dockerfile/instructions/commands.go, applied by BuildKit's
// dispatch() in dockerfile2llb/convert.go and by the legacy builder's evaluator.go dispatch()).

export interface VariableExpansionRule {
  /** The parts of the instruction the builder expands before running it; empty when none. */
  readonly parts: readonly string[];
  /** True when the expanded text is also split into several words (ProcessWords). */
  readonly splitsWords: boolean;
  /** `meta-args`: only ARGs declared before the first FROM are visible; `stage`: the stage's ARG and ENV. */
  readonly scope: 'stage' | 'meta-args' | 'none';
  /** What a learner should know, with the reason. */
  readonly note?: string;
}

/** Which parts of each instruction the builder expands, and against which scope (reference §C.2). */
export const VARIABLE_EXPANSION_RULES: Readonly<Record<InstructionKind, VariableExpansionRule>> = {
  from: {
    parts: ['image', '--platform'],
    splitsWords: false,
    scope: 'meta-args',
    note: 'Only global ARGs (declared before the first FROM) are visible here.',
  },
  arg: { parts: ['name', 'default value'], splitsWords: false, scope: 'stage' },
  env: { parts: ['keys', 'values'], splitsWords: false, scope: 'stage' },
  label: { parts: ['keys', 'values'], splitsWords: false, scope: 'stage' },
  copy: {
    parts: ['sources', 'destination', '--chown', '--chmod', 'heredoc bodies with an unquoted delimiter'],
    splitsWords: false,
    scope: 'stage',
    note: '`--from` is not expanded (BuildKit rejects a variable there; the legacy builder takes it literally).',
  },
  add: {
    parts: ['sources', 'destination', '--chown', '--chmod', '--checksum', 'heredoc bodies with an unquoted delimiter'],
    splitsWords: false,
    scope: 'stage',
  },
  workdir: { parts: ['path'], splitsWords: false, scope: 'stage' },
  user: { parts: ['user'], splitsWords: false, scope: 'stage' },
  volume: { parts: ['paths'], splitsWords: false, scope: 'stage' },
  stopsignal: { parts: ['signal'], splitsWords: false, scope: 'stage' },
  expose: {
    parts: ['ports'],
    splitsWords: true,
    scope: 'stage',
    note: '`EXPOSE $PORTS` with `PORTS="80 443"` exposes two ports.',
  },
  run: {
    parts: ['--mount option values'],
    splitsWords: false,
    scope: 'stage',
    note: 'The command itself is expanded by the shell at run time, with ARG and ENV in its environment; exec form gets no expansion.',
  },
  cmd: { parts: [], splitsWords: false, scope: 'none', note: 'Expanded by the shell when the container starts, if shell form.' },
  entrypoint: { parts: [], splitsWords: false, scope: 'none', note: 'Expanded by the shell when the container starts, if shell form.' },
  shell: { parts: [], splitsWords: false, scope: 'none' },
  healthcheck: { parts: [], splitsWords: false, scope: 'none' },
  maintainer: { parts: [], splitsWords: false, scope: 'none' },
  onbuild: {
    parts: [],
    splitsWords: false,
    scope: 'none',
    note: 'The trigger is expanded later, when a build uses this image as its base.',
  },
  unknown: { parts: [], splitsWords: false, scope: 'none' },
};

/** Tells whether the builder expands variables in any part of an instruction of this kind (reference §C.2). */
export function instructionExpandsVariables(kind: InstructionKind): boolean {
  return VARIABLE_EXPANSION_RULES[kind].parts.length > 0;
}

// ---------------------------------------------------------------------------------------------
// The lexer. Its structure follows lex.go's recursive descent (processStopOn → processDollar →
// processStopOn …) because the error a word produces depends on exactly where each level stops.

const EOF = -1;
const DOLLAR = 0x24; // $
const SQUOTE = 0x27; // '
const DQUOTE = 0x22; // "
const LBRACE = 0x7b; // {
const RBRACE = 0x7d; // }
const COLON = 0x3a; // :
const SLASH = 0x2f; // /
const UNDERSCORE = 0x5f;

// Deep enough for anything a person writes; shallow enough that the JS stack never overflows.
const MAX_NESTING = 200;

class Failure {
  constructor(
    readonly code: ExpansionErrorCode,
    readonly message: string,
    readonly start: number,
    readonly end: number,
  ) {}
}

interface Processed {
  readonly value: string;
  readonly words: string[];
}

// BuildKit's `wordsStruct`: collects words, splitting on whitespace that came from the text or
// from a `$` expansion, but not on whitespace that came from quotes or escapes.
class WordCollector {
  words: string[] = [];
  buf = '';
  inWord = false;

  // Quirk kept from lex.go: after an empty quoted string (`""`) inWord stays true, so later
  // whitespace does not reset it; only a non-empty buffer makes a word.
  addSpace(): void {
    if (this.inWord && this.buf.length !== 0) {
      this.words.push(this.buf);
      this.buf = '';
      this.inWord = false;
    }
  }

  /** Adds text that never splits (quoted, escaped, or known to hold no whitespace). */
  addRaw(text: string): void {
    this.buf += text;
    this.inWord = true;
  }

  /** Adds the value of a `$` expansion, which splits on whitespace. */
  addExpanded(text: string): void {
    let runStart = 0;
    for (let i = 0; i < text.length; i++) {
      if (!isGoSpace(text.charCodeAt(i))) continue;
      if (i > runStart) this.addRaw(text.slice(runStart, i));
      this.addSpace();
      runStart = i + 1;
    }
    if (runStart < text.length) this.addRaw(runStart === 0 ? text : text.slice(runStart));
  }

  finish(): string[] {
    if (this.buf.length > 0) {
      this.words.push(this.buf);
      this.buf = '';
      this.inWord = false;
    }
    return this.words;
  }
}

const NO_NAMES: ReadonlySet<string> = new Set<string>();

class WordLexer {
  private matchedNames: Set<string> | undefined;
  private unmatchedNames: Set<string> | undefined;
  private pos: number;
  private rawEscapes: boolean;
  private depth = 0;
  private readonly escape: number;
  private readonly lookup: (name: string) => string | undefined;

  constructor(
    private readonly src: string,
    env: EnvLookup,
    private readonly options: ExpansionOptions,
    private readonly wantWords: boolean,
  ) {
    // Go's text/scanner drops a byte-order mark at the very start of its input.
    this.pos = src.charCodeAt(0) === 0xfeff ? 1 : 0;
    this.rawEscapes = options.rawEscapes === true;
    this.escape = (options.escapeToken ?? '\\').charCodeAt(0);
    this.lookup = makeLookup(env, options.caseInsensitiveKeys === true);
  }

  get matched(): ReadonlySet<string> {
    return this.matchedNames ?? NO_NAMES;
  }

  get unmatched(): ReadonlySet<string> {
    return this.unmatchedNames ?? NO_NAMES;
  }

  run(): Processed | Failure {
    return this.processStopOn(EOF, this.rawEscapes, this.wantWords);
  }

  private peekUnit(): number {
    return this.pos < this.src.length ? this.src.charCodeAt(this.pos) : EOF;
  }

  private nextCodePoint(): number {
    if (this.pos >= this.src.length) return EOF;
    const cp = this.src.codePointAt(this.pos) ?? EOF;
    this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }

  private getEnv(name: string): string | undefined {
    const value = this.lookup(name);
    if (value === undefined) (this.unmatchedNames ??= new Set()).add(name);
    else (this.matchedNames ??= new Set()).add(name);
    return value;
  }

  // lex.go processStopOn: reads until `stop` (or the end), handling `$`, quotes and escapes.
  // The top level collects either the value (ProcessWord) or the words (ProcessWords); nested
  // levels (`${V:-word}`) only need their value.
  private processStopOn(stop: number, rawEscapes: boolean, collectWords: boolean): Processed | Failure {
    const saved = this.rawEscapes;
    this.rawEscapes = rawEscapes;
    const outcome = collectWords ? this.scanWords(stop) : this.scanValue(stop);
    this.rawEscapes = saved;
    return outcome;
  }

  private scanValue(stop: number): Processed | Failure {
    const src = this.src;
    const len = src.length;
    const quotes = this.options.skipProcessQuotes !== true;
    const escape = this.escape;
    let result = '';

    while (this.pos < len) {
      const unit = src.charCodeAt(this.pos);
      if (unit === stop) {
        this.pos++;
        return { value: result, words: [] };
      }
      if (unit === DOLLAR || (quotes && (unit === SQUOTE || unit === DQUOTE))) {
        const part =
          unit === DOLLAR ? this.processDollar() : unit === SQUOTE ? this.processSingleQuote() : this.processDoubleQuote();
        if (part instanceof Failure) return part;
        result += part;
        continue;
      }
      if (unit === escape) {
        this.pos++;
        if (this.rawEscapes) result += src[this.pos - 1];
        // A trailing escape is dropped.
        if (this.pos >= len) break;
        result += src[this.pos];
        this.pos++;
        continue;
      }
      // Copy the run of ordinary characters in one slice.
      const runStart = this.pos;
      let end = runStart + 1;
      while (end < len) {
        const u = src.charCodeAt(end);
        if (u === stop || u === DOLLAR || u === escape || (quotes && (u === SQUOTE || u === DQUOTE))) break;
        end++;
      }
      result += src.slice(runStart, end);
      this.pos = end;
    }
    if (stop !== EOF) return this.endedBeforeStop(stop);
    return { value: result, words: [] };
  }

  private scanWords(stop: number): Processed | Failure {
    const src = this.src;
    const len = src.length;
    const quotes = this.options.skipProcessQuotes !== true;
    const escape = this.escape;
    const words = new WordCollector();

    while (this.pos < len) {
      const unit = src.charCodeAt(this.pos);
      if (unit === stop) {
        this.pos++;
        return { value: '', words: words.finish() };
      }
      if (unit === DOLLAR || (quotes && (unit === SQUOTE || unit === DQUOTE))) {
        const part =
          unit === DOLLAR ? this.processDollar() : unit === SQUOTE ? this.processSingleQuote() : this.processDoubleQuote();
        if (part instanceof Failure) return part;
        if (unit === DOLLAR) words.addExpanded(part);
        else words.addRaw(part);
        continue;
      }
      if (unit === escape) {
        this.pos++;
        if (this.rawEscapes) words.addRaw(src[this.pos - 1] ?? '');
        if (this.pos >= len) break;
        words.addRaw(src[this.pos] ?? '');
        this.pos++;
        continue;
      }
      if (isGoSpace(unit)) {
        this.pos++;
        words.addSpace();
        continue;
      }
      const runStart = this.pos;
      let end = runStart + 1;
      while (end < len) {
        const u = src.charCodeAt(end);
        if (u === stop || u === DOLLAR || u === escape || (quotes && (u === SQUOTE || u === DQUOTE)) || isGoSpace(u)) break;
        end++;
      }
      words.addRaw(src.slice(runStart, end));
      this.pos = end;
    }
    if (stop !== EOF) return this.endedBeforeStop(stop);
    return { value: '', words: words.finish() };
  }

  // Every caller replaces this text with its own when the input ran out; kept for fidelity.
  private endedBeforeStop(stop: number): Failure {
    return new Failure(
      'MISSING_BRACE',
      `unexpected end of statement while looking for matching ${String.fromCodePoint(stop)}`,
      this.pos,
      this.pos,
    );
  }

  // Single quotes keep everything literally, and a single quote cannot be escaped inside them.
  private processSingleQuote(): string | Failure {
    const start = this.pos;
    const close = this.src.indexOf("'", start + 1);
    if (close < 0) {
      this.pos = this.src.length;
      return new Failure(
        'UNTERMINATED_SINGLE_QUOTE',
        'unexpected end of statement while looking for matching single-quote',
        start,
        this.src.length,
      );
    }
    this.pos = close + 1;
    return this.options.rawQuotes === true ? this.src.slice(start, close + 1) : this.src.slice(start + 1, close);
  }

  // Double quotes expand `$`; the escape token escapes only `"`, `$` and itself and stays literal
  // before anything else (as in sh).
  private processDoubleQuote(): string | Failure {
    const src = this.src;
    const start = this.pos;
    const rawQuotes = this.options.rawQuotes === true;
    this.pos++;
    let result = rawQuotes ? '"' : '';
    for (;;) {
      const unit = this.peekUnit();
      if (unit === EOF) {
        return new Failure(
          'UNTERMINATED_DOUBLE_QUOTE',
          'unexpected end of statement while looking for matching double-quote',
          start,
          src.length,
        );
      }
      if (unit === DQUOTE) {
        this.pos++;
        if (rawQuotes) result += '"';
        return result;
      }
      if (unit === DOLLAR) {
        const part = this.processDollar();
        if (part instanceof Failure) return part;
        result += part;
        continue;
      }
      this.pos++;
      let ch = src[this.pos - 1] ?? '';
      if (unit === this.escape) {
        if (this.rawEscapes) result += ch;
        const after = this.peekUnit();
        if (after === EOF) continue;
        if (after === DQUOTE || after === DOLLAR || after === this.escape) {
          this.pos++;
          ch = src[this.pos - 1] ?? '';
        }
      }
      result += ch;
    }
  }

  private processDollar(): string | Failure {
    const start = this.pos;
    this.pos++; // the '$'

    if (this.peekUnit() !== LBRACE) {
      const name = this.processName();
      if (name === '') return '$';
      const value = this.getEnv(name);
      if (value === undefined) return this.options.skipUnsetEnv === true ? `$${name}` : '';
      return value;
    }

    this.pos++; // the '{'
    const first = this.peekUnit();
    if (first === EOF) return new Failure('MISSING_BRACE', "syntax error: missing '}'", start, this.pos);
    if (first === LBRACE || first === RBRACE || first === COLON) {
      return new Failure('BAD_SUBSTITUTION', 'syntax error: bad substitution', start, this.pos + 1);
    }
    if (this.depth >= MAX_NESTING) {
      return new Failure('NESTING_TOO_DEEP', `substitutions nested more than ${MAX_NESTING} deep`, start, this.pos);
    }
    this.depth++;
    const outcome = this.processBraced(start);
    this.depth--;
    return outcome;
  }

  // `${name…}` after the `${`.
  private processBraced(start: number): string | Failure {
    const skipUnset = this.options.skipUnsetEnv === true;
    const name = this.processName();
    let modifier = this.nextCodePoint();
    let modifierText = goRuneString(modifier);

    if (modifier === RBRACE) {
      const value = this.getEnv(name);
      if (value === undefined) return skipUnset ? `\${${name}}` : '';
      return value;
    }
    if (modifier === SLASH) return this.processReplace(start, name, skipUnset);

    let nullIsUnset = false;
    if (modifier === COLON) {
      nullIsUnset = true;
      modifier = this.nextCodePoint();
      modifierText += goRuneString(modifier);
    } else if (!isModifier(modifier)) {
      return new Failure('UNSUPPORTED_MODIFIER', `unsupported modifier (${modifierText}) in substitution`, start, this.pos);
    }

    // Patterns keep their escapes so that `\*` and `\}` reach the pattern compiler (lex.go).
    const isTrim = modifier === 0x23 /* # */ || modifier === 0x25; /* % */
    if (nullIsUnset && isTrim) {
      return new Failure('UNSUPPORTED_MODIFIER', `unsupported modifier (${modifierText}) in substitution`, start, this.pos);
    }
    const word = this.processStopOn(RBRACE, isTrim, false);
    if (word instanceof Failure) {
      if (this.peekUnit() === EOF) return new Failure('MISSING_BRACE', "syntax error: missing '}'", start, this.pos);
      return word;
    }

    const value = this.getEnv(name);
    if (skipUnset && value === undefined) return `\${${name}${modifierText}${word.value}}`;
    const empty = value === undefined || (nullIsUnset && value === '');

    switch (modifier) {
      case 0x2d: // -
        return empty ? word.value : (value ?? '');
      case 0x2b: // +
        return empty ? '' : word.value;
      case 0x3f: // ?
        if (value === undefined) {
          return new Failure('REQUIRED_VARIABLE', `${name}: ${word.value || 'is not allowed to be unset'}`, start, this.pos);
        }
        if (nullIsUnset && value === '') {
          return new Failure('REQUIRED_VARIABLE', `${name}: ${word.value || 'is not allowed to be empty'}`, start, this.pos);
        }
        return value;
      case 0x23: // #
      case 0x25: {
        // %
        // A doubled modifier (`##`, `%%`) asks for the longest match.
        let pattern = word.value;
        const greedy = pattern.charCodeAt(0) === modifier;
        if (greedy) pattern = pattern.slice(1);
        const trimmed = modifier === 0x25 ? trimSuffix(pattern, value ?? '', greedy) : trimPrefix(pattern, value ?? '', greedy);
        if (trimmed instanceof PatternError) {
          return new Failure('INVALID_PATTERN', `invalid pattern (${pattern}) in substitution: ${trimmed.message}`, start, this.pos);
        }
        return trimmed;
      }
      default:
        return new Failure('UNSUPPORTED_MODIFIER', `unsupported modifier (${modifierText}) in substitution`, start, this.pos);
    }
  }

  // `${name/pattern/replacement}` and `${name//pattern/replacement}`.
  private processReplace(start: number, name: string, skipUnset: boolean): string | Failure {
    const replaceAll = this.peekUnit() === SLASH;
    if (replaceAll) this.pos++;

    const pattern = this.processStopOn(SLASH, true, false);
    if (pattern instanceof Failure) {
      if (this.peekUnit() === EOF) return new Failure('MISSING_SLASH', "syntax error: missing '/' in ${}", start, this.pos);
      return pattern;
    }
    const replacement = this.processStopOn(RBRACE, true, false);
    if (replacement instanceof Failure) {
      if (this.peekUnit() === EOF) return new Failure('MISSING_BRACE', "syntax error: missing '}'", start, this.pos);
      return replacement;
    }

    const value = this.getEnv(name);
    if (skipUnset && value === undefined) return `\${${name}/${pattern.value}/${replacement.value}}`;

    const regex = shellPatternToRegExp(pattern.value, true, false);
    if (regex instanceof PatternError) {
      return new Failure(
        'INVALID_PATTERN',
        `invalid pattern (${pattern.value}) in substitution: ${regex.message}`,
        start,
        this.pos,
      );
    }
    const subject = value ?? '';
    if (replaceAll) return goReplaceAll(regex, subject, replacement.value);
    const match = regex.exec(subject);
    if (match === null) return subject;
    return subject.slice(0, match.index) + replacement.value + subject.slice(match.index + match[0].length);
  }

  // A name is letters, digits and `_`; a leading digit reads only digits (`$1x` is `$1` then `x`)
  // and a special parameter (`$@ $* $# $? $- $$ $! $0`) is one character (lex.go processName).
  private processName(): string {
    const src = this.src;
    const start = this.pos;
    const first = src.codePointAt(start);
    if (first === undefined) return '';
    if (isGoDigit(first)) {
      while (this.pos < src.length) {
        const cp = src.codePointAt(this.pos) ?? EOF;
        if (!isGoDigit(cp)) break;
        this.pos += cp > 0xffff ? 2 : 1;
      }
      return src.slice(start, this.pos);
    }
    if (isSpecialParam(first)) {
      this.pos++;
      return src[start] ?? '';
    }
    while (this.pos < src.length) {
      const cp = src.codePointAt(this.pos) ?? EOF;
      if (!isNameChar(cp)) break;
      this.pos += cp > 0xffff ? 2 : 1;
    }
    return src.slice(start, this.pos);
  }
}

function makeLookup(env: EnvLookup, caseInsensitive: boolean): (name: string) => string | undefined {
  // A lookup function gets names as written; it owns its own case rules.
  if (typeof env === 'function') return env;
  if (!caseInsensitive) return (name) => env.get(name);
  let normalized: Map<string, string> | undefined;
  return (name) => {
    if (normalized === undefined) {
      normalized = new Map();
      for (const [key, value] of env) normalized.set(key.toUpperCase(), value);
    }
    return normalized.get(name.toUpperCase());
  };
}

function isModifier(cp: number): boolean {
  return cp === 0x2b || cp === 0x2d || cp === 0x3f || cp === 0x23 || cp === 0x25; // + - ? # %
}

/** POSIX special parameters, read as one-character names (`$@`, `${#}`…). */
export function isSpecialParam(cp: number): boolean {
  // @ * # ? - $ ! 0 (POSIX 2.5.2 special parameters)
  return cp === 0x40 || cp === 0x2a || cp === 0x23 || cp === 0x3f || cp === 0x2d || cp === 0x24 || cp === 0x21 || cp === 0x30;
}

const DIGIT = /^\p{Nd}$/u;
const LETTER = /^\p{L}$/u;

// Go unicode.IsDigit: decimal digits of any script.
export function isGoDigit(cp: number): boolean {
  if (cp < 0x80) return cp >= 0x30 && cp <= 0x39;
  return DIGIT.test(String.fromCodePoint(cp));
}

/** A character of a variable name: `_`, or a Go letter or digit (unicode.IsLetter / IsDigit). */
export function isNameChar(cp: number): boolean {
  if (cp < 0x80) {
    return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || cp === UNDERSCORE;
  }
  const ch = String.fromCodePoint(cp);
  return LETTER.test(ch) || DIGIT.test(ch);
}

// Go unicode.IsSpace (Latin-1 rules plus the Unicode White_Space property); differs from JS `\s`
// on U+0085 (space in Go) and U+FEFF (not a space in Go).
function isGoSpace(unit: number): boolean {
  if (unit <= 0xff) {
    return unit === 0x20 || (unit >= 0x09 && unit <= 0x0d) || unit === 0x85 || unit === 0xa0;
  }
  return (
    unit === 0x1680 ||
    (unit >= 0x2000 && unit <= 0x200a) ||
    unit === 0x2028 ||
    unit === 0x2029 ||
    unit === 0x202f ||
    unit === 0x205f ||
    unit === 0x3000
  );
}

// Go's string(rune): EOF (-1) and other invalid runes print as U+FFFD.
function goRuneString(cp: number): string {
  return cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? '\ufffd' : String.fromCodePoint(cp);
}

// ---------------------------------------------------------------------------------------------
// Patterns for `#`, `%` and `/`: `*` and `?` wildcards, `\*` `\?` `\\` escapes, no `[...]`
// classes (lex.go convertShellPatternToRegex). Go's regexp and JS's RegExp both pick the
// leftmost match and prefer by priority (greedy/lazy) rather than by length, so compiling to a
// JS RegExp gives the same matches; only Go's `.` (anything but `\n`) needs spelling out.

class PatternError {
  constructor(readonly message: string) {}
}

function shellPatternToRegExp(pattern: string, greedy: boolean, anchored: boolean): RegExp | PatternError {
  const cps = Array.from(pattern);
  let i = cps[0] === '\ufeff' ? 1 : 0; // Go's text/scanner again
  const star = greedy ? '[^\\n]*' : '[^\\n]*?';
  let out = anchored ? '^' : '';
  for (; i < cps.length; i++) {
    const tok = cps[i] ?? '';
    switch (tok) {
      case '*':
        out += star;
        break;
      case '?':
        out += '[^\\n]';
        break;
      case '\\': {
        // `\}` and `\/` only protect the character from ending the `${…}`.
        const peek = cps[i + 1];
        if (peek === '}' || peek === '/') break;
        i++;
        if (peek !== '*' && peek !== '?' && peek !== '\\') return new PatternError(`invalid escape '\\${peek ?? '\ufffd'}'`);
        out += '\\' + peek;
        break;
      }
      case '[':
      case ']':
      case '{':
      case '}':
      case '.':
      case '+':
      case '(':
      case ')':
      case '|':
      case '^':
      case '$':
        out += '\\' + tok;
        break;
      default:
        out += tok;
    }
  }
  try {
    return new RegExp(out, anchored ? 'u' : 'gu');
  } catch (error) {
    // Unreachable by construction (every metacharacter is escaped); kept so input can never throw.
    return new PatternError(error instanceof Error ? error.message : 'invalid pattern');
  }
}

function trimPrefix(pattern: string, value: string, greedy: boolean): string | PatternError {
  const regex = shellPatternToRegExp(pattern, greedy, true);
  if (regex instanceof PatternError) return regex;
  const match = regex.exec(value);
  return match === null ? value : value.slice(match[0].length);
}

// A regexp cannot find the shortest match that ends at the end, so both pattern and value are
// reversed and the suffix becomes a prefix (lex.go trimSuffix).
function trimSuffix(pattern: string, value: string, greedy: boolean): string | PatternError {
  const trimmed = trimPrefix(reversePattern(pattern), reverseCodePoints(value), greedy);
  return trimmed instanceof PatternError ? trimmed : reverseCodePoints(trimmed);
}

function reverseCodePoints(text: string): string {
  return Array.from(text).reverse().join('');
}

// Reverses a pattern but keeps each escape before the character it escapes: `a\*c` → `c\*a`.
export function reversePattern(pattern: string): string {
  const cps = Array.from(pattern);
  const out = new Array<string>(cps.length);
  const last = cps.length - 1;
  for (let i = 0; i <= last; ) {
    const tok = cps[i] ?? '';
    const at = last - i;
    if (tok === '\\' && i !== last) {
      out[at - 1] = tok;
      out[at] = cps[i + 1] ?? '';
      i += 2;
    } else {
      out[at] = tok;
      i++;
    }
  }
  return out.join('');
}

// Go's Regexp.ReplaceAllString: an empty match right after a previous match is not replaced, and
// the replacement is a template where `$0`/`${0}` is the match, `$$` is `$`, and any other
// `$name` is empty (the pattern has no groups).
function goReplaceAll(regex: RegExp, src: string, template: string): string {
  let out = '';
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= src.length) {
    regex.lastIndex = searchPos;
    const match = regex.exec(src);
    if (match === null) break;
    const matchStart = match.index;
    const matchEnd = matchStart + match[0].length;
    out += src.slice(lastMatchEnd, matchStart);
    if (matchEnd > lastMatchEnd || matchStart === 0) out += expandTemplate(template, match[0]);
    lastMatchEnd = matchEnd;
    const width = searchPos < src.length ? ((src.codePointAt(searchPos) ?? 0) > 0xffff ? 2 : 1) : 0;
    if (searchPos + width > matchEnd) searchPos += width;
    else if (searchPos + 1 > matchEnd) searchPos++;
    else searchPos = matchEnd;
  }
  return out + src.slice(lastMatchEnd);
}

const TEMPLATE_NAME = /^(?:\{([\p{L}\p{Nd}_]+)\}|([\p{L}\p{Nd}_]+))/u;

function expandTemplate(template: string, whole: string): string {
  if (!template.includes('$')) return template;
  let out = '';
  let rest = template;
  for (;;) {
    const dollar = rest.indexOf('$');
    if (dollar < 0) break;
    out += rest.slice(0, dollar);
    rest = rest.slice(dollar + 1);
    if (rest.startsWith('$')) {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    const name = TEMPLATE_NAME.exec(rest);
    if (name === null) {
      out += '$';
      continue;
    }
    rest = rest.slice(name[0].length);
    // Group 0 is the whole match; leading zeros (`$00`) make it a name, and there are no names.
    if ((name[1] ?? name[2]) === '0') out += whole;
  }
  return out + rest;
}

// ---------------------------------------------------------------------------------------------

function toExpansionError(failure: Failure, word: string): ExpansionError {
  return {
    code: failure.code,
    message: failure.message,
    engineMessage: `failed to process ${goQuote(word)}: ${failure.message}`,
    range: [failure.start, Math.max(failure.start, failure.end)],
  };
}
