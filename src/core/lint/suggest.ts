// "Did you mean …?" the way BuildKit picks it (moby/buildkit util/suggest/error.go): the closest
// option by Levenshtein distance below 3, nothing on an exact match, case kept like the input.

/** Levenshtein edit distance (insert, delete, substitute all cost 1), on UTF-16 units. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length] ?? 0;
}

function matchCase(value: string, original: string): string {
  if (original === original.toLowerCase()) return value.toLowerCase();
  if (original === original.toUpperCase()) return value.toUpperCase();
  return value;
}

/**
 * The option BuildKit would suggest for `value`, or `''`: the first option at the smallest
 * distance under 3; an exact match means the value was fine and nothing is suggested.
 */
export function suggestClosest(value: string, options: Iterable<string>, caseSensitive: boolean): string {
  if (value === '') return '';
  const v = caseSensitive ? value : value.toLowerCase();
  let match = '';
  let minDistance = 3;
  for (const option of options) {
    const opt = caseSensitive ? option : option.toLowerCase();
    if (opt === v) return '';
    const d = levenshtein(v, opt);
    if (d < minDistance) {
      minDistance = d;
      match = caseSensitive ? opt : matchCase(opt, value);
    }
  }
  return match;
}
