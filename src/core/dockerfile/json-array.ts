// The exec-form test of BuildKit's `parseJSON` (frontend/dockerfile/parser/line_parsers.go): after
// left-trimming, the arguments must start with `[` and be, as a whole, a JSON document that Go's
// `json.Unmarshal` accepts into `[]any`. A syntax error means "not JSON" and the instruction
// silently falls back to shell form; a valid array with a non-string element is a hard error.
// Hand-written instead of JSON.parse so that element ranges are known and Go's rules hold exactly:
// nesting deeper than 10000 is a syntax error (encoding/json `maxNestingDepth`), and a lone
// surrogate escape decodes to U+FFFD.

import type { SourceRange } from '../diagnostics.ts';
import { skipGoSpace } from './go-text.ts';

export type JsonArrayResult =
  /** `bounds` holds each element's start and end (the string literal), as consecutive pairs. */
  | { readonly kind: 'strings'; readonly values: readonly string[]; readonly bounds: readonly number[] }
  /** Valid JSON, but these top-level elements are not strings. */
  | { readonly kind: 'not-strings'; readonly badRanges: readonly SourceRange[] }
  /** Not a JSON array: BuildKit treats the text as shell form. */
  | { readonly kind: 'not-json'; readonly looksLikeJson: boolean };

const MAX_DEPTH = 10000;

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  return -1;
}

class JsonScanner {
  pos: number;
  constructor(
    private readonly text: string,
    start: number,
    private readonly end: number,
  ) {
    this.pos = start;
  }

  skipSpace(): void {
    while (this.pos < this.end && isJsonSpace(this.text.charCodeAt(this.pos))) this.pos++;
  }

  read4Hex(at: number): number {
    if (at + 4 > this.end) return -1;
    let value = 0;
    for (let k = 0; k < 4; k++) {
      const digit = hexValue(this.text.charCodeAt(at + k));
      if (digit < 0) return -1;
      value = value * 16 + digit;
    }
    return value;
  }

  /** Scans a string starting at the opening quote; returns its value, or undefined on a syntax error. */
  scanString(): string | undefined {
    const text = this.text;
    let i = this.pos + 1;
    let runStart = i;
    let value = '';
    while (i < this.end) {
      const code = text.charCodeAt(i);
      if (code === 0x22) {
        value += text.slice(runStart, i);
        this.pos = i + 1;
        return value;
      }
      if (code < 0x20) return undefined;
      if (code === 0x5c) {
        value += text.slice(runStart, i);
        const escape = text.charCodeAt(i + 1);
        i += 2;
        switch (escape) {
          case 0x22: value += '"'; break;
          case 0x5c: value += '\\'; break;
          case 0x2f: value += '/'; break;
          case 0x62: value += '\b'; break;
          case 0x66: value += '\f'; break;
          case 0x6e: value += '\n'; break;
          case 0x72: value += '\r'; break;
          case 0x74: value += '\t'; break;
          case 0x75: {
            const unit = this.read4Hex(i);
            if (unit < 0) return undefined;
            i += 4;
            if (unit >= 0xd800 && unit <= 0xdbff) {
              // Go combines a valid pair; anything else decodes to U+FFFD and the next escape stands alone.
              if (text.charCodeAt(i) === 0x5c && text.charCodeAt(i + 1) === 0x75) {
                const low = this.read4Hex(i + 2);
                if (low >= 0xdc00 && low <= 0xdfff) {
                  value += String.fromCharCode(unit, low);
                  i += 6;
                  break;
                }
              }
              value += '\ufffd';
            } else if (unit >= 0xdc00 && unit <= 0xdfff) {
              value += '\ufffd';
            } else {
              value += String.fromCharCode(unit);
            }
            break;
          }
          default:
            return undefined;
        }
        runStart = i;
        continue;
      }
      if (code >= 0xd800 && code <= 0xdfff) {
        // A lone surrogate is invalid UTF-8 to Go, which decodes it as U+FFFD.
        const paired =
          code <= 0xdbff && i + 1 < this.end && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff;
        if (paired) {
          i += 2;
          continue;
        }
        value += text.slice(runStart, i) + '\ufffd';
        i++;
        runStart = i;
        continue;
      }
      i++;
    }
    return undefined;
  }

  scanNumber(): boolean {
    const text = this.text;
    let i = this.pos;
    if (text.charCodeAt(i) === 0x2d) i++;
    const first = text.charCodeAt(i);
    if (first === 0x30) i++;
    else if (first >= 0x31 && first <= 0x39) {
      while (i < this.end && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
    } else return false;
    if (text.charCodeAt(i) === 0x2e) {
      i++;
      const start = i;
      while (i < this.end && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
      if (i === start) return false;
    }
    const e = text.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      i++;
      const sign = text.charCodeAt(i);
      if (sign === 0x2b || sign === 0x2d) i++;
      const start = i;
      while (i < this.end && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
      if (i === start) return false;
    }
    if (i > this.end) return false;
    this.pos = i;
    return true;
  }

  scanLiteral(word: string): boolean {
    if (this.pos + word.length > this.end || !this.text.startsWith(word, this.pos)) return false;
    this.pos += word.length;
    return true;
  }

  /** Validates any JSON value (iteratively, so depth never touches the JS stack). */
  skipValue(depth: number): boolean {
    const stack: number[] = []; // 0x5d for arrays, 0x7d for objects
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.end) return false;
      const code = this.text.charCodeAt(this.pos);
      let scalarDone = false;
      if (code === 0x5b || code === 0x7b) {
        if (depth + stack.length + 1 > MAX_DEPTH) return false;
        this.pos++;
        this.skipSpace();
        const close = code === 0x5b ? 0x5d : 0x7d;
        if (this.text.charCodeAt(this.pos) === close) {
          this.pos++;
          scalarDone = true;
        } else {
          stack.push(close);
          if (close === 0x7d && !this.scanObjectKey()) return false;
          continue;
        }
      } else if (code === 0x22) {
        if (this.scanString() === undefined) return false;
        scalarDone = true;
      } else if (code === 0x74) scalarDone = this.scanLiteral('true');
      else if (code === 0x66) scalarDone = this.scanLiteral('false');
      else if (code === 0x6e) scalarDone = this.scanLiteral('null');
      else scalarDone = this.scanNumber();
      if (!scalarDone) return false;
      // After a value: close containers or move to the next element.
      for (;;) {
        if (stack.length === 0) return true;
        this.skipSpace();
        const next = this.text.charCodeAt(this.pos);
        const close = stack[stack.length - 1];
        if (next === 0x2c) {
          this.pos++;
          if (close === 0x7d && !this.scanObjectKey()) return false;
          break;
        }
        if (next === close) {
          this.pos++;
          stack.pop();
          continue;
        }
        return false;
      }
    }
  }

  /** Scans `"key" :` inside an object. */
  scanObjectKey(): boolean {
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) !== 0x22 || this.scanString() === undefined) return false;
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) !== 0x3a) return false;
    this.pos++;
    return true;
  }
}

/**
 * Whether failed JSON was meant as exec form: the first element is a quoted string followed by a
 * comma, or by the closing bracket at the very end (`['a','b']`, `["a" "b"]`). Shell tests such
 * as `[ -f x ]` or `[ "$A" = b ]` and globs like `[ab]*.txt` are not flagged.
 */
function looksLikeJsonAttempt(text: string, open: number, end: number): boolean {
  let i = open + 1;
  while (i < end && isJsonSpace(text.charCodeAt(i))) i++;
  const quote = text.charCodeAt(i);
  if (quote !== 0x22 && quote !== 0x27) return false;
  i++;
  while (i < end && text.charCodeAt(i) !== quote) i += text.charCodeAt(i) === 0x5c ? 2 : 1;
  if (i >= end) return true; // an unterminated string inside brackets
  i++;
  while (i < end && isJsonSpace(text.charCodeAt(i))) i++;
  const next = text.charCodeAt(i);
  if (next === 0x2c || next === 0x22 || next === 0x27) return true;
  if (next !== 0x5d) return false;
  i++;
  while (i < end && isJsonSpace(text.charCodeAt(i))) i++;
  return i >= end;
}

/**
 * Parses `text[start, end)` as BuildKit's `parseJSON` would. `start` may point at leading
 * whitespace (it is skipped with Go's `unicode.IsSpace`, as `strings.TrimLeftFunc` does).
 * With `leadingSlots`, an array of strings comes with that many empty slots in front of its
 * values and bounds, for words the caller puts before them (HEALTHCHECK's type) without a copy.
 */
export function parseJsonStringArray(text: string, start: number, end: number, leadingSlots = 0): JsonArrayResult {
  // Arguments mostly start with a printable ASCII character (the line parser skipped the spaces
  // before them): no space to skip, and no call.
  const first = text.charCodeAt(start);
  const open = start < end && first > 0x20 && first < 0x80 ? start : skipGoSpace(text, start, end);
  if (open >= end || text.charCodeAt(open) !== 0x5b) return NOT_JSON;
  const result = scanArray(text, open, end, leadingSlots);
  return result === undefined ? { kind: 'not-json', looksLikeJson: looksLikeJsonAttempt(text, open, end) } : result;
}

const NOT_JSON: JsonArrayResult = { kind: 'not-json', looksLikeJson: false };

function skipJsonSpace(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && isJsonSpace(text.charCodeAt(i))) i++;
  return i;
}

/** Where the string `scanStringAt` scanned last ends (one past its closing quote). */
let stringEnd = 0;

/**
 * The value of the string literal whose opening quote is at `open`, or undefined on a syntax
 * error; it ends at `stringEnd`. Most elements have no escapes and no surrogates: their value is
 * the text between the quotes, so only the others go through the scanner.
 */
function scanStringAt(text: string, open: number, end: number): string | undefined {
  for (let i = open + 1; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) {
      stringEnd = i + 1;
      return text.slice(open + 1, i);
    }
    if (code < 0x20 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) break;
  }
  const scanner = new JsonScanner(text, open, end);
  const value = scanner.scanString();
  stringEnd = scanner.pos;
  return value;
}

// Element values and bounds of the array being scanned, reused from call to call; the result gets
// exact-size copies (the AST keeps them, and a pushed-to array carries spare room).
let scratchValues: string[] = [];
let scratchBounds: number[] = [];

/** The array starting at `open`, or undefined when the text is not JSON. */
function scanArray(text: string, open: number, end: number, leadingSlots: number): JsonArrayResult | undefined {
  const values = scratchValues;
  const bounds = scratchBounds;
  let count = 0;
  let badRanges: SourceRange[] | undefined;
  let pos = skipJsonSpace(text, open + 1, end);
  if (text.charCodeAt(pos) === 0x5d && pos < end) {
    pos++;
  } else {
    for (;;) {
      pos = skipJsonSpace(text, pos, end);
      const elementStart = pos;
      if (elementStart >= end) return undefined;
      if (text.charCodeAt(elementStart) === 0x22) {
        const value = scanStringAt(text, elementStart, end);
        if (value === undefined) return undefined;
        pos = stringEnd;
        values[count] = value;
        bounds[2 * count] = elementStart;
        bounds[2 * count + 1] = pos;
        count++;
      } else {
        const scanner = new JsonScanner(text, elementStart, end);
        if (!scanner.skipValue(1)) return undefined;
        pos = scanner.pos;
        (badRanges ??= []).push([elementStart, pos]);
      }
      pos = skipJsonSpace(text, pos, end);
      if (pos >= end) return undefined;
      const next = text.charCodeAt(pos);
      pos++;
      if (next === 0x5d) break;
      if (next !== 0x2c) return undefined;
    }
  }
  if (skipJsonSpace(text, pos, end) !== end) return undefined;
  if (badRanges !== undefined) return { kind: 'not-strings', badRanges };
  const resultValues: string[] = new Array<string>(leadingSlots + count);
  const resultBounds: number[] = new Array<number>(2 * (leadingSlots + count));
  for (let k = 0; k < leadingSlots; k++) {
    resultValues[k] = '';
    resultBounds[2 * k] = 0;
    resultBounds[2 * k + 1] = 0;
  }
  for (let k = 0; k < count; k++) {
    const at = leadingSlots + k;
    resultValues[at] = values[k] as string;
    resultBounds[2 * at] = bounds[2 * k] as number;
    resultBounds[2 * at + 1] = bounds[2 * k + 1] as number;
  }
  // A huge array must not keep huge scratch arrays alive.
  if (count > 1000) {
    scratchValues = [];
    scratchBounds = [];
  } else {
    // A loop, not `fill`: that builtin costs more than clearing the few slots used.
    for (let k = 0; k < count; k++) values[k] = '';
  }
  return { kind: 'strings', values: resultValues, bounds: resultBounds };
}
