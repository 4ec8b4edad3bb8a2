// Go's text primitives as BuildKit's parser uses them: `unicode.IsSpace`, `strings.TrimSpace`, the
// `[\t\v\f\r ]+` whitespace class of parser.go, and `strconv.Quote` (the `%q` of `Node.Dump()`).
// Strings are walked in UTF-16 units: none of these characters is a surrogate, so walking units
// gives the same answer as Go walking runes.

/** Go `unicode.IsSpace`: ASCII `\t\n\v\f\r ` plus U+0085, U+00A0 and the Unicode `Zs`/`Zl`/`Zp` spaces. */
export function isGoSpace(code: number): boolean {
  // Kept this small so V8 inlines it into every scanning loop: most characters are printable
  // ASCII, which the first comparison settles.
  return code <= 0x20 ? code === 0x20 || (code >= 0x09 && code <= 0x0d) : code >= 0x80 && isNonAsciiGoSpace(code);
}

function isNonAsciiGoSpace(code: number): boolean {
  return (
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** The class `[\t\v\f\r ]` that parser.go's `reWhitespace` splits on (no `\n`: lines have none). */
export function isTokenSpace(code: number): boolean {
  return code <= 0x20 && (code === 0x20 || code === 0x09 || code === 0x0b || code === 0x0c || code === 0x0d);
}

/** First index in `[start, end)` that is not a Go space (`strings.TrimLeftFunc(s, unicode.IsSpace)`). */
export function skipGoSpace(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && isGoSpace(text.charCodeAt(i))) i++;
  return i;
}

/** One past the last index in `[start, end)` that is not a Go space (`strings.TrimRightFunc`). */
export function trimGoSpaceEnd(text: string, start: number, end: number): number {
  let i = end;
  while (i > start && isGoSpace(text.charCodeAt(i - 1))) i--;
  return i;
}

/** Go `strings.TrimSpace`. */
export function goTrimSpace(text: string): string {
  const start = skipGoSpace(text, 0, text.length);
  const end = trimGoSpaceEnd(text, start, text.length);
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const NAMED_ESCAPES: Readonly<Record<number, string>> = {
  7: '\\a',
  8: '\\b',
  9: '\\t',
  10: '\\n',
  11: '\\v',
  12: '\\f',
  13: '\\r',
};

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}

/**
 * Quotes a string exactly as Go's `strconv.Quote` does: `\"`, `\\`, named control escapes,
 * `\xNN`, `\uNNNN`, `\UNNNNNNNN` for what `unicode.IsPrint` rejects. A lone surrogate has no UTF-8
 * form; it is printed as the three bytes Go would see in WTF-8 (`\xed\xa0\x80`).
 */
export function goQuote(text: string): string {
  let out = '"';
  let runStart = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x20 && code < 0x7f && code !== 0x22 && code !== 0x5c) continue;
    if (i > runStart) out += text.slice(runStart, i);
    runStart = i + 1;
    if (code === 0x22) out += '\\"';
    else if (code === 0x5c) out += '\\\\';
    else if (code < 0x80) out += NAMED_ESCAPES[code] ?? `\\x${hex(code, 2)}`;
    else {
      let codePoint = code;
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < length) {
        const low = text.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          codePoint = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
          i++;
          runStart = i + 1;
        }
      }
      if (codePoint >= 0xd800 && codePoint <= 0xdfff) {
        out += `\\x${hex(0xe0 | (codePoint >> 12), 2)}\\x${hex(0x80 | ((codePoint >> 6) & 0x3f), 2)}\\x${hex(0x80 | (codePoint & 0x3f), 2)}`;
      } else if (PRINTABLE.test(String.fromCodePoint(codePoint))) {
        out += String.fromCodePoint(codePoint);
      } else if (codePoint < 0x10000) {
        out += `\\u${hex(codePoint, 4)}`;
      } else {
        out += `\\U${hex(codePoint, 8)}`;
      }
    }
  }
  if (runStart === 0) return `"${text}"`;
  if (runStart < length) out += text.slice(runStart);
  return out + '"';
}

/** Number of bytes the string takes in UTF-8 (lone surrogates count as the 3 bytes of WTF-8). */
export function utf8Length(text: string, start = 0, end = text.length): number {
  let bytes = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < end) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Encodes `text[start, end)` as UTF-8 and records, for every byte, the UTF-16 index of the
 * character it belongs to: for the few places where Go walks a string byte by byte.
 */
export function encodeUtf8(text: string, start: number, end: number): { bytes: number[]; sourceIndex: number[] } {
  const bytes: number[] = [];
  const sourceIndex: number[] = [];
  for (let i = start; i < end; i++) {
    let codePoint = text.charCodeAt(i);
    const at = i;
    if (codePoint >= 0xd800 && codePoint <= 0xdbff && i + 1 < end) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        codePoint = 0x10000 + ((codePoint - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (codePoint < 0x80) {
      bytes.push(codePoint);
      sourceIndex.push(at);
    } else if (codePoint < 0x800) {
      bytes.push(0xc0 | (codePoint >> 6), 0x80 | (codePoint & 0x3f));
      sourceIndex.push(at, at);
    } else if (codePoint < 0x10000) {
      bytes.push(0xe0 | (codePoint >> 12), 0x80 | ((codePoint >> 6) & 0x3f), 0x80 | (codePoint & 0x3f));
      sourceIndex.push(at, at, at);
    } else {
      bytes.push(
        0xf0 | (codePoint >> 18),
        0x80 | ((codePoint >> 12) & 0x3f),
        0x80 | ((codePoint >> 6) & 0x3f),
        0x80 | (codePoint & 0x3f),
      );
      sourceIndex.push(at, at, at, at);
    }
  }
  return { bytes, sourceIndex };
}

const LOWER_CACHE = new Map<string, string>();
/**
 * The instruction names as source literals: a cached lower-case keyword is one of these, so the
 * parser's comparisons with the literals (`switch (kind)`, `lower === 'run'`) find the same string
 * object at once.
 */
const KNOWN_KEYWORDS = new Map(
  ['add', 'arg', 'cmd', 'copy', 'entrypoint', 'env', 'expose', 'from', 'healthcheck', 'label', 'maintainer', 'onbuild', 'run', 'shell', 'stopsignal', 'user', 'volume', 'workdir'].map(
    (name) => [name, name] as const,
  ),
);

/**
 * Lower-cases an instruction keyword through a small cache: the same few spellings (`RUN`, `run`)
 * come back on every line, and this saves a string per instruction.
 */
export function lowerKeyword(keyword: string): string {
  let lower = LOWER_CACHE.get(keyword);
  if (lower === undefined) {
    lower = keyword.toLowerCase();
    lower = KNOWN_KEYWORDS.get(lower) ?? lower;
    if (LOWER_CACHE.size < 512 && keyword.length <= 16) LOWER_CACHE.set(keyword, lower);
  }
  return lower;
}
