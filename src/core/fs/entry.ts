// Filesystem entries are immutable values: a layer stores them by path, a copy shares them, and a
// change (chmod, append) makes a new entry. Regular files carry either real bytes (small files a
// learner writes and RUN `cat`s) or a synthetic body: a size plus a stable fingerprint, for
// base-image binaries, `dd` output and toolchain artifacts whose bytes nobody needs to see.

import { Hasher, hashBytes } from './hash.ts';
import { encodeUtf8, utf8Length } from './utf8.ts';

/** Ownership and permission bits shared by every entry kind (mode holds permission bits only, 0o7777). */
export interface EntryMeta {
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
}

/** The bytes of a regular file: real content, or a fingerprint standing for content of a known size. */
export type FileBody =
  | { readonly kind: 'bytes'; readonly data: Uint8Array }
  | { readonly kind: 'synthetic'; readonly fingerprint: string };

export interface FileEntry extends EntryMeta {
  readonly type: 'file';
  readonly size: number;
  readonly body: FileBody;
  /** Digest of the content only (not the metadata); equal bodies give equal digests. */
  readonly contentDigest: string;
  /** True when the size or content is an estimate (knowledge base, not exact shell output). */
  readonly estimated?: boolean;
  /** Set when the text is the simulator's guess rather than what a real engine writes (always with `estimated`); see ContentGuess. */
  readonly guess?: ContentGuess;
}

/**
 * How much of a file's text the simulator knows, when it is not exact. The shell model computes
 * most files exactly (echo, printf, heredocs, cp of known files), but some output comes from the
 * build host or builder, and some from commands or syntax it does not model at all. The mark rides
 * on the immutable entry, so `cp`, `chmod`, `mv`, `cat a b > c` and `COPY --from` carry it along,
 * and the playground terminal can say so instead of printing a guess as the file's real text.
 * - `host-dependent`: a plausible stand-in for text a real engine takes from the build host or the
 *   builder (dates in `ls -l`, `id`'s groups); printed with a note.
 * - `conditional`: exact text, written in a branch the script took on a condition the simulator
 *   could only guess (`if grep -q avx /proc/cpuinfo; then …`), so a real build may not have written
 *   it (the file may be missing, or hold what it held before); printed with a note.
 * - `partly-modelled`: written by a RUN step that ran a command the simulator does not model, which
 *   may have changed it; printed with a note.
 * - `unknown`: the output of a command (or expansion) that was not modelled: the text would be pure
 *   invention, so it is not printed at all.
 */
export type ContentGuess = 'host-dependent' | 'conditional' | 'partly-modelled' | 'unknown';

const GUESS_RANK: Readonly<Record<ContentGuess, number>> = { 'host-dependent': 1, conditional: 2, 'partly-modelled': 3, unknown: 4 };

/** The guess mark of an entry, or undefined for exact contents (and for directories and symlinks). */
export function guessOf(entry: Entry | undefined): ContentGuess | undefined {
  return entry?.type === 'file' ? entry.guess : undefined;
}

/** The weaker knowledge of two marks (`unknown` beats `partly-modelled` beats `conditional` beats `host-dependent`). */
export function strongerGuess(a: ContentGuess | undefined, b: ContentGuess | undefined): ContentGuess | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return GUESS_RANK[a] >= GUESS_RANK[b] ? a : b;
}

/**
 * True for knowledge-base output: estimated without a guess mark, its text is invented and never
 * shown, and a mark would make it look like approximated text (so marking leaves it alone).
 */
export function isInventedText(file: FileEntry): boolean {
  return file.estimated === true && file.guess === undefined;
}

/** Returns the entry marked with `guess` (kept when it already has a weaker-knowledge mark), and estimated: a guessed text's size is a guess too. */
export function withGuess(entry: FileEntry, guess: ContentGuess | undefined): FileEntry {
  if (guess === undefined) return entry;
  const next = strongerGuess(entry.guess, guess) ?? guess;
  if (next === entry.guess && entry.estimated === true) return entry;
  return { ...entry, estimated: true, guess: next };
}

export interface DirEntry extends EntryMeta {
  readonly type: 'dir';
}

export interface SymlinkEntry extends EntryMeta {
  readonly type: 'symlink';
  readonly target: string;
}

export type Entry = FileEntry | DirEntry | SymlinkEntry;

/** Default permission bits: Docker COPY and `mkdir` under umask 022 give these. */
export const DEFAULT_FILE_MODE = 0o644;
export const DEFAULT_DIR_MODE = 0o755;
export const DEFAULT_SYMLINK_MODE = 0o777;

export interface EntryOptions {
  readonly mode?: number;
  readonly uid?: number;
  readonly gid?: number;
}

/** Builds a regular file with real content (a string is stored as UTF-8). */
export function makeFile(content: string | Uint8Array, options: EntryOptions = {}): FileEntry {
  const data = typeof content === 'string' ? encodeUtf8(content) : content;
  return {
    type: 'file',
    mode: options.mode ?? DEFAULT_FILE_MODE,
    uid: options.uid ?? 0,
    gid: options.gid ?? 0,
    size: data.length,
    body: { kind: 'bytes', data },
    contentDigest: hashBytes(data),
  };
}

/**
 * Builds a regular file whose bytes are not materialised: `fingerprint` names the content
 * (e.g. `zero`, `busybox-1.35`), so two files with equal fingerprint and size are equal.
 */
export function makeSyntheticFile(
  size: number,
  fingerprint: string,
  options: EntryOptions & { readonly estimated?: boolean } = {},
): FileEntry {
  const clean = Math.max(0, Math.floor(size));
  const mode = options.mode ?? DEFAULT_FILE_MODE;
  const uid = options.uid ?? 0;
  const gid = options.gid ?? 0;
  const body = { kind: 'synthetic', fingerprint } as const;
  // hashStrings('synthetic', fingerprint, String(clean)) without the rest array or the string.
  const contentDigest = new Hasher().string('synthetic').string(fingerprint).number(clean).hex();
  return options.estimated
    ? { type: 'file', mode, uid, gid, size: clean, body, contentDigest, estimated: true }
    : { type: 'file', mode, uid, gid, size: clean, body, contentDigest };
}

/** Builds a directory entry. */
export function makeDir(options: EntryOptions = {}): DirEntry {
  return { type: 'dir', mode: options.mode ?? DEFAULT_DIR_MODE, uid: options.uid ?? 0, gid: options.gid ?? 0 };
}

/** Builds a symbolic link entry. */
export function makeSymlink(target: string, options: EntryOptions = {}): SymlinkEntry {
  return { type: 'symlink', target, mode: options.mode ?? DEFAULT_SYMLINK_MODE, uid: options.uid ?? 0, gid: options.gid ?? 0 };
}

/** Returns a copy of an entry with new permission bits or owner. */
export function withMeta<E extends Entry>(entry: E, meta: EntryOptions): E {
  return { ...entry, mode: meta.mode ?? entry.mode, uid: meta.uid ?? entry.uid, gid: meta.gid ?? entry.gid };
}

/** Bytes a symlink contributes to a layer when symlinks count: the UTF-8 length of its target. */
export function symlinkBytes(entry: SymlinkEntry): number {
  return utf8Length(entry.target);
}

/**
 * Digests an entry the way BuildKit's contenthash / tarsum v1 header does: type, mode, uid, gid,
 * size, link target and content digest; never mtime (cache/contenthash/tarsum.go
 * WriteV1TarsumHeaders, dockerfile-semantics.md §E).
 */
export function entryDigest(entry: Entry): string {
  const memo = ENTRY_DIGESTS.get(entry);
  if (memo !== undefined) return memo;
  const digest = computeEntryDigest(entry);
  ENTRY_DIGESTS.set(entry, digest);
  return digest;
}

// Entries are immutable values, so their digests can be kept as long as the entries live.
const ENTRY_DIGESTS = new WeakMap<Entry, string>();

function computeEntryDigest(entry: Entry): string {
  const h = new Hasher().string(entry.type).number(entry.mode).number(entry.uid).number(entry.gid);
  if (entry.type === 'file') h.number(entry.size).string(entry.contentDigest);
  else if (entry.type === 'symlink') h.string(entry.target);
  return h.hex();
}

/** Returns a file's real bytes, or undefined for a synthetic body. */
export function fileBytes(entry: FileEntry): Uint8Array | undefined {
  return entry.body.kind === 'bytes' ? entry.body.data : undefined;
}

/** Returns a file's first `count` bytes as a new file body (synthetic bodies stay synthetic). */
export function sliceFile(entry: FileEntry, count: number, options: EntryOptions = {}): FileEntry {
  const n = Math.max(0, Math.min(entry.size, Math.floor(count)));
  if (entry.body.kind === 'bytes') return makeFile(entry.body.data.slice(0, n), options);
  if (n === entry.size) return makeSyntheticFile(n, entry.body.fingerprint, options);
  return makeSyntheticFile(n, `${entry.body.fingerprint}[:${n}]`, options);
}

/**
 * Concatenates file bodies (as `cat a b > c` does). Real bytes stay real; any synthetic part makes
 * the result synthetic with a fingerprint derived from the parts, so it stays deterministic. The
 * result keeps the strongest guess mark of its parts.
 */
export function concatFiles(parts: readonly FileEntry[], options: EntryOptions = {}): FileEntry {
  let guess: ContentGuess | undefined;
  for (const p of parts) if (p.guess !== undefined) guess = strongerGuess(guess, p.guess);
  return withGuess(concatBodies(parts, options), guess);
}

function concatBodies(parts: readonly FileEntry[], options: EntryOptions): FileEntry {
  if (parts.every((p) => p.body.kind === 'bytes')) {
    let total = 0;
    for (const p of parts) total += p.size;
    const out = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      if (p.body.kind === 'bytes') out.set(p.body.data, at);
      at += p.size;
    }
    return makeFile(out, options);
  }
  if (parts.length === 1 && parts[0]) {
    const only = parts[0];
    return only.body.kind === 'synthetic' ? makeSyntheticFile(only.size, only.body.fingerprint, options) : makeFile(only.body.data, options);
  }
  let size = 0;
  const h = new Hasher().string('concat');
  for (const p of parts) {
    size += p.size;
    h.string(p.contentDigest);
  }
  const estimated = parts.some((p) => p.estimated === true);
  return makeSyntheticFile(size, `concat:${h.hex()}`, { ...options, estimated });
}
