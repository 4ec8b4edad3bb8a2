// Reads an uncompressed tar archive (ustar/GNU headers) so `ADD archive.tar /dir/` can unpack it,
// as both builders do for local archives (compressed ones need an inflater the core does not have).

export interface TarEntry {
  readonly path: string;
  readonly type: 'file' | 'dir' | 'symlink';
  readonly mode: number;
  readonly data: Uint8Array;
  readonly linkName: string;
}

function text(bytes: Uint8Array, start: number, length: number): string {
  let out = '';
  for (let i = start; i < start + length && i < bytes.length; i++) {
    const c = bytes[i] ?? 0;
    if (c === 0) break;
    out += String.fromCharCode(c);
  }
  return out;
}

function octal(bytes: Uint8Array, start: number, length: number): number {
  const t = text(bytes, start, length).trim();
  return t === '' ? 0 : parseInt(t, 8) || 0;
}

/** Tells whether bytes look like a tar archive (`ustar` magic at offset 257). */
export function isTarArchive(bytes: Uint8Array): boolean {
  return bytes.length >= 512 && text(bytes, 257, 5) === 'ustar';
}

/** Lists a tar archive's entries; stops quietly at anything malformed. */
export function readTar(bytes: Uint8Array): TarEntry[] {
  const out: TarEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  while (offset + 512 <= bytes.length) {
    const name = text(bytes, offset, 100);
    if (name === '') break;
    const size = octal(bytes, offset + 124, 12);
    const typeflag = String.fromCharCode(bytes[offset + 156] ?? 48);
    const prefix = text(bytes, offset + 345, 155);
    const dataStart = offset + 512;
    const data = bytes.slice(dataStart, dataStart + size);
    offset = dataStart + Math.ceil(size / 512) * 512;
    if (typeflag === 'L') {
      longName = text(data, 0, data.length);
      continue;
    }
    const path = (longName ?? (prefix !== '' ? `${prefix}/${name}` : name)).replace(/^\.\//, '').replace(/\/$/, '');
    longName = undefined;
    if (path === '' || path === '.') continue;
    const mode = octal(bytes, offset - Math.ceil(size / 512) * 512 - 512 + 100, 8) & 0o7777;
    const linkName = text(bytes, offset - Math.ceil(size / 512) * 512 - 512 + 157, 100);
    if (typeflag === '5') out.push({ path, type: 'dir', mode, data: new Uint8Array(), linkName: '' });
    else if (typeflag === '2') out.push({ path, type: 'symlink', mode, data: new Uint8Array(), linkName });
    else if (typeflag === '0' || typeflag === '\0' || typeflag === '7') out.push({ path, type: 'file', mode, data, linkName: '' });
  }
  return out;
}
