// `.dockerignore` matching as BuildKit's CopyIgnoredFile sees it: patterns read like
// moby/patternmatcher/ignorefile ReadAll, matched like PatternMatcher.MatchesOrParentMatches.

/** Go's path.Clean for `/`-separated paths. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
    } else out.push(part);
  }
  const joined = out.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

export interface IgnorePattern {
  readonly text: string;
  readonly exclusion: boolean;
  readonly regex: RegExp | undefined;
}

function compilePattern(pattern: string): RegExp | undefined {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? '';
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') i++;
        re += i + 1 >= pattern.length ? (re === '^' ? '.*' : '(/.*)?') : '(.*/)?';
      } else re += '[^/]*';
    } else if (ch === '?') re += '[^/]';
    else if ('.+()|{}$'.includes(ch)) re += `\\${ch}`;
    else if (ch === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) return undefined;
      re += `\\${next}`;
      i++;
    } else re += ch;
  }
  try {
    return new RegExp(`${re}$`, 's');
  } catch {
    return undefined;
  }
}

/** Reads `.dockerignore` text into patterns (comments and blank lines dropped, paths cleaned). */
export function parseDockerignore(text: string): IgnorePattern[] {
  const patterns: IgnorePattern[] = [];
  for (const rawLine of text.split('\n')) {
    let line = rawLine.replace(/\r$/, '');
    if (line.startsWith('#')) continue;
    line = line.trim();
    if (line === '') continue;
    const exclusion = line.startsWith('!');
    if (exclusion) line = line.slice(1).trim();
    let p = cleanPath(line);
    if (p.length > 1 && p.startsWith('/')) p = p.slice(1);
    patterns.push({ text: p, exclusion, regex: compilePattern(p) });
  }
  return patterns;
}

/** True when `file` (cleaned, relative) or one of its parent directories is ignored. */
export function matchesOrParentMatches(patterns: readonly IgnorePattern[], file: string): boolean {
  let matched = false;
  const slash = file.lastIndexOf('/');
  const parent = slash < 0 ? '.' : file.slice(0, slash) || '/';
  const parentDirs = parent.split('/');
  for (const pattern of patterns) {
    if (pattern.exclusion !== matched || pattern.regex === undefined) continue;
    let match = pattern.regex.test(file);
    if (!match && parent !== '.') {
      for (let i = 0; i < parentDirs.length && !match; i++) match = pattern.regex.test(parentDirs.slice(0, i + 1).join('/'));
    }
    if (match) matched = !pattern.exclusion;
  }
  return matched;
}
