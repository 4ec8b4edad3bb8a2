// Base images as filesystems. The conformance scenarios describe a base image by its directories,
// regular files (with byte sizes) and symlinks (with targets); the catalog may know only a total.
// Either way the result is a one-layer `Rootfs` whose size matches `docker image inspect`.

import { makeDir, makeSymlink, makeSyntheticFile, type Entry } from './entry.ts';
import { layerFromEntries, type Layer } from './layer.ts';
import { Rootfs } from './layered-fs.ts';
import { normalizePath, parentPath } from './path.ts';

/** A base image's file list, in the shape of scenario.json `images` entries. */
export interface ImageFileList {
  /** Total size `docker image inspect` reports; unlisted bytes make up any difference. */
  readonly sizeBytes?: number;
  readonly dirs?: readonly string[];
  /** Regular files and their sizes in bytes. */
  readonly files?: Readonly<Record<string, number>>;
  /** Symlinks and their targets. */
  readonly symlinks?: Readonly<Record<string, string>>;
}

/**
 * Builds the single base layer of an image from its file list. File bodies are synthetic, with the
 * image name and path as fingerprint, so identical images give identical digests.
 */
export function layerFromFileList(imageName: string, list: ImageFileList): Layer {
  const entries = new Map<string, Entry>();
  const ensureDir = (dir: string): void => {
    for (let p = dir; !entries.has(p); p = parentPath(p)) {
      entries.set(p, makeDir());
      if (p === '/') break;
    }
  };
  entries.set('/', makeDir());
  for (const dir of list.dirs ?? []) ensureDir(normalizePath(dir));
  let listed = 0;
  for (const [rawPath, size] of Object.entries(list.files ?? {})) {
    const path = normalizePath(rawPath);
    ensureDir(parentPath(path));
    // Executables live in bin dirs; the mode only matters for cache digests, never for size.
    const mode = /\/s?bin\//.test(path) ? 0o755 : 0o644;
    entries.set(path, makeSyntheticFile(size, `${imageName}:${path}`, { mode }));
    listed += size;
  }
  for (const [rawPath, target] of Object.entries(list.symlinks ?? {})) {
    const path = normalizePath(rawPath);
    ensureDir(parentPath(path));
    const link = makeSymlink(target);
    entries.set(path, link);
    listed += target.length;
  }
  const unlisted = list.sizeBytes === undefined ? 0 : Math.max(0, list.sizeBytes - listed);
  return layerFromEntries(entries, { symlinkSizing: 'target-length', createdBy: `base ${imageName}`, unlistedBytes: unlisted });
}

/** Builds a base image's root filesystem (one layer) from its file list. */
export function rootfsFromFileList(imageName: string, list: ImageFileList): Rootfs {
  return Rootfs.fromLayers([layerFromFileList(imageName, list)]);
}
