// .dockerignore, as the docker CLI reads it (moby/patternmatcher `ignorefile.ReadAll`) and matches
// it (`PatternMatcher.MatchesOrParentMatches`): the last matching pattern wins, `!` re-includes,
// `**` spans directories, a pattern matching a parent directory excludes everything below it.

import { normalizePath } from './path.ts';

/** One parsed .dockerignore line. */
export interface IgnorePattern {
  /** The cleaned pattern, without `!` and without a leading `/`. */
  readonly pattern: string;
  /** True for a `!pattern` line: a match re-includes the path. */
  readonly exclusion: boolean;
  /** 1-based line in the .dockerignore file. */
  readonly line: number;
  /** Undefined when the pattern cannot be compiled (it then matches nothing). */
  readonly regex: RegExp | undefined;
}

/** Parses .dockerignore text into patterns: `#` comments and blank lines dropped, paths cleaned. */
export function parseDockerignore(text: string): IgnorePattern[] {
  const patterns: IgnorePattern[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  lines.forEach((raw, index) => {
    // ReadAll skips comments before trimming, so " #x" is a pattern, "#x" is not.
    if (raw.startsWith('#')) return;
    let pattern = raw.trim();
    if (pattern === '') return;
    const exclusion = pattern.startsWith('!');
    if (exclusion) pattern = pattern.slice(1).trim();
    if (pattern === '') return;
    pattern = cleanPattern(pattern);
    patterns.push({ pattern, exclusion, line: index + 1, regex: compilePattern(pattern) });
  });
  return patterns;
}

// filepath.Clean, then drop one leading '/' (ReadAll: "normalize absolute paths").
function cleanPattern(pattern: string): string {
  const absolute = pattern.startsWith('/');
  const cleaned = normalizeRelative(pattern);
  if (absolute) return cleaned === '' ? '/' : cleaned;
  return cleaned === '' ? '.' : cleaned;
}

function normalizeRelative(pattern: string): string {
  const out: string[] = [];
  const absolute = pattern.startsWith('/');
  for (const part of pattern.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
    } else out.push(part);
  }
  return out.join('/');
}

// patternmatcher's Pattern.compile: '**' spans separators, '*' and '?' do not, '\' escapes.
function compilePattern(pattern: string): RegExp | undefined {
  let re = '^';
  const chars = [...pattern];
  let inClass = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    if (inClass && ch !== '\\') {
      // Inside [...] characters keep their class meaning (ranges, ^ negation), as in Go's regexp.
      re += ch === ']' ? ']' : ch === '[' ? '\\[' : ch;
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '*') {
      if (chars[i + 1] === '*') {
        i++;
        if (chars[i + 1] === '/') i++;
        re += i + 1 >= chars.length ? '.*' : '(.*/)?';
      } else re += '[^/]*';
    } else if (ch === '?') re += '[^/]';
    else if (ch === '\\') {
      const next = chars[i + 1];
      if (next === undefined) re += '\\\\';
      else {
        re += escapeRegex(next);
        i++;
      }
    } else if (ch === '[') {
      re += '[';
      inClass = true;
    } else if (ch === ']') re += '\\]';
    else re += escapeRegex(ch);
  }
  re += '$';
  try {
    return new RegExp(re, 'u');
  } catch {
    return undefined;
  }
}

function escapeRegex(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}

/** Decides which context paths `.dockerignore` excludes. */
export class DockerignoreMatcher {
  readonly patterns: readonly IgnorePattern[];

  constructor(patterns: readonly IgnorePattern[]) {
    this.patterns = patterns;
  }

  /** Builds a matcher from .dockerignore text. */
  static fromText(text: string): DockerignoreMatcher {
    return new DockerignoreMatcher(parseDockerignore(text));
  }

  /** True when there is no pattern at all. */
  get isEmpty(): boolean {
    return this.patterns.length === 0;
  }

  /** Tells whether a context-relative path (e.g. `src/a.txt`) is excluded, checking its parent dirs too. */
  isIgnored(relativePath: string): boolean {
    return this.matchingPattern(relativePath)?.exclusion === false;
  }

  /** Returns the last pattern that decided the path's fate, or undefined when none matched. */
  matchingPattern(relativePath: string): IgnorePattern | undefined {
    const file = normalizePath(relativePath).slice(1);
    if (file === '') return undefined;
    const parts = file.split('/');
    let matched = false;
    let decided: IgnorePattern | undefined;
    for (const pattern of this.patterns) {
      // MatchesOrParentMatches skips inclusions once matched and exclusions until matched.
      if (pattern.exclusion !== matched) continue;
      const regex = pattern.regex;
      if (!regex) continue;
      let hit = regex.test(file);
      for (let i = 1; !hit && i < parts.length; i++) hit = regex.test(parts.slice(0, i).join('/'));
      if (hit) {
        matched = !pattern.exclusion;
        decided = pattern;
      }
    }
    return decided;
  }

  /** Tells whether any `!` pattern could re-include something below an excluded directory. */
  get hasExclusions(): boolean {
    return this.patterns.some((p) => p.exclusion);
  }
}
