// Heredoc markers (`<<EOF`, `<<-EOF`, `3<<'EOF'`), as frontend/dockerfile/parser/parser.go finds
// them: the instruction line is split into words by BuildKit's shell lexer with quotes and escapes
// kept (`heredocsFromLine`), and every word matching `^(\d*)<<(-?)\s*([^<]*)$` whose rest is one
// shell word becomes a heredoc (`heredocFromMatch`). The lexer always uses `\` here, whatever the
// escape directive says.

import { isGoSpace } from './go-text.ts';
import { expandWords, isPlain, type ExpansionOptions } from './word-expansion.ts';

const HEREDOC_WORD = /^(\d*)<<(-?)[\t\n\f\r ]*([^<]*)$/;
const noVariables = (): undefined => undefined;
const LINE_WORDS: ExpansionOptions = { escapeToken: '\\', rawQuotes: true, rawEscapes: true, skipUnsetEnv: true };
const NAME_WORDS: ExpansionOptions = { escapeToken: '\\', skipUnsetEnv: true };
const NAME_WORDS_RAW_QUOTES: ExpansionOptions = { escapeToken: '\\', skipUnsetEnv: true, rawQuotes: true };

export interface HeredocMarker {
  /** The delimiter with quotes and escapes removed. */
  readonly name: string;
  /** False when part of the delimiter was quoted. */
  readonly expand: boolean;
  readonly chomp: boolean;
  readonly fileDescriptor?: number;
}

export type HeredocWordResult =
  | { readonly kind: 'none' }
  | { readonly kind: 'heredoc'; readonly heredoc: HeredocMarker }
  | { readonly kind: 'error'; readonly message: string };

function countQuotes(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22 || code === 0x27) count++;
  }
  return count;
}

const NOT_HEREDOC: HeredocWordResult = { kind: 'none' };
/** Results by word: the same markers (`<<EOF`) come back on many lines, and results are immutable. */
const WORD_CACHE = new Map<string, HeredocWordResult>();

/** Decides whether one word is a heredoc marker (BuildKit `ParseHeredoc`). */
export function parseHeredocWord(word: string): HeredocWordResult {
  if (word.indexOf('<<') < 0) return NOT_HEREDOC;
  let result = WORD_CACHE.get(word);
  if (result === undefined) {
    result = parseMarkerWord(word);
    if (WORD_CACHE.size >= 256) WORD_CACHE.clear();
    if (word.length <= 64) WORD_CACHE.set(word, result);
  }
  return result;
}

function parseMarkerWord(word: string): HeredocWordResult {
  const match = HEREDOC_WORD.exec(word);
  if (!match) return NOT_HEREDOC;
  const rest = match[3] ?? '';
  if (rest === '') return NOT_HEREDOC;
  const plain = expandWords(rest, noVariables, NAME_WORDS);
  if (plain.error) return { kind: 'error', message: plain.error.engineMessage };
  if (plain.words.length !== 1) return NOT_HEREDOC;
  const raw = expandWords(rest, noVariables, NAME_WORDS_RAW_QUOTES);
  if (raw.error) return { kind: 'error', message: raw.error.engineMessage };
  if (raw.words.length !== 1) {
    return { kind: 'error', message: `internal lexing of heredoc produced inconsistent results: ${rest}` };
  }
  const name = plain.words[0] ?? '';
  const digits = match[1] ?? '';
  const heredoc: HeredocMarker = {
    name,
    // A quote that the plain pass removed but the raw pass kept means part of the word was quoted.
    expand: countQuotes(name) === countQuotes(raw.words[0] ?? ''),
    chomp: match[2] === '-',
    ...(digits === '' ? {} : { fileDescriptor: Number(digits) }),
  };
  return { kind: 'heredoc', heredoc };
}

/**
 * Finds the heredoc markers of a joined instruction line, in order. A line the lexer cannot split
 * (an unbalanced quote, say) has none, as in BuildKit, which ignores that error.
 */
export function heredocsFromLine(line: string): { readonly heredocs: readonly HeredocMarker[]; readonly error?: string } {
  // Most lines have no quote, escape or `$`: the lexer's words are then the runs of non-space
  // text, and only the ones holding `<<` need a look (no word list is made).
  if (isPlain(line, LINE_WORDS)) return heredocsFromPlainLine(line);
  const { words, error } = expandWords(line, noVariables, LINE_WORDS);
  if (error) return { heredocs: [] };
  const heredocs: HeredocMarker[] = [];
  for (const word of words) {
    const result = parseHeredocWord(word);
    if (result.kind === 'error') return { heredocs, error: result.message };
    if (result.kind === 'heredoc') heredocs.push(result.heredoc);
  }
  return { heredocs };
}

/** heredocsFromLine for a line the lexer only splits on whitespace. */
function heredocsFromPlainLine(line: string): { readonly heredocs: readonly HeredocMarker[]; readonly error?: string } {
  let heredocs: HeredocMarker[] | undefined;
  let at = line.indexOf('<<');
  while (at >= 0) {
    let start = at;
    while (start > 0 && !isGoSpace(line.charCodeAt(start - 1))) start--;
    let end = at + 2;
    while (end < line.length && !isGoSpace(line.charCodeAt(end))) end++;
    const result = parseHeredocWord(line.slice(start, end));
    if (result.kind === 'error') return { heredocs: heredocs ?? [], error: result.message };
    if (result.kind === 'heredoc') (heredocs ??= []).push(result.heredoc);
    at = line.indexOf('<<', end);
  }
  return { heredocs: heredocs ?? NO_MARKERS };
}

const NO_MARKERS: readonly HeredocMarker[] = [];

/** Removes leading tabs from every line of a `<<-` body (BuildKit `ChompHeredocContent`, `(?m)^\t+`). */
export function chompHeredocContent(content: string): string {
  if (content.indexOf('\t') < 0) return content;
  let out = '';
  let lineStart = 0;
  while (lineStart <= content.length) {
    let i = lineStart;
    while (content.charCodeAt(i) === 0x09) i++;
    const newline = content.indexOf('\n', i);
    if (newline < 0) {
      out += content.slice(i);
      break;
    }
    out += content.slice(i, newline + 1);
    lineStart = newline + 1;
  }
  return out;
}
