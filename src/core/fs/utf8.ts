// UTF-8 without TextEncoder: src/core's lib is ES2023 only, which has no TextEncoder/TextDecoder.

/** Encodes a string as UTF-8 bytes (lone surrogates become U+FFFD, as TextEncoder does). */
export function encodeUtf8(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else code = 0xfffd;
    } else if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
    if (code < 0x80) out.push(code);
    else if (code < 0x800) out.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000) out.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else out.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
  }
  return Uint8Array.from(out);
}

/** Decodes UTF-8 bytes leniently (invalid sequences become U+FFFD). */
export function decodeUtf8(data: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < data.length) {
    const b0 = data[i] ?? 0;
    let code = 0xfffd;
    let len = 1;
    if (b0 < 0x80) code = b0;
    else if (b0 >= 0xc2 && b0 < 0xe0) len = 2;
    else if (b0 >= 0xe0 && b0 < 0xf0) len = 3;
    else if (b0 >= 0xf0 && b0 < 0xf5) len = 4;
    if (len > 1) {
      let value = b0 & (len === 2 ? 0x1f : len === 3 ? 0x0f : 0x07);
      let ok = i + len <= data.length;
      for (let k = 1; ok && k < len; k++) {
        const b = data[i + k] ?? 0;
        if ((b & 0xc0) !== 0x80) ok = false;
        else value = (value << 6) | (b & 0x3f);
      }
      if (ok) code = value;
      else len = 1;
    }
    out += String.fromCodePoint(code);
    i += len;
  }
  return out;
}

/** Counts the UTF-8 bytes of a string without allocating them. */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) n += 1;
    else if (code < 0x800) n += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}
