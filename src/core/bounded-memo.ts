// A memo for pure functions called with the same few keys over and over (keystrokes, FROM lines):
// emptied once it holds `limit` entries, a bound that only guards memory.

/** The memoised `compute(key)`: from `memo` when it is there, else computed and kept. */
export function boundedMemo<K, V>(memo: Map<K, V>, limit: number, key: K, compute: (key: K) => V): V {
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  return keepBounded(memo, limit, key, compute(key));
}

/** Keeps `value` under `key` (emptying `memo` first when it holds `limit` entries) and returns it. */
export function keepBounded<K, V>(memo: Map<K, V>, limit: number, key: K, value: V): V {
  if (memo.size >= limit) memo.clear();
  memo.set(key, value);
  return value;
}
