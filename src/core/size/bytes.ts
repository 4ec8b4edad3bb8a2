// Sizes are branded so a byte count is never mixed up with a line number or a count of layers.

export type Bytes = number & { readonly __brand: 'Bytes' };

/** Brands a non-negative integer count of bytes. */
export function bytes(count: number): Bytes {
  return Math.max(0, Math.round(count)) as Bytes;
}

/** Adds byte counts. */
export function sumBytes(values: Iterable<Bytes>): Bytes {
  let total = 0;
  for (const value of values) total += value;
  return total as Bytes;
}

/**
 * Formats bytes the way `docker images` does: decimal units (kB, MB, GB) with 3 significant
 * digits (docker/go-units HumanSizeWithPrecision(size, 3)).
 */
export function formatBytesLikeDocker(size: Bytes): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let value: number = size;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${Number(value.toPrecision(3))}${units[unit]}`;
}
