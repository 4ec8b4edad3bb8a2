// Content digests for cache keys: tarsum-like, over relative names, entry metadata (type, mode,
// uid, gid, size, link target) and content digests, never mtime (BuildKit cache/contenthash,
// legacy remotecontext tarsum; dockerfile-semantics.md §E).

import { entryDigest } from './entry.ts';
import { Hasher } from './hash.ts';
import { Rootfs, type FsView } from './layered-fs.ts';

/**
 * Digests what is at a path: `file:`/`link:` + the entry digest for a non-directory (its name does
 * not count, as in BuildKit), `dir:` + a digest over the directory's own metadata and every
 * descendant's relative name and entry digest in sorted order, or `missing`.
 */
export function digestPath(fs: FsView, path: string, options: { readonly follow?: boolean } = {}): string {
  // A frozen stack never changes, so its digests are memoised (cache keys are asked for often).
  const frozen = fs instanceof Rootfs;
  const key = `${options.follow ?? true ? 'f' : 'n'}${path}`;
  if (frozen) {
    const hit = FROZEN_DIGESTS.get(fs)?.get(key);
    if (hit !== undefined) return hit;
  }
  const digest = computeDigest(fs, path, options.follow ?? true);
  if (frozen) {
    let map = FROZEN_DIGESTS.get(fs);
    if (!map) FROZEN_DIGESTS.set(fs, (map = new Map()));
    map.set(key, digest);
  }
  return digest;
}

const FROZEN_DIGESTS = new WeakMap<FsView, Map<string, string>>();

function computeDigest(fs: FsView, path: string, follow: boolean): string {
  const r = fs.resolve(path, { follow });
  if (!r.ok || !r.value.entry) return 'missing';
  const { entry } = r.value;
  if (entry.type === 'file') return `file:${entryDigest(entry)}`;
  if (entry.type === 'symlink') return `link:${entryDigest(entry)}`;
  const h = new Hasher().string(entryDigest(entry));
  for (const [rel, , child] of fs.walk(r.value.path)) h.string(rel).string(entryDigest(child));
  return `dir:${h.hex()}`;
}

/** Combines several digests in order (a multi-source COPY's `multi:` key). */
export function combineDigests(digests: readonly string[]): string {
  if (digests.length === 1 && digests[0] !== undefined) return digests[0];
  const h = new Hasher();
  for (const d of digests) h.string(d);
  return `multi:${h.hex()}`;
}
