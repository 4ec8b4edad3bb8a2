// Content digests are a 64-bit FNV-1a computed on two 32-bit lanes (no BigInt, no Node crypto).
// It is a fingerprint for cache keys inside one simulation, not a security boundary.

const OFFSET_HI = 0xcbf29ce4;
const OFFSET_LO = 0x84222325;

/** A running FNV-1a-64 state; feed it strings, bytes and numbers, then read `hex()`. */
export class Hasher {
  private hi = OFFSET_HI;
  private lo = OFFSET_LO;

  /** Mixes one byte (0..255) into the state. */
  byte(value: number): this {
    // x ^= b; x *= 0x100000001b3 (prime = 2^40 + 0x1b3), split over 16-bit halves of the low lane.
    let lo = (this.lo ^ (value & 0xff)) >>> 0;
    let hi = this.hi;
    const loLow = lo & 0xffff;
    const loHigh = lo >>> 16;
    const a = loLow * 0x1b3;
    const b = loHigh * 0x1b3 + (a >>> 16);
    const newLo = ((b & 0xffff) << 16) | (a & 0xffff);
    // high lane: hi*0x1b3 + lo<<8 (the 2^40 term lands 8 bits into the high lane) + carry.
    hi = (Math.imul(hi, 0x1b3) + (lo << 8) + Math.floor(b / 0x10000)) >>> 0;
    lo = newLo >>> 0;
    this.hi = hi;
    this.lo = lo;
    return this;
  }

  /** Mixes a string's UTF-16 code units (two bytes each) into the state. */
  string(value: string): this {
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      this.byte(code & 0xff).byte(code >>> 8);
    }
    return this.byte(0xff);
  }

  /** Mixes raw bytes into the state. */
  bytes(value: Uint8Array): this {
    for (let i = 0; i < value.length; i++) this.byte(value[i] ?? 0);
    return this.byte(0xfe);
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
