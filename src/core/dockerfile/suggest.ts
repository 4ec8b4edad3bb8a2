// "Did you mean …?" as BuildKit computes it (util/suggest): the option with the smallest
// Levenshtein distance below 3 wins; an exact match means there is nothing to suggest. Go iterates
// a map there, so ties are settled in random order; here the first option in list order wins.

/** Levenshtein distance over code points, unit costs (agext/levenshtein defaults). */
function levenshtein(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  if (x.length === 0) return y.length;
  if (y.length === 0) return x.length;
  let previous = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[y.length] ?? 0;
}

/** The matching option for a mistyped value, or undefined (BuildKit `suggest.Search`). */
export function suggest(value: string, options: readonly string[], caseSensitive: boolean): string | undefined {
  const wanted = caseSensitive ? value : value.toLowerCase();
  let match: string | undefined;
  let best = 3;
  for (const option of options) {
    const candidate = caseSensitive ? option : option.toLowerCase();
    if (candidate === wanted) return undefined;
    const distance = levenshtein(wanted, candidate);
    if (distance < best) {
      best = distance;
      match = caseSensitive ? candidate : matchCase(candidate, value);
    }
  }
  return match;
}

function matchCase(option: string, original: string): string {
  if (original === original.toLowerCase()) return option.toLowerCase();
  if (original === original.toUpperCase()) return option.toUpperCase();
  return option;
}

/** Appends BuildKit's suggestion suffix to an error text when there is a suggestion. */
export function withSuggestion(message: string, match: string | undefined): string {
  return match === undefined ? message : `${message} (did you mean ${match}?)`;
}
