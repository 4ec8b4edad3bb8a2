// A layer is one step's diff, frozen: entries added or changed, whiteouts for deletions, and the
// paths whose lower contents it hides (whiteouts, opaque directories, a directory replaced by a
// file). This is the overlayfs / OCI layer model (image-spec layer.md "Whiteouts").

import { Hasher } from './hash.ts';
import { entryDigest, symlinkBytes, type Entry } from './entry.ts';
import { parentPath, baseName } from './path.ts';
import type { Bytes } from '../size/bytes.ts';

/** Marks a path deleted in this layer (an OCI `.wh.` file). */
export interface Whiteout {
  readonly type: 'whiteout';
}

/** The single whiteout value; compare with `===` or check `type`. */
export const WHITEOUT: Whiteout = Object.freeze({ type: 'whiteout' });

/** What a layer holds at one path. */
export type LayerChange = Entry | Whiteout;

/**
 * How a layer counts symlinks. Verified on Engine 20.10 (docker history): layers the legacy builder
 * commits from a container, and imported base images, count each symlink's target length
 * (`directory.Size` on the overlay upper dir); layers BuildKit exports count symlinks as 0 (they are
 * applied from a tar, whose symlink headers have size 0).
 */
export type SymlinkSizing = 'target-length' | 'zero';

export interface LayerOptions {
  readonly symlinkSizing?: SymlinkSizing;
  /** Free-form provenance for reports, e.g. `RUN dd …` or `base local/busybox:1`. */
  readonly createdBy?: string;
  /**
   * Bytes of files the layer holds but does not list (a catalog base image known only by its total
   * size); they count toward `size` and are invisible to reads.
   */
  readonly unlistedBytes?: number;
  /**
   * Paths whose entry (or absence) the step decided under a condition the shell model could only
   * guess (WorkingFs.uncertainPaths): a directory or symlink there, or a deletion, may not be in a
   * real build's layer. Files carry their own mark (FileEntry.guess). Not part of the digest or size.
   */
  readonly uncertainPaths?: readonly string[];
}

const NO_PATHS: readonly string[] = Object.freeze([]);

/** An immutable set of filesystem changes; build one with `WorkingFs.commit` or `layerFromEntries`. */
export class Layer {
  readonly changes: ReadonlyMap<string, LayerChange>;
  /** Paths under which nothing from lower layers shows through (whiteouts, opaque dirs, replaced dirs). */
  readonly hidesBelow: ReadonlySet<string>;
  readonly symlinkSizing: SymlinkSizing;
  readonly createdBy: string;
  /** Sum of regular-file sizes in this layer. */
  readonly regularBytes: number;
  /** Sum of symlink target lengths in this layer (counted only under `target-length` sizing). */
  readonly symlinkTargetBytes: number;
  /** True when any file in the layer has an estimated size. */
  readonly estimated: boolean;
  /** Bytes of files counted but not listed (see `LayerOptions.unlistedBytes`). */
  readonly unlistedBytes: number;
  /** See LayerOptions.uncertainPaths; empty for most layers. */
  readonly uncertainPaths: readonly string[];
  private childIndex: Map<string, string[]> | undefined;
  private cachedDigest: string | undefined;

  constructor(changes: ReadonlyMap<string, LayerChange>, hidesBelow: ReadonlySet<string>, options: LayerOptions = {}) {
    this.changes = changes;
    this.hidesBelow = hidesBelow;
    this.symlinkSizing = options.symlinkSizing ?? 'target-length';
    this.createdBy = options.createdBy ?? '';
    this.unlistedBytes = Math.max(0, Math.floor(options.unlistedBytes ?? 0));
    this.uncertainPaths = options.uncertainPaths ?? NO_PATHS;
    let regular = 0;
    let links = 0;
    let estimated = false;
    for (const change of changes.values()) {
      if (change.type === 'file') {
        regular += change.size;
        if (change.estimated) estimated = true;
      } else if (change.type === 'symlink') links += symlinkBytes(change);
    }
    this.regularBytes = regular;
    this.symlinkTargetBytes = links;
    this.estimated = estimated;
  }

  /** The bytes `docker image inspect` attributes to this layer. */
  get size(): Bytes {
    return (this.unlistedBytes + this.regularBytes + (this.symlinkSizing === 'target-length' ? this.symlinkTargetBytes : 0)) as Bytes;
  }

  /** True when the layer changes nothing (a RUN that wrote no file still commits one, of size 0). */
  get isEmpty(): boolean {
    return this.changes.size === 0 && this.hidesBelow.size === 0;
  }

  /** Names this layer adds (or whites out) directly under `dir`; built once, on first use. */
  childrenOf(dir: string): readonly string[] {
    if (!this.childIndex) {
      const index = new Map<string, string[]>();
      for (const path of this.changes.keys()) {
        if (path === '/') continue;
        const parent = parentPath(path);
        let names = index.get(parent);
        if (!names) index.set(parent, (names = []));
        names.push(baseName(path));
      }
      this.childIndex = index;
    }
    return this.childIndex.get(dir) ?? [];
  }

  /** Tells whether this layer hides lower-layer content at or below `path`'s ancestors or at `path`. */
  hides(path: string): boolean {
    if (this.hidesBelow.size === 0) return false;
    if (this.hidesBelow.has(path)) return true;
    return this.hidesAncestorOf(path);
  }

  /** Tells whether a strict ancestor of `path` hides lower-layer content. */
  hidesAncestorOf(path: string): boolean {
    if (this.hidesBelow.size === 0) return false;
    let p = path;
    while (p !== '/') {
      p = parentPath(p);
      if (this.hidesBelow.has(p)) return true;
    }
    return false;
  }

  /** A content digest of the whole diff (paths, entry metadata and content, whiteouts), like a diffID. */
  get digest(): string {
    if (this.cachedDigest === undefined) {
      const h = new Hasher();
      for (const path of [...this.changes.keys()].sort()) {
        const change = this.changes.get(path);
        h.string(path).string(change === undefined || change.type === 'whiteout' ? 'whiteout' : entryDigest(change));
        if (this.hidesBelow.has(path)) h.string('opaque');
      }
      for (const path of [...this.hidesBelow].sort()) if (!this.changes.has(path)) h.string(path).string('hide');
      if (this.unlistedBytes > 0) h.string('unlisted').number(this.unlistedBytes).string(this.createdBy);
      this.cachedDigest = h.hex();
    }
    return this.cachedDigest;
  }
}

/** Builds a frozen layer from absolute paths and entries (e.g. a base image's file list); parents are not implied. */
export function layerFromEntries(entries: Iterable<readonly [string, Entry]>, options: LayerOptions = {}): Layer {
  return new Layer(new Map(entries), new Set(), options);
}
