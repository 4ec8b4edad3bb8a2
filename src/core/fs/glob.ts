// Glob matching for COPY/ADD sources, per path segment, with the syntax of Go's filepath.Match
// (`*`, `?`, `[...]` with `^` negation and ranges, `\` escapes), which both the legacy builder
// (moby daemon/builder/dockerfile/copy.go) and BuildKit (fsutil / contenthash wildcards) use.

/** Tells whether a pattern has any glob metacharacter (Go's `hasMeta`: `*`, `?`, `[`, `\`). */
export function hasGlobMeta(pattern: string): boolean {
  return /[*?[\\]/.test(pattern);
}

/**
 * Matches one path segment (no `/`) against one pattern segment; returns undefined when the pattern
 * is malformed (Go's ErrBadPattern), which callers treat as "matches nothing".
 */
export function matchSegment(pattern: string, name: string): boolean | undefined {
  return matchFrom(pattern, 0, name, 0);
}

function matchFrom(p: string, pi: number, s: string, si: number): boolean | undefined {
  while (pi < p.length) {
    const c = p[pi];
    if (c === '*') {
      while (p[pi] === '*') pi++;
      if (pi === p.length) return !s.slice(si).includes('/');
      for (let k = si; k <= s.length; k++) {
        const r = matchFrom(p, pi, s, k);
        if (r === undefined) return undefined;
        if (r) return true;
        if (s[k] === '/') return false;
      }
      return false;
    }
    if (si >= s.length) return validateRest(p, pi) ? false : undefined;
    const ch = s[si] ?? '';
    if (c === '?') {
      if (ch === '/') return false;
      pi++;
      si++;
      continue;
    }
    if (c === '[') {
      const cls = matchClass(p, pi + 1, ch);
      if (!cls) return undefined;
      if (!cls.matched || ch === '/') return false;
      pi = cls.next;
      si++;
      continue;
    }
    if (c === '\\') {
      pi++;
      if (pi >= p.length) return undefined;
    }
    if (p[pi] !== ch) return validateRest(p, pi + 1) ? false : undefined;
    pi++;
    si++;
  }
  return si === s.length;
}

function matchClass(p: string, start: number, ch: string): { matched: boolean; next: number } | undefined {
  let i = start;
  let negated = false;
  if (p[i] === '^') {
    negated = true;
    i++;
  }
  let matched = false;
  let first = true;
  while (true) {
    if (i >= p.length) return undefined;
    if (p[i] === ']' && !first) {
      i++;
      break;
    }
    first = false;
    let lo = p[i] ?? '';
    // Go's getEsc: an unescaped '-' or ']' cannot start a range ("[]a]" is ErrBadPattern).
    if (lo === '-' || lo === ']') return undefined;
    if (lo === '\\') {
      i++;
      lo = p[i] ?? '';
      if (i >= p.length) return undefined;
    }
    i++;
    let hi = lo;
    if (p[i] === '-') {
      i++;
      hi = p[i] ?? '';
      if (hi === '-' || hi === ']') return undefined;
      if (hi === '\\') {
        i++;
        hi = p[i] ?? '';
      }
      if (i >= p.length) return undefined;
      i++;
    }
    if (lo <= ch && ch <= hi) matched = true;
  }
  return { matched: matched !== negated, next: i };
}

// Go reports a malformed pattern only when it reaches it; a cheap check keeps `[` errors consistent.
function validateRest(p: string, from: number): boolean {
  for (let i = from; i < p.length; i++) {
    if (p[i] === '\\') {
      if (i + 1 >= p.length) return false;
      i++;
    } else if (p[i] === '[') {
      const cls = matchClass(p, i + 1, '');
      if (!cls) return false;
      i = cls.next - 1;
    }
  }
  return true;
}
