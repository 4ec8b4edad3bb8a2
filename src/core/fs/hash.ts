// Content digests are a 64-bit FNV-1a computed on two 32-bit lanes (no BigInt, no Node crypto).
// It is a fingerprint for cache keys inside one simulation, not a security boundary.

const OFFSET_HI = 0xcbf29ce4;
const OFFSET_LO = 0x84222325;

// One FNV-1a-64 step, x = (x ^ b) * 0x100000001b3 (prime = 2^40 + 0x1b3), on two 32-bit lanes:
// the low lane times 0x1b3 over its 16-bit halves, and the high lane hi*0x1b3 + lo<<8 (the 2^40
// term lands 8 bits into the high lane) + the carry out of the low lane. `lo` is the lane before
// the step (mixHi needs it too).
function mixLo(lo: number, b: number): number {
  const x = (lo ^ b) >>> 0;
  const a = (x & 0xffff) * 0x1b3;
  const c = (x >>> 16) * 0x1b3 + (a >>> 16);
  return ((((c & 0xffff) << 16) | (a & 0xffff)) >>> 0);
}

function mixHi(hi: number, lo: number, b: number): number {
  const x = (lo ^ b) >>> 0;
  const a = (x & 0xffff) * 0x1b3;
  const c = (x >>> 16) * 0x1b3 + (a >>> 16);
  return (Math.imul(hi, 0x1b3) + (x << 8) + Math.floor(c / 0x10000)) >>> 0;
}

/** A running FNV-1a-64 state; feed it strings, bytes and numbers, then read `hex()`. */
export class Hasher {
  private hi = OFFSET_HI;
  private lo = OFFSET_LO;

  /** Mixes one byte (0..255) into the state. */
  byte(value: number): this {
    const lo = this.lo;
    this.lo = mixLo(lo, value & 0xff);
    this.hi = mixHi(this.hi, lo, value & 0xff);
    return this;
  }

  /** Mixes a string's UTF-16 code units (two bytes each) into the state. */
  string(value: string): this {
    // The state stays in locals for the whole string (a method call per byte dominated hashing).
    let hi = this.hi;
    let lo = this.lo;
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      let b = code & 0xff;
      let nextLo = mixLo(lo, b);
      hi = mixHi(hi, lo, b);
      lo = nextLo;
      b = code >>> 8;
      nextLo = mixLo(lo, b);
      hi = mixHi(hi, lo, b);
      lo = nextLo;
    }
    const nextLo = mixLo(lo, 0xff);
    this.hi = mixHi(hi, lo, 0xff);
    this.lo = nextLo;
    return this;
  }

  /** Mixes raw bytes into the state. */
  bytes(value: Uint8Array): this {
    let hi = this.hi;
    let lo = this.lo;
    for (let i = 0; i < value.length; i++) {
      const b = value[i] ?? 0;
      const nextLo = mixLo(lo, b);
      hi = mixHi(hi, lo, b);
      lo = nextLo;
    }
    const nextLo = mixLo(lo, 0xfe);
    this.hi = mixHi(hi, lo, 0xfe);
    this.lo = nextLo;
    return this;
  }

  /** Mixes a non-negative integer below 2^53 into the state. */
  number(value: number): this {
    return this.string(String(value));
  }

  /** Returns the 16-hex-digit digest of everything mixed in so far. */
  hex(): string {
    return this.hi.toString(16).padStart(8, '0') + this.lo.toString(16).padStart(8, '0');
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
