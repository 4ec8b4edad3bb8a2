// A minimal ustar writer for the build context (POSIX.1-1988 ustar, as `docker build -` reads it
// with Go's archive/tar). The agent builds the archive itself from the validated file list and
// pipes it to the docker CLI, so nothing the page sends is ever extracted on the host
// (agent-security.md §3.5). Only two entry types are ever written: '0' regular file (0644 or 0755)
// and '5' directory (0755), owned by 0:0, with a fixed mtime, so the same files give the same bytes.

import { contextPathProblem } from '../protocol/paths.ts';

export interface TarFile {
  /** Relative path, already valid under src/protocol/paths.ts (checked again here). */
  readonly path: string;
  readonly content: Uint8Array;
  readonly executable?: boolean;
}

const BLOCK = 512;
/** 2020-01-01T00:00:00Z: a fixed mtime keeps archives reproducible. */
const MTIME = 1577836800;

function writeString(header: Uint8Array, offset: number, length: number, value: string): void {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length > length) throw new Error(`tar: field too long: ${value}`);
  header.set(bytes, offset);
}

function writeOctal(header: Uint8Array, offset: number, length: number, value: number): void {
  // length-1 octal digits, then NUL.
  const text = value.toString(8).padStart(length - 1, '0');
  if (text.length > length - 1) throw new Error('tar: number too large');
  writeString(header, offset, length, `${text}\0`);
}

function splitName(name: string): { prefix: string; name: string } {
  if (Buffer.byteLength(name) <= 100) return { prefix: '', name };
  // ustar: prefix (≤155 bytes) + '/' + name (≤100 bytes), split at a slash.
  for (let i = name.length - 1; i > 0; i--) {
    if (name[i] !== '/') continue;
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100 && rest.length > 0) return { prefix, name: rest };
  }
  throw new Error(`tar: name cannot be stored in ustar: ${name}`);
}

function header(name: string, type: '0' | '5', mode: number, size: number): Uint8Array {
  const h = new Uint8Array(BLOCK);
  const parts = splitName(name);
  writeString(h, 0, 100, parts.name);
  writeOctal(h, 100, 8, mode);
  writeOctal(h, 108, 8, 0);
  writeOctal(h, 116, 8, 0);
  writeOctal(h, 124, 12, size);
  writeOctal(h, 136, 12, MTIME);
  h.fill(0x20, 148, 156); // checksum field counts as spaces while summing
  writeString(h, 156, 1, type);
  writeString(h, 257, 6, 'ustar\0');
  writeString(h, 263, 2, '00');
  writeString(h, 265, 32, 'root');
  writeString(h, 297, 32, 'root');
  writeString(h, 345, 155, parts.prefix);
  let sum = 0;
  for (const byte of h) sum += byte;
  writeString(h, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return h;
}

/**
 * Writes the archive: parent directories first (each once), then each file, sorted by path so the
 * bytes do not depend on the order the page listed them. Throws on a path the grammar refuses: the
 * server validates first, so reaching that is a bug, never a silent write.
 */
export function writeTar(files: readonly TarFile[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const dirs = new Set<string>();
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const file of sorted) {
    const problem = file.path === 'Dockerfile' ? null : contextPathProblem(file.path);
    if (problem !== null) throw new Error(`tar: refused path ${JSON.stringify(file.path)}: ${problem}`);
    const segments = file.path.split('/');
    for (let i = 1; i < segments.length; i++) {
      const dir = `${segments.slice(0, i).join('/')}/`;
      if (dirs.has(dir)) continue;
      dirs.add(dir);
      chunks.push(header(dir, '5', 0o755, 0));
    }
    chunks.push(header(file.path, '0', file.executable === true ? 0o755 : 0o644, file.content.length));
    chunks.push(file.content);
    const pad = (BLOCK - (file.content.length % BLOCK)) % BLOCK;
    if (pad > 0) chunks.push(new Uint8Array(pad));
  }
  chunks.push(new Uint8Array(BLOCK * 2));
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export interface TarEntry {
  readonly name: string;
  readonly type: string;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly size: number;
  readonly content: Uint8Array;
}

/** Reads a ustar archive back (for tests and the audit log): every entry's header and bytes. */
export function readTar(data: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = [];
  const text = (from: number, len: number): string => {
    const slice = data.subarray(from, from + len);
    const end = slice.indexOf(0);
    return Buffer.from(end === -1 ? slice : slice.subarray(0, end)).toString('utf8');
  };
  let at = 0;
  while (at + BLOCK <= data.length) {
    if (data.subarray(at, at + BLOCK).every((b) => b === 0)) break;
    const name = text(at, 100);
    const prefix = text(at + 345, 155);
    const size = parseInt(text(at + 124, 12).trim() || '0', 8);
    entries.push({
      name: prefix ? `${prefix}/${name}` : name,
      type: text(at + 156, 1),
      mode: parseInt(text(at + 100, 8).trim() || '0', 8),
      uid: parseInt(text(at + 108, 8).trim() || '0', 8),
      gid: parseInt(text(at + 116, 8).trim() || '0', 8),
      size,
      content: data.slice(at + BLOCK, at + BLOCK + size),
    });
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return entries;
}
