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

const DECIMAL_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];

/**
 * Formats like docker/go-units HumanSizeWithPrecision: divide by 1000 while ≥ 1000, then Go's
 * `%.*g`. That means round-half-to-even on the exact value (100,500 B → "100kB") and exponent
 * form once rounding reaches 1000 (999,600 B → "1e+03kB"); both checked against Engine 20.10's
 * `docker images` and `docker history`.
 */
export function humanSizeWithPrecision(size: number, precision: number): string {
  let value = size;
  let unit = 0;
  while (value >= 1000 && unit < DECIMAL_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${formatGoG(value, precision)}${DECIMAL_UNITS[unit]}`;
}

/**
 * Formats bytes the way `docker images` and `docker history` print SIZE: decimal units with 3
 * significant digits (docker/cli formatter: units.HumanSizeWithPrecision(size, 3)).
 */
export function formatBytesLikeDocker(size: Bytes): string {
  return humanSizeWithPrecision(size, 3);
}

/** Formats bytes like go-units HumanSize (4 significant digits), as the legacy builder's context upload line does. */
export function formatBytesHuman(size: Bytes): string {
  return humanSizeWithPrecision(size, 4);
}

/** Go's `fmt.Sprintf("%.*g", precision, value)` for finite non-negative values. */
export function formatGoG(value: number, precision: number): string {
  const p = Math.max(1, Math.floor(precision));
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN';
  if (value === 0) return '0';
  const negative = value < 0;
  const { digits, exponent } = exactDecimal(Math.abs(value));
  let kept = digits.slice(0, p).padEnd(p, '0');
  let exp = exponent;
  const next = digits.charAt(p);
  const rest = digits.slice(p + 1);
  const lastKept = Number(kept.charAt(p - 1));
  // strconv rounds the exact binary value to nearest, ties to even.
  const roundUp = next > '5' || (next === '5' && (/[1-9]/.test(rest) || lastKept % 2 === 1));
  if (roundUp) {
    const incremented = (BigInt(kept) + 1n).toString();
    if (incremented.length > p) {
      exp += 1;
      kept = incremented.slice(0, p);
    } else {
      kept = incremented;
    }
  }
  let text: string;
  if (exp < -4 || exp >= p) {
    const mantissa = trimFraction(`${kept.charAt(0)}.${kept.slice(1)}`);
    const sign = exp < 0 ? '-' : '+';
    text = `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  } else if (exp >= 0) {
    text = trimFraction(`${kept.slice(0, exp + 1)}.${kept.slice(exp + 1)}`);
  } else {
    text = trimFraction(`0.${'0'.repeat(-exp - 1)}${kept}`);
  }
  return negative ? `-${text}` : text;
}

function trimFraction(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

// Significant digits and decimal exponent of a positive double, exactly: toPrecision(100) is
// specified to round the exact mathematical value, and every double ≥ 1e-6 that a size can
// produce has fewer than 100 significant decimal digits.
function exactDecimal(value: number): { digits: string; exponent: number } {
  const text = value.toPrecision(100);
  const [mantissa = '0', expText] = text.split('e');
  const [intPart = '0', fracPart = ''] = mantissa.split('.');
  let exponent = expText !== undefined ? Number(expText) : intPart.replace(/^0+/, '').length - 1;
  let digits = (intPart + fracPart).replace(/^0+/, '');
  if (expText === undefined && /^0*$/.test(intPart)) {
    const leadingZeros = /^0*/.exec(fracPart)?.[0].length ?? 0;
    exponent = -leadingZeros - 1;
    digits = fracPart.slice(leadingZeros);
  }
  return { digits: digits.replace(/0+$/, '') || '0', exponent };
}
