// Content digests are a 64-bit FNV-1a computed on two 32-bit lanes (no BigInt, no Node crypto).
// It is a fingerprint for cache keys inside one simulation, not a security boundary.

const OFFSET_HI = 0xcbf29ce4;
const OFFSET_LO = 0x84222325;

// One FNV-1a-64 step, x = (x ^ b) * 0x100000001b3 (prime = 2^40 + 0x1b3), on two 32-bit lanes:
// the low lane times 0x1b3 over its 16-bit halves, and the high lane hi*0x1b3 + lo<<8 (the 2^40
// term lands 8 bits into the high lane) + the carry out of the low lane. The step is written out
// inline in each loop below (both lanes share x, a and c; c < 2^31, so c >>> 16 is its carry):
//
//   x = (lo ^ b) >>> 0;  a = (x & 0xffff) * 0x1b3;  c = (x >>> 16) * 0x1b3 + (a >>> 16);
//   hi = (Math.imul(hi, 0x1b3) + (x << 8) + (c >>> 16)) >>> 0;  lo = (((c & 0xffff) << 16) | (a & 0xffff)) >>> 0;

// Two lowercase hex digits per byte value, so a digest is 8 lookups instead of two toString(16)s.
const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex32(v: number): string {
  return (
    (HEX_BYTE[v >>> 24] ?? '') +
    (HEX_BYTE[(v >>> 16) & 0xff] ?? '') +
    (HEX_BYTE[(v >>> 8) & 0xff] ?? '') +
    (HEX_BYTE[v & 0xff] ?? '')
  );
}

/** A running FNV-1a-64 state; feed it strings, bytes and numbers, then read `hex()`. */
export class Hasher {
  private hi = OFFSET_HI;
  private lo = OFFSET_LO;

  /** Mixes one byte (0..255) into the state. */
  byte(value: number): this {
    const x = (this.lo ^ (value & 0xff)) >>> 0;
    const a = (x & 0xffff) * 0x1b3;
    const c = (x >>> 16) * 0x1b3 + (a >>> 16);
    this.hi = (Math.imul(this.hi, 0x1b3) + (x << 8) + (c >>> 16)) >>> 0;
    this.lo = (((c & 0xffff) << 16) | (a & 0xffff)) >>> 0;
    return this;
  }

  /** Mixes a string's UTF-16 code units (two bytes each) into the state. */
  string(value: string): this {
    // The state stays in locals for the whole string (a method call per byte dominated hashing).
    let hi = this.hi;
    let lo = this.lo;
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      let x = (lo ^ (code & 0xff)) >>> 0;
      let a = (x & 0xffff) * 0x1b3;
      let c = (x >>> 16) * 0x1b3 + (a >>> 16);
      hi = (Math.imul(hi, 0x1b3) + (x << 8) + (c >>> 16)) >>> 0;
      lo = (((c & 0xffff) << 16) | (a & 0xffff)) >>> 0;
      x = (lo ^ (code >>> 8)) >>> 0;
      a = (x & 0xffff) * 0x1b3;
      c = (x >>> 16) * 0x1b3 + (a >>> 16);
      hi = (Math.imul(hi, 0x1b3) + (x << 8) + (c >>> 16)) >>> 0;
      lo = (((c & 0xffff) << 16) | (a & 0xffff)) >>> 0;
    }
    this.hi = hi;
    this.lo = lo;
    return this.byte(0xff);
  }

  /** Mixes raw bytes into the state. */
  bytes(value: Uint8Array): this {
    let hi = this.hi;
    let lo = this.lo;
    for (let i = 0; i < value.length; i++) {
      const x = (lo ^ (value[i] ?? 0)) >>> 0;
      const a = (x & 0xffff) * 0x1b3;
      const c = (x >>> 16) * 0x1b3 + (a >>> 16);
      hi = (Math.imul(hi, 0x1b3) + (x << 8) + (c >>> 16)) >>> 0;
      lo = (((c & 0xffff) << 16) | (a & 0xffff)) >>> 0;
    }
    this.hi = hi;
    this.lo = lo;
    return this.byte(0xfe);
  }

  /** Mixes a non-negative integer below 2^53 into the state (as `string(String(value))` does). */
  number(value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) return this.string(String(value));
    // The decimal digits, most significant first, as UTF-16 code units (high byte 0), without
    // building the string. Powers of ten up to 1e15 and their tenths are exact doubles.
    let p = 1;
    while (p * 10 <= value) p *= 10;
    let v = value;
    let hi = this.hi;
    let lo = this.lo;
    for (;;) {
      const digit = Math.floor(v / p);
      v -= digit * p;
      let x = (lo ^ (0x30 + digit)) >>> 0;
      let a = (x & 0xffff) * 0x1b3;
      let c = (x >>> 16) * 0x1b3 + (a >>> 16);
      hi = (Math.imul(hi, 0x1b3) + (x << 8) + (c >>> 16)) >>> 0;
      lo = (((c & 0xffff) << 16) | (a & 0xffff)) >>> 0;
      x = lo; // the code unit's high byte, 0
      a = (x & 0xffff) * 0x1b3;
      c = (x >>> 16) * 0x1b3 + (a >>> 16);
      hi = (Math.imul(hi, 0x1b3) + (x << 8) + (c >>> 16)) >>> 0;
      lo = (((c & 0xffff) << 16) | (a & 0xffff)) >>> 0;
      if (p === 1) break;
      p /= 10;
    }
    this.hi = hi;
    this.lo = lo;
    return this.byte(0xff);
  }

  /** Returns the 16-hex-digit digest of everything mixed in so far. */
  hex(): string {
    return hex32(this.hi) + hex32(this.lo);
  }
}

/** Hashes a list of strings into one 16-hex-digit digest. */
export function hashStrings(...parts: readonly string[]): string {
  const h = new Hasher();
  for (const part of parts) h.string(part);
  return h.hex();
}

/** Hashes raw bytes into a 16-hex-digit digest. */
export function hashBytes(data: Uint8Array): string {
  return new Hasher().bytes(data).hex();
}
