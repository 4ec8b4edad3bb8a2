// One instruction line (continuations already joined) → keyword, flags and argument words, as
// BuildKit's `newNodeFromLine` does: `splitCommand` + `extractBuilderFlags` (split_command.go),
// then the per-instruction line parser of the `dispatch` table (line_parsers.go). Every word keeps
// its offsets in the joined line so the caller can point diagnostics at it.

import type { DiagnosticCode } from '../diagnostics.ts';
import { encodeUtf8, goQuote, isGoSpace, lowerKeyword, isTokenSpace, skipGoSpace, trimGoSpaceEnd } from './go-text.ts';
import { parseJsonStringArray } from './json-array.ts';

export type Span = [start: number, end: number];

export interface LineError {
  readonly code: DiagnosticCode;
  /** BuildKit's error text. */
  readonly message: string;
  readonly span: Span;
}

/**
 * What the line parser made of one instruction; spans are offsets into the joined line. Word spans
 * are flat start, end pairs (one array per node, not a tuple per word: they only live until the
 * raw parser has mapped them to the source).
 */
export interface LineNode {
  readonly keyword: string;
  /** The keyword runs from `spanStart` to here. */
  readonly keywordEnd: number;
  readonly flags: readonly string[];
  readonly flagSpans: readonly number[];
  /** The argument words; null when each is the line's slice at its span (`lineArg` reads them). */
  readonly args: readonly string[] | null;
  readonly argSpans: readonly number[];
  readonly json: boolean;
  /** ONBUILD's trigger. */
  readonly child: LineNode | undefined;
  /** The keyword lower-cased (interned: the same string for every line with this spelling). */
  readonly lower: string;
  /** The trimmed text the node was made from (its `Original` for an ONBUILD child): start and end. */
  readonly spanStart: number;
  readonly spanEnd: number;
  /** A parse error BuildKit's parser would stop at (the node is still best effort). */
  readonly error: LineError | undefined;
  /** The arguments start with `[` but are not valid JSON, so they became shell form. */
  readonly invalidJsonSpan: Span | undefined;
}

/**
 * A LineNode the raw parser reuses for every top-level instruction (it is done with one before
 * it reads the next); an ONBUILD trigger gets its own, which its parent keeps.
 */
export class LineNodeSlot implements LineNode {
  keyword = '';
  keywordEnd = 0;
  flags: readonly string[] = EMPTY;
  flagSpans: readonly number[] = EMPTY;
  args: readonly string[] | null = EMPTY;
  argSpans: readonly number[] = EMPTY;
  json = false;
  child: LineNode | undefined = undefined;
  lower = '';
  spanStart = 0;
  spanEnd = 0;
  error: LineError | undefined = undefined;
  invalidJsonSpan: Span | undefined = undefined;

  /** Drops what the last line left here (the slot outlives the parse). */
  release(): void {
    this.keyword = '';
    this.flags = EMPTY;
    this.flagSpans = EMPTY;
    this.args = EMPTY;
    this.argSpans = EMPTY;
    this.child = undefined;
    this.error = undefined;
    this.invalidJsonSpan = undefined;
  }
}

/** Argument `index` of `node`, parsed from `line`. */
export function lineArg(node: LineNode, line: string, index: number): string {
  const args = node.args;
  if (args !== null) return args[index] ?? '';
  const spans = node.argSpans;
  if (2 * index + 1 >= spans.length || index < 0) return '';
  return line.slice(spans[2 * index] ?? 0, spans[2 * index + 1] ?? 0);
}

/** Number of arguments of `node`. */
export function lineArgCount(node: LineNode): number {
  return node.argSpans.length >> 1;
}

/**
 * The argument parsers of the `dispatch` table of parser.go, as numbers so one `switch` picks
 * the parser (a table of closures made every call site megamorphic).
 */
const PARSE_IGNORE = 0;
const PARSE_STRING = 1;
const PARSE_STRINGS_WHITESPACE_DELIMITED = 2;
const PARSE_MAYBE_JSON = 3;
const PARSE_MAYBE_JSON_TO_LIST = 4;
const PARSE_NAME_OR_NAME_VAL = 5;
const PARSE_ENV = 6;
const PARSE_LABEL = 7;
const PARSE_HEALTH_CONFIG = 8;
const PARSE_SUB_COMMAND = 9;

/** Which argument parser each instruction uses; any other keyword gets `parseIgnore`. */
const ARG_PARSERS: ReadonlyMap<string, number> = new Map<string, number>(Object.entries({
  add: PARSE_MAYBE_JSON_TO_LIST,
  arg: PARSE_NAME_OR_NAME_VAL,
  cmd: PARSE_MAYBE_JSON,
  copy: PARSE_MAYBE_JSON_TO_LIST,
  entrypoint: PARSE_MAYBE_JSON,
  env: PARSE_ENV,
  expose: PARSE_STRINGS_WHITESPACE_DELIMITED,
  from: PARSE_STRINGS_WHITESPACE_DELIMITED,
  healthcheck: PARSE_HEALTH_CONFIG,
  label: PARSE_LABEL,
  maintainer: PARSE_STRING,
  onbuild: PARSE_SUB_COMMAND,
  run: PARSE_MAYBE_JSON,
  shell: PARSE_MAYBE_JSON,
  stopsignal: PARSE_STRING,
  user: PARSE_STRING,
  volume: PARSE_MAYBE_JSON_TO_LIST,
  workdir: PARSE_STRING,
}));

interface Keyword {
  /** The spelling as written, interned so every node with it shares one string. */
  readonly spelling: string;
  readonly lower: string;
  /** One of the `PARSE_*` numbers. */
  readonly parser: number;
  /** The spelling's characters, packed as `parseInstructionLine` packs them (see `KEYWORDS`). */
  readonly packed0: number;
  readonly packed1: number;
  readonly packed2: number;
}

/**
 * Interned keywords of 1–12 ASCII characters, by length and fourth (or last) character, at
 * `length * 128 + packed0 % 128`. While it finds the keyword's end, the line parser packs its
 * characters 7 bits each, four per number (small integers); with the length they spell the
 * keyword, so it is matched by comparing three numbers, without reading or slicing it again.
 */
const KEYWORDS: (Keyword[] | undefined)[] = new Array<Keyword[] | undefined>(13 * 0x80).fill(undefined);
const MAX_PACKED_KEYWORD = 12;
let keywordCount = 0;

/**
 * The interned keyword `line[start, end)`: its spelling, lower-cased form and argument parser.
 * `packed0` to `packed2` are its packed characters, `packed0` -1 when it is not ASCII.
 */
function keywordAt(line: string, start: number, end: number, packed0: number, packed1: number, packed2: number): Keyword {
  const length = end - start;
  const bucketIndex = length <= MAX_PACKED_KEYWORD && length > 0 && packed0 >= 0 ? length * 0x80 + (packed0 & 0x7f) : -1;
  const bucket = bucketIndex < 0 ? undefined : KEYWORDS[bucketIndex];
  if (bucket !== undefined) {
    for (let i = 0; i < bucket.length; i++) {
      const keyword = bucket[i] as Keyword;
      if (keyword.packed0 === packed0 && keyword.packed1 === packed1 && keyword.packed2 === packed2) return keyword;
    }
  }
  const spelling = line.slice(start, end);
  const lower = lowerKeyword(spelling);
  const keyword: Keyword = { spelling, lower, parser: ARG_PARSERS.get(lower) ?? PARSE_IGNORE, packed0, packed1, packed2 };
  // Bounded, so a file of random words cannot grow it without limit.
  if (bucketIndex >= 0 && keywordCount < 512) {
    keywordCount++;
    if (bucket === undefined) KEYWORDS[bucketIndex] = [keyword];
    else bucket.push(keyword);
  }
  return keyword;
}

/** Parses `line[start, end)` as one instruction (BuildKit `newNodeFromLine`), into `into` when given. */
export function parseInstructionLine(line: string, start: number, end: number, escape: number, into?: LineNodeSlot): LineNode {
  // splitCommand: TrimSpace, then split once on the `[\t\v\f\r ]+` class.
  const a = skipGoSpace(line, start, end);
  const b = trimGoSpaceEnd(line, a, end);
  let keywordEnd = a;
  let packed0 = 0;
  let packed1 = 0;
  let packed2 = 0;
  let ascii = true;
  for (; keywordEnd < b; keywordEnd++) {
    const code = line.charCodeAt(keywordEnd);
    if (isTokenSpace(code)) break;
    const at = keywordEnd - a;
    if (code >= 0x80) ascii = false;
    else if (at < 4) packed0 = (packed0 << 7) | code;
    else if (at < 8) packed1 = (packed1 << 7) | code;
    else if (at < 12) packed2 = (packed2 << 7) | code;
  }
  const keyword = keywordAt(line, a, keywordEnd, ascii ? packed0 : -1, packed1, packed2);
  const node = into ?? new LineNodeSlot();
  node.flags = EMPTY;
  node.flagSpans = EMPTY;
  let argsStart = b;
  if (keywordEnd < b) {
    let restStart = keywordEnd;
    while (restStart < b && isTokenSpace(line.charCodeAt(restStart))) restStart++;
    let rest = restStart;
    // Flags start with `--`; anything else ends extractBuilderFlags at its first word.
    if (restStart + 1 < b && line.charCodeAt(restStart) === 0x2d && line.charCodeAt(restStart + 1) === 0x2d) {
      rest = extractBuilderFlags(line, restStart, b, node);
    }
    argsStart = skipGoSpace(line, rest, b);
  }
  node.keyword = keyword.spelling;
  node.lower = keyword.lower;
  node.keywordEnd = keywordEnd;
  node.spanStart = a;
  node.spanEnd = b;
  node.json = false;
  node.child = undefined;
  node.error = undefined;
  node.invalidJsonSpan = undefined;
  parseArgs(keyword.parser, line, argsStart, b, escape, node);
  return node;
}

/**
 * Runs argument parser `parser` on `line[start, end)`. Each parser sets the node's `args` and
 * `argSpans`, and `json`, `child`, `error` or `invalidJsonSpan` when they apply (they start out
 * false and undefined).
 */
function parseArgs(parser: number, line: string, start: number, end: number, escape: number, node: LineNodeSlot): void {
  switch (parser) {
    case PARSE_STRING: return parseString(start, end, node);
    case PARSE_STRINGS_WHITESPACE_DELIMITED: return parseStringsWhitespaceDelimited(line, start, end, node);
    case PARSE_MAYBE_JSON: return parseMaybeJson(line, start, end, node);
    case PARSE_MAYBE_JSON_TO_LIST: return parseMaybeJsonToList(line, start, end, node);
    case PARSE_NAME_OR_NAME_VAL: return parseNameOrNameVal(line, start, end, escape, node);
    case PARSE_ENV: return parseNameVal(line, start, end, escape, 'ENV', node);
    case PARSE_LABEL: return parseNameVal(line, start, end, escape, 'LABEL', node);
    case PARSE_HEALTH_CONFIG: return parseHealthConfig(line, start, end, node);
    case PARSE_SUB_COMMAND: return parseSubCommand(line, start, end, escape, node);
    default: return parseIgnore(start, node);
  }
}

/** No arguments at all (an empty rest of the line). */
function setNoArgs(node: LineNodeSlot): void {
  node.args = EMPTY;
  node.argSpans = EMPTY;
}

const EMPTY: never[] = [];

/**
 * `extractBuilderFlags`: leading words that start with `--` are flags; `'`/`"` group and `\`
 * escapes inside them; a bare `--` ends the flags and is dropped. Go walks this part byte by byte
 * and turns each byte into a rune, so a non-ASCII flag comes out as Latin-1 mojibake (`é` →
 * `Ã©`) and the bytes 0x85/0xA0 split words; that path is taken only when such a byte shows up.
 * Sets the node's flags and returns where the rest of the line starts.
 */
function extractBuilderFlags(line: string, start: number, end: number, node: LineNodeSlot): number {
  let rest = extractPlainFlags(line, start, end);
  if (rest < 0) rest = extractFlags(line, start, end, null, null);
  if (rest < 0) {
    const { bytes, sourceIndex } = encodeUtf8(line, start, end);
    rest = extractFlags(line, start, end, bytes, sourceIndex);
  }
  if (rest < 0) {
    flagCount = 0;
    rest = start;
  }
  if (flagCount === 0) return rest;
  node.flags = flagScratch.slice(0, flagCount);
  node.flagSpans = flagSpanScratch.slice(0, 2 * flagCount);
  // The words may be slices of a whole file: the scratch must not keep it alive.
  for (let i = 0; i < flagCount; i++) flagScratch[i] = '';
  return rest;
}

/**
 * Where flag words are gathered before their exact-size arrays are cut out. Never truncated:
 * setting an array's length to 0 drops its storage, and pushing regrows it.
 */
const flagScratch: string[] = [];
const flagSpanScratch: number[] = [];
let flagCount = 0;

function addFlag(word: string, start: number, end: number): void {
  flagScratch[flagCount] = word;
  flagSpanScratch[2 * flagCount] = start;
  flagSpanScratch[2 * flagCount + 1] = end;
  flagCount++;
}

/**
 * `extractFlags` for the usual flags (`--from=build --chown=1:1`): ASCII words without quotes or
 * escapes, each of which is its slice of the line. Returns -1, having decided nothing, when a
 * word has a quote, a `\` or a non-ASCII character.
 */
function extractPlainFlags(line: string, start: number, end: number): number {
  flagCount = 0;
  let pos = start;
  for (;;) {
    while (pos < end && isAsciiGoSpace(line.charCodeAt(pos))) pos++;
    if (pos + 1 >= end || line.charCodeAt(pos) !== 0x2d || line.charCodeAt(pos + 1) !== 0x2d) return pos;
    const wordStart = pos;
    pos += 2;
    for (; pos < end; pos++) {
      const ch = line.charCodeAt(pos);
      if (ch <= 0x20 ? isGoSpace(ch) : ch === 0x22 || ch === 0x27 || ch === 0x5c || ch >= 0x80) break;
    }
    if (pos < end && !isAsciiGoSpace(line.charCodeAt(pos))) return -1;
    if (pos - wordStart === 2) return pos;
    addFlag(line.slice(wordStart, pos), wordStart, pos);
  }
}

/** A Go space that is ASCII (the flag scan meets `unicode.IsSpace` of a byte, not of a character). */
function isAsciiGoSpace(code: number): boolean {
  return code <= 0x20 && isGoSpace(code);
}

function extractFlags(
  line: string,
  start: number,
  end: number,
  bytes: number[] | null,
  sourceIndex: number[] | null,
): number {
  const length = bytes ? bytes.length : end - start;
  flagCount = 0;
  const IN_SPACES = 0;
  const IN_WORD = 1;
  const IN_QUOTE = 2;
  let phase = IN_SPACES;
  // A word is built from verbatim runs of the input between quotes and escapes.
  let word = '';
  let runStart = 0;
  let quote = 0;
  let blankOk = false;
  let wordStart = 0;
  for (let pos = 0; pos <= length; pos++) {
    const ch = pos < length ? (bytes ? (bytes[pos] ?? 0) : line.charCodeAt(start + pos)) : -1;
    if (phase === IN_SPACES) {
      if (pos === length) break;
      if (bytes ? isGoSpace(ch) : ch < 0x80 && isGoSpace(ch)) continue;
      if (ch !== 0x2d || pos + 1 === length || (bytes ? bytes[pos + 1] : line.charCodeAt(start + pos + 1)) !== 0x2d) {
        return toSource(sourceIndex, start, end, length, pos);
      }
      phase = IN_WORD;
      wordStart = pos;
      runStart = pos;
      word = '';
    }
    if (pos === length) {
      word += run(line, start, bytes, runStart, pos);
      if (word !== '--' && (blankOk || word.length > 0)) addFlag(word, toSource(sourceIndex, start, end, length, wordStart), end);
      break;
    }
    if (!bytes && ch >= 0x80) return -1;
    if (phase === IN_WORD) {
      if (isGoSpace(ch)) {
        phase = IN_SPACES;
        word += run(line, start, bytes, runStart, pos);
        if (word === '--') return toSource(sourceIndex, start, end, length, pos);
        if (blankOk || word.length > 0) addFlag(word, toSource(sourceIndex, start, end, length, wordStart), toSource(sourceIndex, start, end, length, pos));
        blankOk = false;
        continue;
      }
      if (ch === 0x27 || ch === 0x22) {
        word += run(line, start, bytes, runStart, pos);
        runStart = pos + 1;
        quote = ch;
        blankOk = true;
        phase = IN_QUOTE;
        continue;
      }
      if (ch === 0x5c) {
        word += run(line, start, bytes, runStart, pos);
        if (pos + 1 === length) {
          runStart = pos + 1;
          continue;
        }
        pos++;
        runStart = pos;
        if (!bytes && line.charCodeAt(start + pos) >= 0x80) return -1;
      }
      continue;
    }
    // IN_QUOTE
    if (ch === quote) {
      word += run(line, start, bytes, runStart, pos);
      runStart = pos + 1;
      phase = IN_WORD;
      continue;
    }
    if (ch === 0x5c) {
      word += run(line, start, bytes, runStart, pos);
      if (pos + 1 === length) {
        runStart = pos + 1;
        phase = IN_WORD;
        continue;
      }
      pos++;
      runStart = pos;
      if (!bytes && line.charCodeAt(start + pos) >= 0x80) return -1;
    }
  }
  return end;
}

/** The verbatim text of a flag-scan run; bytes become Latin-1 characters, as Go's rune(byte). */
function run(line: string, start: number, bytes: number[] | null, from: number, to: number): string {
  if (to <= from) return '';
  if (!bytes) return line.slice(start + from, start + to);
  let out = '';
  for (let i = from; i < to; i++) out += String.fromCharCode(bytes[i] ?? 0);
  return out;
}

/** Source offset of position `i` of the flag scan (a byte offset inside a character rounds up). */
function toSource(sourceIndex: number[] | null, start: number, end: number, length: number, i: number): number {
  if (!sourceIndex) return start + i;
  if (i >= length) return end;
  let at = i;
  while (at > 0 && at < length && sourceIndex[at] === sourceIndex[at - 1]) at++;
  return at >= length ? end : (sourceIndex[at] ?? end);
}

/** `parseIgnore`: an unknown instruction gets one empty argument node (it dumps as `""`). */
function parseIgnore(start: number, node: LineNodeSlot): void {
  node.args = null;
  node.argSpans = [start, start];
}

/** `parseString`: the raw rest of the line as one argument. */
function parseString(start: number, end: number, node: LineNodeSlot): void {
  if (start >= end) return setNoArgs(node);
  node.args = null;
  node.argSpans = [start, end];
}

/**
 * Word spans of the split in progress, reused from call to call; the node gets an exact-size copy.
 * Never truncated (setting an array's length to 0 drops its storage, and pushing regrows it).
 */
let splitScratch: number[] = [];

/** `parseStringsWhitespaceDelimited`: split on `[\t\v\f\r ]+`. */
function parseStringsWhitespaceDelimited(line: string, start: number, end: number, node: LineNodeSlot): void {
  if (start >= end) return setNoArgs(node);
  const spans = splitScratch;
  let count = 0;
  let i = start;
  for (;;) {
    spans[count++] = i;
    while (i < end && !isTokenSpace(line.charCodeAt(i))) i++;
    spans[count++] = i;
    if (i >= end) break;
    i++;
    while (i < end && isTokenSpace(line.charCodeAt(i))) i++;
  }
  node.args = null;
  node.argSpans = spans.slice(0, count);
  // A huge instruction must not keep a huge scratch array alive.
  if (count > 4096) splitScratch = [];
}

/**
 * The exec form of `parseMaybeJSON`: true when `line[start, end)` is a JSON array of strings (the
 * node has its words, after `leadingSlots` empty ones) or valid JSON with another element (the
 * node has the error); false when the text is shell form, with `invalidJsonSpan` set if it looked
 * like a JSON attempt.
 */
function tryJson(line: string, start: number, end: number, node: LineNodeSlot, leadingSlots = 0): boolean {
  const parsed = parseJsonStringArray(line, start, end, leadingSlots);
  if (parsed.kind === 'strings') {
    // Fresh exact-size arrays: nobody else holds them, so they are kept as they are.
    node.args = parsed.values as string[];
    node.argSpans = parsed.bounds as number[];
    node.json = true;
    return true;
  }
  if (parsed.kind === 'not-strings') {
    const bad = parsed.badRanges[0] ?? [start, end];
    node.args = null;
    node.argSpans = [start, end];
    node.error = {
      code: 'JSON_NOT_STRINGS',
      message: 'when using JSON array syntax, arrays must be comprised of strings only',
      span: [bad[0], bad[1]],
    };
    return true;
  }
  if (parsed.looksLikeJson) node.invalidJsonSpan = [start, end];
  return false;
}

/** `parseMaybeJSON`: a JSON array of strings, or else the raw rest as one shell-form argument. */
function parseMaybeJson(line: string, start: number, end: number, node: LineNodeSlot): void {
  if (start >= end) return setNoArgs(node);
  if (tryJson(line, start, end, node)) return;
  node.args = null;
  node.argSpans = [start, end];
}

/** `parseMaybeJSONToList`: a JSON array of strings, or else words split on whitespace (no quoting). */
function parseMaybeJsonToList(line: string, start: number, end: number, node: LineNodeSlot): void {
  if (start >= end) return setNoArgs(node);
  if (tryJson(line, start, end, node)) return;
  parseStringsWhitespaceDelimited(line, start, end, node);
}

/** `parseHealthConfig`: the type word, then `parseMaybeJSON` for the command. */
function parseHealthConfig(line: string, start: number, end: number, node: LineNodeSlot): void {
  // Go scans bytes here; for ASCII that is the same as units (non-ASCII is kept in the type word).
  let sep = start;
  while (sep < end && !(line.charCodeAt(sep) < 0x80 && isGoSpace(line.charCodeAt(sep)))) sep++;
  if (sep === start) return setNoArgs(node);
  let next = sep;
  while (next < end && line.charCodeAt(next) < 0x80 && isGoSpace(line.charCodeAt(next))) next++;
  if (next >= end) {
    // No command: the type word alone (as a string, like the words of an exec form).
    node.args = [line.slice(start, sep)];
    node.argSpans = [start, sep];
    return;
  }
  // The exec form's arrays come with a free first slot for the type word.
  if (tryJson(line, next, end, node, 1) && node.json) {
    (node.args as string[])[0] = line.slice(start, sep);
    (node.argSpans as number[])[0] = start;
    (node.argSpans as number[])[1] = sep;
    return;
  }
  // Shell form, or a JSON error: the command is the raw rest of the line.
  node.args = null;
  node.argSpans = [start, sep, next, end];
}

/** `parseSubCommand` (ONBUILD): the rest is parsed as an instruction of its own. */
function parseSubCommand(line: string, start: number, end: number, escape: number, node: LineNodeSlot): void {
  if (start >= end) return setNoArgs(node);
  const child = parseInstructionLine(line, start, end, escape);
  setNoArgs(node);
  node.child = child;
  node.error = child.error;
}

/**
 * `parseWords`' output, reused from call to call: per word, the start, the end of its text, the
 * end of its span (they differ when a trailing escape is dropped) and its first `=` (-1 if none,
 * wherever it is: quoted or escaped ones count too, as `strings.Index` finds them).
 */
let wordBounds: number[] = [];
const WORD_FIELDS = 4;

/**
 * `parseWords`: words separated by Unicode whitespace, where quotes group and the escape token
 * escapes; quotes and escapes stay in the words (expansion removes them later). Every character
 * is kept except an escape at the very end, so a word is a slice of the line. Fills `wordBounds`
 * and returns the number of words.
 */
function parseWords(line: string, start: number, end: number, escape: number): number {
  const bounds = wordBounds;
  let count = 0;
  let pos = start;
  while (pos < end) {
    if (isGoSpace(line.charCodeAt(pos))) {
      pos++;
      continue;
    }
    const wordStart = pos;
    // A quoted part makes even an empty word count (`""`).
    let blankOk = false;
    // Where the word's text and span end: at the space after it, or at the end of the line, where
    // a trailing escape is dropped from the text.
    let textEnd = end;
    let spanEnd = end;
    let equals = -1;
    while (pos < end) {
      const ch = line.charCodeAt(pos);
      if (isGoSpace(ch)) {
        textEnd = spanEnd = pos;
        break;
      }
      pos++;
      if (ch === 0x27 || ch === 0x22) {
        blankOk = true;
        while (pos < end) {
          const inQuote = line.charCodeAt(pos++);
          if (inQuote === ch) break;
          if (inQuote === escape && ch !== 0x27) {
            if (pos === end) textEnd = end - 1;
            else {
              if (equals < 0 && line.charCodeAt(pos) === 0x3d) equals = pos;
              pos++;
            }
          } else if (inQuote === 0x3d && equals < 0) equals = pos - 1;
        }
      } else if (ch === escape) {
        if (pos === end) textEnd = end - 1;
        else {
          if (equals < 0 && line.charCodeAt(pos) === 0x3d) equals = pos;
          pos++;
        }
      } else if (ch === 0x3d && equals < 0) equals = pos - 1;
    }
    if (blankOk || textEnd > wordStart) {
      bounds[count++] = wordStart;
      bounds[count++] = textEnd;
      bounds[count++] = spanEnd;
      bounds[count++] = equals;
    }
  }
  return count / WORD_FIELDS;
}

/** `parseNameOrNameVal` (ARG): the words as they are. */
function parseNameOrNameVal(line: string, start: number, end: number, escape: number, node: LineNodeSlot): void {
  const count = parseWords(line, start, end, escape);
  if (count === 0) return setNoArgs(node);
  wordsToArgs(line, count, wordBounds, node);
  releaseWords();
}

/** A huge instruction must not keep a huge scratch array alive. */
function releaseWords(): void {
  if (wordBounds.length > 4000) wordBounds = [];
}

function wordsToArgs(line: string, count: number, bounds: readonly number[], node: LineNodeSlot): void {
  const argSpans: number[] = new Array<number>(2 * count);
  // A word is its span's slice unless a trailing escape was dropped from it: strings only then.
  let verbatim = true;
  for (let i = 0; i < count; i++) {
    const at = WORD_FIELDS * i;
    argSpans[2 * i] = bounds[at] ?? 0;
    argSpans[2 * i + 1] = bounds[at + 2] ?? 0;
    if (bounds[at + 1] !== bounds[at + 2]) verbatim = false;
  }
  node.argSpans = argSpans;
  if (verbatim) {
    node.args = null;
    return;
  }
  const args: string[] = new Array<string>(count);
  for (let i = 0; i < count; i++) args[i] = line.slice(bounds[WORD_FIELDS * i] ?? 0, bounds[WORD_FIELDS * i + 1] ?? 0);
  node.args = args;
}

/**
 * `parseNameVal` (ENV, LABEL): `k=v …` gives key/value/`=` triples; if the first word has no `=`,
 * the legacy `k v` form takes the raw rest of the line as the value (separator `""`).
 */
function parseNameVal(line: string, start: number, end: number, escape: number, keyword: string, node: LineNodeSlot): void {
  const count = parseWords(line, start, end, escape);
  const bounds = wordBounds;
  if (count === 0) return setNoArgs(node);
  if ((bounds[3] ?? -1) < 0) {
    releaseWords();
    let keyEnd = start;
    while (keyEnd < end && !isTokenSpace(line.charCodeAt(keyEnd))) keyEnd++;
    if (keyEnd >= end) {
      setNoArgs(node);
      node.error = { code: 'MISSING_ARGUMENTS', message: `${keyword} must have two arguments`, span: [start, end] };
      return;
    }
    let valueStart = keyEnd;
    while (valueStart < end && isTokenSpace(line.charCodeAt(valueStart))) valueStart++;
    node.args = null;
    node.argSpans = [start, keyEnd, valueStart, end, valueStart, valueStart];
    return;
  }
  const argSpans: number[] = new Array<number>(6 * count);
  let verbatim = true;
  for (let i = 0; i < count; i++) {
    const wordStart = bounds[WORD_FIELDS * i] ?? 0;
    const textEnd = bounds[WORD_FIELDS * i + 1] ?? 0;
    const spanEnd = bounds[WORD_FIELDS * i + 2] ?? 0;
    const at = bounds[WORD_FIELDS * i + 3] ?? -1;
    if (at < 0) {
      releaseWords();
      setNoArgs(node);
      node.error = {
        code: 'INVALID_NAME_VALUE',
        message: `Syntax error - can't find = in ${goQuote(line.slice(wordStart, textEnd))}. Must be of the form: name=value`,
        span: [wordStart, spanEnd],
      };
      return;
    }
    if (textEnd !== spanEnd) verbatim = false;
    argSpans[6 * i] = wordStart;
    argSpans[6 * i + 1] = at;
    argSpans[6 * i + 2] = at + 1;
    argSpans[6 * i + 3] = spanEnd;
    argSpans[6 * i + 4] = at;
    argSpans[6 * i + 5] = at + 1;
  }
  node.argSpans = argSpans;
  if (verbatim) {
    releaseWords();
    node.args = null;
    return;
  }
  // Some value lost a trailing escape: its text ends before its span does.
  const args: string[] = new Array<string>(3 * count);
  for (let i = 0; i < count; i++) {
    const at = argSpans[6 * i + 1] ?? 0;
    args[3 * i] = line.slice(argSpans[6 * i] ?? 0, at);
    args[3 * i + 1] = line.slice(at + 1, bounds[WORD_FIELDS * i + 1] ?? 0);
    args[3 * i + 2] = '=';
  }
  releaseWords();
  node.args = args;
}
