// Parser directives (`# syntax=`, `# escape=`, `# check=`), as frontend/dockerfile/parser/
// directives.go and parser.go read them: only in the leading block of the file, keys
// case-insensitive, the block ends at the first line that is not a valid known directive.

import { goQuote } from './go-text.ts';

/**
 * `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$` with Go's meanings: `\s` is `[\t\n\f\r ]` and `.`
 * is anything but `\n` (JavaScript's `.` would also refuse `\r`, U+2028 and U+2029).
 */
const DIRECTIVE = /^#[\t\n\f\r ]*([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*([^\n]+?)[\t\n\f\r ]*$/;

export type DirectiveName = 'syntax' | 'escape' | 'check';

export interface DirectiveMatch {
  readonly name: DirectiveName;
  readonly value: string;
  /** Offset of the value inside the matched line. */
  readonly valueOffset: number;
}

/** Matches one (already left-trimmed) line against the directive grammar; undefined ends the block. */
export function matchDirective(line: string): DirectiveMatch | undefined {
  if (line.charCodeAt(0) !== 0x23) return undefined;
  const match = DIRECTIVE.exec(line);
  if (!match) return undefined;
  const key = (match[1] ?? '').toLowerCase();
  if (key !== 'syntax' && key !== 'escape' && key !== 'check') return undefined;
  const value = match[2] ?? '';
  // The lazy value ends where the trailing whitespace starts, except when the value is itself
  // whitespace (`# escape=   ` gives the value " ", the last space).
  let valueEnd = line.length - trailingSpace(line);
  if (valueEnd < value.length || line.slice(valueEnd - value.length, valueEnd) !== value) valueEnd = line.length;
  return { name: key, value, valueOffset: valueEnd - value.length };
}

function trailingSpace(line: string): number {
  let count = 0;
  for (let i = line.length - 1; i >= 0; i--) {
    const code = line.charCodeAt(i);
    if (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d) count++;
    else break;
  }
  return count;
}

/** The part of a directive value BuildKit uses: up to the first space (`parser.ParseDirective`). */
export function directiveWord(value: string): string {
  const space = value.indexOf(' ');
  return space < 0 ? value : value.slice(0, space);
}

export interface CheckOptions {
  readonly skip: readonly string[] | 'all';
  readonly experimental: readonly string[] | 'all';
  readonly error: boolean;
}

/**
 * Parses a `# check=` value as BuildKit's `linter.ParseLintOptions` does:
 * `skip=<rules|all>;error=<bool>;experimental=<rules|all>`. Returns BuildKit's error text on failure.
 */
export function parseCheckOptions(value: string): { readonly options: CheckOptions } | { readonly error: string } {
  const trimmed = value.trim();
  let skip: readonly string[] | 'all' = [];
  let experimental: readonly string[] | 'all' = [];
  let error = false;
  if (trimmed === '') return { options: { skip, experimental, error } };
  // strings.SplitN(s, ";", 3): at most three parts, the last keeps any further `;`.
  const parts: string[] = [];
  let rest = trimmed;
  while (parts.length < 2) {
    const semi = rest.indexOf(';');
    if (semi < 0) break;
    parts.push(rest.slice(0, semi));
    rest = rest.slice(semi + 1);
  }
  parts.push(rest);
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq < 0) return { error: `invalid check option ${goQuote(part)}` };
    const key = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    if (key === 'skip' || key === 'experimental') {
      const list = raw === 'all' ? 'all' : raw.split(',').map((rule) => rule.trim());
      if (key === 'skip') skip = list;
      else experimental = list;
    } else if (key === 'error') {
      const bool = parseGoBool(raw);
      if (bool === undefined) {
        return {
          error: `failed to parse check option ${goQuote(part)}: strconv.ParseBool: parsing ${goQuote(raw)}: invalid syntax`,
        };
      }
      error = bool;
    } else {
      return { error: `invalid check option ${goQuote(key)}` };
    }
  }
  return { options: { skip, experimental, error } };
}

/** Go `strconv.ParseBool`. */
export function parseGoBool(value: string): boolean | undefined {
  switch (value) {
    case '1': case 't': case 'T': case 'true': case 'TRUE': case 'True':
      return true;
    case '0': case 'f': case 'F': case 'false': case 'FALSE': case 'False':
      return false;
    default:
      return undefined;
  }
}
