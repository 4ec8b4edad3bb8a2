// The Go value parsers BuildKit's instruction parser calls, with their exact error texts:
// `time.ParseDuration` (HEALTHCHECK), `strconv.ParseInt`/`ParseUint` (retries, mount mode/uid/gid)
// and go-units `RAMInBytes` (tmpfs mount size).

import { goQuote } from './go-text.ts';

const NANOS_PER_UNIT: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3, // U+00B5
  'μs': 1e3, // U+03BC
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

const MAX_DURATION = 9223372036854775807;

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Go `time.ParseDuration`: nanoseconds, or Go's error text. */
export function parseGoDuration(text: string): { readonly nanos: number } | { readonly error: string } {
  // Made only when needed: a valid duration (the common case) allocates no error text.
  const invalid = (): { readonly error: string } => ({ error: `time: invalid duration ${goQuote(text)}` });
  let s = text;
  let negative = false;
  if (s !== '') {
    const sign = s[0];
    if (sign === '-' || sign === '+') {
      negative = sign === '-';
      s = s.slice(1);
    }
  }
  if (s === '0') return { nanos: 0 };
  if (s === '') return invalid();
  let total = 0;
  while (s !== '') {
    const first = s.charCodeAt(0);
    if (!(first === 0x2e || isDigit(first))) return invalid();
    let i = 0;
    let whole = 0;
    while (i < s.length && isDigit(s.charCodeAt(i))) whole = whole * 10 + (s.charCodeAt(i++) - 0x30);
    const hadWhole = i > 0;
    if (whole > MAX_DURATION) return invalid();
    let fraction = 0;
    let scale = 1;
    let hadFraction = false;
    if (s.charCodeAt(i) === 0x2e) {
      i++;
      const start = i;
      while (i < s.length && isDigit(s.charCodeAt(i))) {
        if (scale < 1e18) {
          fraction = fraction * 10 + (s.charCodeAt(i) - 0x30);
          scale *= 10;
        }
        i++;
      }
      hadFraction = i > start;
    }
    if (!hadWhole && !hadFraction) return invalid();
    let unitEnd = i;
    while (unitEnd < s.length && s.charCodeAt(unitEnd) !== 0x2e && !isDigit(s.charCodeAt(unitEnd))) unitEnd++;
    if (unitEnd === i) return { error: `time: missing unit in duration ${goQuote(text)}` };
    const unit = s.slice(i, unitEnd);
    const perUnit = Object.hasOwn(NANOS_PER_UNIT, unit) ? NANOS_PER_UNIT[unit] : undefined;
    if (perUnit === undefined) return { error: `time: unknown unit ${goQuote(unit)} in duration ${goQuote(text)}` };
    total += whole * perUnit + (fraction * perUnit) / scale;
    if (total > MAX_DURATION) return invalid();
    s = s.slice(unitEnd);
  }
  return { nanos: negative ? -total : total };
}

/** Go `strconv.ParseInt(text, 10, bits)`. */
export function parseGoInt(text: string, bits: number): { readonly value: number } | { readonly error: string } {
  const body = text.startsWith('+') || text.startsWith('-') ? text.slice(1) : text;
  if (body === '' || !/^[0-9]+$/.test(body)) return { error: `strconv.ParseInt: parsing ${goQuote(text)}: invalid syntax` };
  const value = Number(text);
  const limit = 2 ** (bits - 1);
  if (value >= limit || value < -limit) return { error: `strconv.ParseInt: parsing ${goQuote(text)}: value out of range` };
  return { value };
}

/** Go `strconv.ParseUint(text, base, bits)` for base 8 or 10. */
export function parseGoUint(text: string, base: 8 | 10, bits: number): { readonly value: number } | { readonly error: string } {
  const digits = base === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!digits.test(text)) return { error: `strconv.ParseUint: parsing ${goQuote(text)}: invalid syntax` };
  const value = parseInt(text, base);
  if (value >= 2 ** bits) return { error: `strconv.ParseUint: parsing ${goQuote(text)}: value out of range` };
  return { value };
}

/** go-units `RAMInBytes` accepts e.g. `64m`, `1.5GiB`, `512 kb`. */
export function isRamSize(text: string): boolean {
  return /^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/.test(text);
}
