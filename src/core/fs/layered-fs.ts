// The layered filesystem: an immutable stack of layers (`Rootfs`) and a mutable working layer on
// top of one (`WorkingFs`) that records what a single step changes. Reads resolve top-down through
// the stack; every stack node memoises its lookups, and a new step shares the stack below it, so a
// step costs what it changes, never a copy of the image.

import { Layer, WHITEOUT, type LayerChange, type LayerOptions } from './layer.ts';
import { entryDigest, isInventedText, makeDir, withGuess, withMeta, type ContentGuess, type DirEntry, type Entry, type EntryOptions, type FileEntry } from './entry.ts';
import { baseName, joinPath, normalizePath, parentPath, pathSegments } from './path.ts';
import type { Bytes } from '../size/bytes.ts';

/**
 * POSIX-style reasons a filesystem operation fails; the shell turns them into busybox messages.
 * `EROFS` and `EBUSY` come only from runtime mounts (WorkingFs.mountFile): a read-only bind mount,
 * and unlinking or renaming a mount point.
 */
export type FsErrorCode = 'ENOENT' | 'ENOTDIR' | 'EISDIR' | 'EEXIST' | 'ENOTEMPTY' | 'ELOOP' | 'EINVAL' | 'EROFS' | 'EBUSY';

/** Success with a value, or a failure code with the path it is about. */
export type FsResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly code: FsErrorCode; readonly path: string };

/** A path after symlinks in it were followed: its canonical location and what is there, if anything. */
export interface ResolvedPath {
  readonly path: string;
  readonly entry: Entry | undefined;
}

const MAX_SYMLINK_HOPS = 40;

function ok<T>(value: T): FsResult<T> {
  return { ok: true, value };
}

function fail<T>(code: FsErrorCode, path: string): FsResult<T> {
  return { ok: false, code, path };
}

/** Read access shared by a frozen stack and a working layer; all paths may be relative to `cwd`. */
export abstract class FsView {
  /** Returns the entry stored at a clean absolute path, without following any symlink. */
  abstract lookup(path: string): Entry | undefined;

  /** Returns the sorted names present directly under a clean absolute directory path. */
  abstract childNames(dir: string): readonly string[];

  /**
   * Resolves a path like the kernel does: symlinks in parent segments are always followed (relative
   * targets against the link's directory, absolute ones against this root), the last one only when
   * `follow` is true. A missing last segment is not an error (entry undefined); a missing parent is.
   */
  resolve(
    path: string,
    options: { readonly follow?: boolean; readonly cwd?: string; readonly allowMissingParents?: boolean } = {},
  ): FsResult<ResolvedPath> {
    // Most paths have no symlink on the way: walk the clean path's own prefixes (no segment array,
    // no joined strings) and leave symlinks to resolveThroughLinks, which starts over.
    const abs = normalizePath(path, options.cwd ?? '/');
    const n = abs.length;
    for (let i = 1; i < n; ) {
      let j = abs.indexOf('/', i);
      if (j < 0) j = n;
      const next = abs.slice(0, j);
      const entry = this.lookup(next);
      const isLast = j === n;
      if (entry === undefined) {
        if (isLast) return ok({ path: next, entry: undefined });
        if (options.allowMissingParents) return ok({ path: normalizePath(abs.slice(j + 1), next), entry: undefined });
        return fail('ENOENT', next);
      }
      if (entry.type === 'symlink' && (!isLast || (options.follow ?? true))) return this.resolveThroughLinks(path, options);
      if (!isLast && entry.type !== 'dir') return fail('ENOTDIR', next);
      i = j + 1;
    }
    return ok({ path: abs, entry: this.lookup(abs) ?? rootDir(abs) });
  }

  /** resolve, segment by segment, following symlinks (kept apart from the common case). */
  resolveThroughLinks(
    path: string,
    options: { readonly follow?: boolean; readonly cwd?: string; readonly allowMissingParents?: boolean } = {},
  ): FsResult<ResolvedPath> {
    const follow = options.follow ?? true;
    let segments = pathSegments(normalizePath(path, options.cwd ?? '/'));
    let index = 0;
    let current = '/';
    let hops = 0;
    while (index < segments.length) {
      const segment = segments[index] ?? '';
      index++;
      if (segment === '..') {
        current = parentPath(current);
        continue;
      }
      const next = current === '/' ? `/${segment}` : `${current}/${segment}`;
      const entry = this.lookup(next);
      const isLast = index === segments.length;
      if (entry === undefined) {
        if (isLast) return ok({ path: next, entry: undefined });
        // COPY creates missing parents: the rest of the path is taken literally below `next`.
        if (options.allowMissingParents) return ok({ path: normalizePath(segments.slice(index).join('/'), next), entry: undefined });
        return fail('ENOENT', next);
      }
      if (entry.type === 'symlink' && (!isLast || follow)) {
        if (++hops > MAX_SYMLINK_HOPS) return fail('ELOOP', next);
        const target = entry.target;
        // Keep '..' segments: they apply after the target's own segments, relative to where it lands.
        const targetSegments = target.split('/').filter((t) => t !== '' && t !== '.');
        if (target.startsWith('/')) current = '/';
        segments = [...targetSegments, ...segments.slice(index)];
        index = 0;
        if (segments.length === 0) return ok({ path: current, entry: this.lookup(current) ?? rootDir(current) });
        continue;
      }
      if (!isLast && entry.type !== 'dir') return fail('ENOTDIR', next);
      current = next;
    }
    return ok({ path: current, entry: this.lookup(current) ?? rootDir(current) });
  }

  /** Returns what a path points to, following symlinks (like stat(2)), or undefined. */
  stat(path: string, cwd = '/'): Entry | undefined {
    const r = this.resolve(path, { cwd });
    return r.ok ? r.value.entry : undefined;
  }

  /** Returns the entry at a path without following a final symlink (like lstat(2)), or undefined. */
  lstat(path: string, cwd = '/'): Entry | undefined {
    const r = this.resolve(path, { cwd, follow: false });
    return r.ok ? r.value.entry : undefined;
  }

  /** Tells whether something exists at a path (following symlinks). */
  exists(path: string, cwd = '/'): boolean {
    return this.stat(path, cwd) !== undefined;
  }

  /** Lists a directory's sorted entry names (following symlinks to it). */
  list(path: string, cwd = '/'): FsResult<readonly string[]> {
    const r = this.resolve(path, { cwd });
    if (!r.ok) return r;
    const { entry } = r.value;
    if (!entry) return fail('ENOENT', r.value.path);
    if (entry.type !== 'dir') return fail('ENOTDIR', r.value.path);
    return ok(this.childNames(r.value.path));
  }

  /** Returns the regular file at a path (following symlinks). */
  readFile(path: string, cwd = '/'): FsResult<FileEntry> {
    const r = this.resolve(path, { cwd });
    if (!r.ok) return r;
    const { entry } = r.value;
    if (!entry) return fail('ENOENT', r.value.path);
    if (entry.type === 'dir') return fail('EISDIR', r.value.path);
    if (entry.type !== 'file') return fail('EINVAL', r.value.path);
    return ok(entry);
  }

  /**
   * Yields every entry below a clean absolute directory, depth-first in sorted name order, with its
   * path relative to that directory; symlinks are yielded, never followed.
   */
  *walk(dir: string): Generator<readonly [relative: string, path: string, entry: Entry]> {
    const stack: Array<readonly [string, string]> = [[dir, '']];
    while (stack.length > 0) {
      const [abs, rel] = stack.pop() ?? ['/', ''];
      const names = this.childNames(abs);
      for (let i = names.length - 1; i >= 0; i--) {
        const name = names[i] ?? '';
        const childAbs = joinPath(abs, name);
        const childRel = rel === '' ? name : `${rel}/${name}`;
        const entry = this.lookup(childAbs);
        if (!entry) continue;
        stack.push([childAbs, childRel]);
      }
      if (rel !== '') {
        const entry = this.lookup(abs);
        if (entry) yield [rel, abs, entry];
      }
    }
  }
}

// An image without a `/` entry (FROM scratch, or a file list without dirs) still has a root dir.
function rootDir(path: string): Entry | undefined {
  return path === '/' ? ROOT : undefined;
}

const ROOT: DirEntry = makeDir();

// Every SNAPSHOT_EVERY layers a stack keeps a flattened view (path → entry, dir → names), so a
// read checks at most that many layers plus one Map, however deep the stack (a 243-instruction
// Dockerfile stays cheap), and a new step never copies more than one snapshot interval.
const SNAPSHOT_EVERY = 16;

interface Snapshot {
  readonly entries: ReadonlyMap<string, Entry>;
  readonly children: ReadonlyMap<string, ReadonlySet<string>>;
}

const EMPTY_SNAPSHOT: Snapshot = { entries: new Map(), children: new Map() };

/** An immutable image root filesystem: a stack of frozen layers, bottom first. */
export class Rootfs extends FsView {
  readonly layers: readonly Layer[];
  /** The nearest stack at or below this one whose depth is a multiple of SNAPSHOT_EVERY. */
  private readonly anchor: Rootfs;
  /** For an anchor: the previous anchor, SNAPSHOT_EVERY layers down. */
  private readonly previousAnchor: Rootfs | undefined;
  private snapshot: Snapshot | undefined;
  private readonly lookupMemo = new Map<string, Entry | null>();
  private readonly childMemo = new Map<string, readonly string[]>();
  private static readonly EMPTY: Rootfs = new Rootfs(undefined, undefined);

  /** The stack without its top layer (undefined for the empty stack). */
  readonly below: Rootfs | undefined;

  private constructor(top: Layer | undefined, below: Rootfs | undefined) {
    super();
    this.below = top ? below : undefined;
    this.layers = top ? [...(below?.layers ?? []), top] : [];
    const isAnchor = this.layers.length % SNAPSHOT_EVERY === 0;
    this.anchor = isAnchor || !below ? this : below.anchor;
    this.previousAnchor = isAnchor && below ? below.anchor : undefined;
    if (this.layers.length === 0) this.snapshot = EMPTY_SNAPSHOT;
  }

  private readonly resolveMemo = new Map<string, FsResult<ResolvedPath>>();

  override resolve(
    path: string,
    options: { readonly follow?: boolean; readonly cwd?: string; readonly allowMissingParents?: boolean } = {},
  ): FsResult<ResolvedPath> {
    const key = `${options.follow === false ? 0 : 1}${options.allowMissingParents ? 1 : 0}${options.cwd ?? ''}\u0000${path}`;
    const hit = this.resolveMemo.get(key);
    if (hit) return hit;
    const result = super.resolve(path, options);
    this.resolveMemo.set(key, result);
    return result;
  }

  /** Returns the empty filesystem of `FROM scratch`. */
  static empty(): Rootfs {
    return Rootfs.EMPTY;
  }

  /** Stacks frozen layers, bottom first, into a root filesystem. */
  static fromLayers(layers: Iterable<Layer>): Rootfs {
    let fs: Rootfs = Rootfs.EMPTY;
    for (const layer of layers) fs = fs.withLayer(layer);
    return fs;
  }

  /**
   * Returns the root filesystem with one more layer on top; this one is unchanged. Stacking the
   * same layer object again returns the same stack, so its memoised reads are reused: a simulation
   * that reuses a layer (a cache hit, or a step whose inputs did not change) starts warm.
   */
  withLayer(layer: Layer): Rootfs {
    let above = this.above.get(layer);
    if (above === undefined) {
      above = new Rootfs(layer, this);
      this.above.set(layer, above);
    }
    return above;
  }

  private readonly above = new WeakMap<Layer, Rootfs>();

  /** Starts a working layer on top of this filesystem, to record one step's changes. */
  edit(): WorkingFs {
    return new WorkingFs(this);
  }

  /** The image size `docker image inspect --format {{.Size}}` reports: the sum of its layers' sizes. */
  get size(): Bytes {
    let total = 0;
    for (const layer of this.layers) total += layer.size;
    return total as Bytes;
  }

  lookup(path: string): Entry | undefined {
    const memo = this.lookupMemo.get(path);
    if (memo !== undefined) return memo ?? undefined;
    let found: Entry | undefined;
    const top = this.layers[this.layers.length - 1];
    if (this.anchor === this || this.below === undefined || top === undefined) {
      found = this.anchor.flattened().entries.get(path);
    } else {
      // The top layer decides, or the stack below answers (memoised there: a new step's first
      // reads are the previous step's, not a walk down to the anchor).
      const change = top.changes.get(path);
      if (change) found = change.type === 'whiteout' ? undefined : change;
      else if (!top.hidesAncestorOf(path)) found = this.below.lookup(path);
    }
    if (found === undefined && path === '/') found = ROOT;
    this.lookupMemo.set(path, found ?? null);
    return found;
  }

  /**
   * The same walk as FsView's, for a stack that never changes: each entry is looked up once, when
   * its parent lists it, and only directories are asked for their names (a file or symlink has no
   * children in a consistent stack; asking would fill the name memo of every stack down to the
   * anchor with one empty list per file).
   */
  override *walk(dir: string): Generator<readonly [relative: string, path: string, entry: Entry]> {
    const stack: Array<readonly [string, string, Entry | undefined]> = [[dir, '', undefined]];
    for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
      const [abs, rel, entry] = item;
      if (entry === undefined || entry.type === 'dir') {
        const names = this.childNames(abs);
        for (let i = names.length - 1; i >= 0; i--) {
          const name = names[i] ?? '';
          const childAbs = joinPath(abs, name);
          const child = this.lookup(childAbs);
          if (child) stack.push([childAbs, rel === '' ? name : `${rel}/${name}`, child]);
        }
      }
      if (rel !== '' && entry) yield [rel, abs, entry];
    }
  }

  childNames(dir: string): readonly string[] {
    const memo = this.childMemo.get(dir);
    if (memo) return memo;
    const top = this.layers[this.layers.length - 1];
    if (this.anchor !== this && this.below !== undefined && top !== undefined && top.childrenOf(dir).length === 0 && !top.hides(dir)) {
      // The top layer changes nothing directly under `dir` and hides nothing there: same names as below.
      const below = this.below.childNames(dir);
      this.childMemo.set(dir, below);
      return below;
    }
    const names = new Set<string>();
    let hidden = false;
    const stop = this.anchor.layers.length;
    for (let i = this.layers.length - 1; i >= stop; i--) {
      const layer = this.layers[i];
      if (!layer) continue;
      for (const name of layer.childrenOf(dir)) names.add(name);
      if (layer.hides(dir)) {
        hidden = true;
        break;
      }
    }
    if (!hidden) for (const name of this.anchor.flattened().children.get(dir) ?? []) names.add(name);
    const result = [...names].filter((name) => this.lookup(joinPath(dir, name)) !== undefined).sort();
    this.childMemo.set(dir, result);
    return result;
  }

  // An anchor's flattened view: the previous anchor's, with the layers in between applied.
  private flattened(): Snapshot {
    if (this.snapshot) return this.snapshot;
    const base = this.previousAnchor?.flattened() ?? EMPTY_SNAPSHOT;
    const entries = new Map(base.entries);
    const children = new Map<string, ReadonlySet<string>>(base.children);
    const owned = new Set<string>();
    const childSet = (dir: string): Set<string> => {
      let set = children.get(dir);
      if (!owned.has(dir)) {
        set = new Set(set ?? []);
        children.set(dir, set);
        owned.add(dir);
      }
      return set as Set<string>;
    };
    const deleteTree = (path: string): void => {
      const stack = [path];
      while (stack.length > 0) {
        const p = stack.pop() ?? '/';
        for (const name of children.get(p) ?? []) stack.push(joinPath(p, name));
        entries.delete(p);
        if (children.has(p)) {
          children.delete(p);
          owned.delete(p);
        }
      }
      if (path !== '/') childSet(parentPath(path)).delete(baseName(path));
    };
    const from = this.previousAnchor?.layers.length ?? 0;
    for (let i = from; i < this.layers.length; i++) {
      const layer = this.layers[i];
      if (!layer) continue;
      for (const path of layer.hidesBelow) deleteTree(path);
      for (const [path, change] of layer.changes) {
        if (change.type === 'whiteout') {
          deleteTree(path);
          continue;
        }
        entries.set(path, change);
        if (path !== '/') childSet(parentPath(path)).add(baseName(path));
      }
    }
    this.snapshot = { entries, children };
    return this.snapshot;
  }
}

/** How `WorkingFs.setEntry` treats a directory already at the destination. */
/**
 * A file the container runtime bind-mounts over a path while one RUN step runs (the builder's
 * /etc/hosts, /etc/resolv.conf, /etc/hostname). Reads see it, writes to a writable one change only
 * the mount, and nothing of it ever enters the layer: the mount hides whatever the image has there.
 */
export interface RuntimeMount {
  readonly entry: FileEntry;
  readonly readOnly: boolean;
}

export interface SetEntryOptions {
  /** Keep an existing directory's metadata instead of replacing it (COPY merging into a dir). */
  readonly keepExistingDir?: boolean;
}

/**
 * A mutable layer on top of a `Rootfs`: one RUN/COPY/WORKDIR step writes here, then `commit()`
 * freezes the diff. Deleting something that lives in a lower layer records a whiteout; the lower
 * bytes still count in the image, as in Docker.
 */
export class WorkingFs extends FsView {
  readonly base: Rootfs;
  private readonly changes = new Map<string, LayerChange>();
  private readonly hidden = new Set<string>();
  private readonly childIndex = new Map<string, Set<string>>();
  private mounts: Map<string, RuntimeMount> | undefined;
  private writeGuess: ContentGuess | undefined;
  private readonly uncertain = new Set<string>();
  /** On a fork (see fork): the paths changed since it was made. */
  private touched: Set<string> | undefined;

  constructor(base: Rootfs) {
    super();
    this.base = base;
  }

  override resolve(
    path: string,
    options: { readonly follow?: boolean; readonly cwd?: string; readonly allowMissingParents?: boolean } = {},
  ): FsResult<ResolvedPath> {
    // Until the step writes something, reads are the base stack's, which memoises them.
    if (this.changes.size === 0 && !this.mayReachMount(path)) return this.base.resolve(path, options);
    return super.resolve(path, options);
  }

  lookup(path: string): Entry | undefined {
    if (this.mounts !== undefined) {
      const mount = this.mounts.get(path);
      if (mount !== undefined) return mount.entry;
    }
    const change = this.changes.get(path);
    if (change) return change.type === 'whiteout' ? undefined : change;
    if (this.hidden.size > 0 && this.isHiddenByAncestor(path)) return undefined;
    return this.base.lookup(path);
  }

  childNames(dir: string): readonly string[] {
    const names = new Set<string>(this.childIndex.get(dir) ?? []);
    if (!this.hidden.has(dir) && !this.isHiddenByAncestor(dir)) for (const name of this.base.childNames(dir)) names.add(name);
    if (this.mounts !== undefined) for (const path of this.mounts.keys()) if (parentPath(path) === dir) names.add(baseName(path));
    return [...names].filter((name) => this.lookup(joinPath(dir, name)) !== undefined).sort();
  }

  /** True when the working layer has recorded no change. */
  get isClean(): boolean {
    return this.changes.size === 0;
  }

  /** The paths and entries (or whiteouts) recorded so far, as a snapshot: writing afterwards does not change it. */
  recordedChanges(): Array<readonly [string, LayerChange]> {
    return [...this.changes];
  }

  /** Bytes the working layer holds so far (sized as a committed layer would be). */
  sizeSoFar(options: LayerOptions = {}): Bytes {
    return new Layer(this.changes, this.hidden, options).size;
  }

  /** Freezes the recorded changes into a layer and returns it with the new root filesystem. */
  commit(options: LayerOptions = {}): { readonly layer: Layer; readonly rootfs: Rootfs } {
    const uncertain = this.uncertainPaths();
    const layer = new Layer(new Map(this.changes), new Set(this.hidden), uncertain.length > 0 ? { ...options, uncertainPaths: uncertain } : options);
    return { layer, rootfs: this.base.withLayer(layer) };
  }

  /**
   * Bind-mounts a file over a clean absolute path until `unmountAll` (see RuntimeMount). The parent
   * directory must exist; without it the mount is skipped and false returned.
   */
  mountFile(path: string, entry: FileEntry, options: { readonly readOnly: boolean }): boolean {
    if (this.lookup(parentPath(path))?.type !== 'dir') return false;
    (this.mounts ??= new Map()).set(path, { entry, readOnly: options.readOnly });
    this.changeCount++;
    return true;
  }

  /** Drops every runtime mount: the step ended, and what the image has at those paths shows again. */
  unmountAll(): void {
    if (this.mounts === undefined) return;
    this.mounts = undefined;
    this.changeCount++;
  }

  /** The runtime mount points, in the order they were mounted. */
  mountPoints(): string[] {
    return this.mounts === undefined ? [] : [...this.mounts.keys()];
  }

  /** The runtime mount at a clean absolute path, if any. */
  mountAt(path: string): RuntimeMount | undefined {
    return this.mounts?.get(path);
  }

  /**
   * Sets the guess mark every file written from now on gets (undefined: none), and returns the
   * previous one. The shell sets `conditional` while it runs a branch chosen by a condition it could
   * only guess; directories, symlinks and deletions made meanwhile are listed in `uncertainPaths`.
   */
  markWrites(guess: ContentGuess | undefined): ContentGuess | undefined {
    const previous = this.writeGuess;
    this.writeGuess = guess;
    return previous;
  }

  /**
   * Paths whose entry (or absence) this step decided on a guess, other than marked files (see
   * markWrites): directories and symlinks made, and paths deleted, under a guessed condition.
   */
  uncertainPaths(): string[] {
    return [...this.uncertain].sort();
  }

  /** Whether uncertainPaths() lists `path` (without copying and sorting them). */
  isUncertain(path: string): boolean {
    return this.uncertain.has(path);
  }

  /**
   * Makes a throwaway copy of this working layer (same base, same changes and mounts so far) to try
   * another way a script could have gone; see markDivergence.
   */
  fork(): WorkingFs {
    const copy = new WorkingFs(this.base);
    for (const [path, change] of this.changes) copy.changes.set(path, change);
    for (const path of this.hidden) copy.hidden.add(path);
    for (const [dir, names] of this.childIndex) copy.childIndex.set(dir, new Set(names));
    if (this.mounts !== undefined) copy.mounts = new Map(this.mounts);
    copy.touched = new Set();
    return copy;
  }

  /**
   * Compares this layer with a fork that ran another way from the same point: where the fork's
   * paths ended up different (other text, other kind, present in one only), a file this step wrote
   * gets the `guess` mark and any other path is listed in uncertainPaths. Lower-layer entries are
   * never copied up for it, so the layer's contents and size stay as the script made them.
   */
  markDivergence(other: WorkingFs, guess: ContentGuess): void {
    for (const path of other.touched ?? []) {
      const mine = this.lookup(path);
      const theirs = other.lookup(path);
      if (mine === theirs || (mine !== undefined && theirs !== undefined && entryDigest(mine) === entryDigest(theirs))) continue;
      if (mine?.type === 'file' && this.changes.has(path)) this.markChanged(path, guess);
      else this.uncertain.add(path);
    }
  }

  /**
   * Marks what this step already wrote at a path as a guess (a file gets the mark, anything else is
   * listed in uncertainPaths); a path the step did not change is left alone, so its layer stays the same.
   */
  private markChanged(path: string, guess: ContentGuess): void {
    const change = this.changes.get(path);
    if (change === undefined) return;
    if (change.type === 'file') {
      if (!isInventedText(change)) this.changes.set(path, withGuess(change, guess));
    } else this.uncertain.add(path);
    this.changeCount++;
  }

  /**
   * Puts an entry at a clean absolute path whose parent already is a directory. A directory
   * replaced by a non-directory is removed first, so nothing below it shows through.
   */
  setEntry(path: string, entry: Entry, options: SetEntryOptions = {}): void {
    const mount = this.mounts?.get(path);
    if (mount !== undefined) {
      // A mount point cannot be replaced; a writable mounted file takes new text (commands check first).
      if (!mount.readOnly && entry.type === 'file') this.writeMount(path, mount, entry, false);
      return;
    }
    if (path === '/') {
      if (entry.type === 'dir') this.put('/', entry);
      return;
    }
    const existing = this.lookup(path);
    if (existing?.type === 'dir') {
      if (entry.type !== 'dir') this.removeRaw(path);
      else if (options.keepExistingDir) return;
    }
    this.put(path, entry);
  }

  /** Creates a directory (and, with `parents`, its missing ancestors) like `mkdir [-p]`. */
  mkdir(path: string, options: EntryOptions & { readonly parents?: boolean; readonly cwd?: string } = {}): FsResult<string> {
    const meta: EntryOptions = { mode: options.mode ?? 0o755, uid: options.uid ?? 0, gid: options.gid ?? 0 };
    const abs = normalizePath(path, options.cwd ?? '/');
    if (options.parents) {
      // Walk down, following symlinks to directories as mkdir -p does.
      let current = '/';
      for (const segment of pathSegments(abs)) {
        const r = this.resolve(joinPath(current, segment));
        if (!r.ok) return r;
        const { entry } = r.value;
        if (!entry) {
          // A dangling symlink where a directory should go fails like the real mkdir.
          if (this.lookup(joinPath(current, segment))?.type === 'symlink') return fail('EEXIST', r.value.path);
          this.put(r.value.path, makeDir(meta));
        } else if (entry.type !== 'dir') return fail(r.value.path === abs ? 'EEXIST' : 'ENOTDIR', r.value.path);
        current = r.value.path;
      }
      return ok(current);
    }
    const r = this.resolve(abs, { follow: false });
    if (!r.ok) return r;
    if (r.value.entry) return fail('EEXIST', r.value.path);
    const parent = this.lookup(parentPath(r.value.path));
    if (!parent) return fail('ENOENT', r.value.path);
    if (parent.type !== 'dir') return fail('ENOTDIR', r.value.path);
    this.put(r.value.path, makeDir(meta));
    return ok(r.value.path);
  }

  /**
   * Writes a regular file (following a symlink at the path). Overwriting keeps the old file's mode
   * and owner, as `>` truncation does; a new file takes the entry's metadata.
   */
  writeFile(path: string, file: FileEntry, options: { readonly cwd?: string; readonly keepMeta?: boolean } = {}): FsResult<string> {
    const r = this.resolve(path, options.cwd === undefined ? {} : { cwd: options.cwd });
    if (!r.ok) return r;
    const { entry } = r.value;
    if (entry?.type === 'dir') return fail('EISDIR', r.value.path);
    const parent = this.lookup(parentPath(r.value.path));
    if (!parent) return fail('ENOENT', r.value.path);
    if (parent.type !== 'dir') return fail('ENOTDIR', r.value.path);
    const keep = options.keepMeta ?? true;
    const mount = this.mounts?.get(r.value.path);
    if (mount !== undefined) {
      if (mount.readOnly) return fail('EROFS', r.value.path);
      this.writeMount(r.value.path, mount, file, keep);
      return ok(r.value.path);
    }
    this.put(r.value.path, entry && keep ? withMeta(file, entry) : file);
    return ok(r.value.path);
  }

  /** Removes a path like `rm` (never following a final symlink); directories need `recursive`. */
  remove(path: string, options: { readonly recursive?: boolean; readonly cwd?: string } = {}): FsResult<string> {
    const r = this.resolve(path, { follow: false, ...(options.cwd === undefined ? {} : { cwd: options.cwd }) });
    if (!r.ok) return r;
    const { entry } = r.value;
    if (!entry) return fail('ENOENT', r.value.path);
    if (r.value.path === '/') return fail('EINVAL', '/');
    if (entry.type === 'dir' && !options.recursive) return fail('EISDIR', r.value.path);
    // unlink(2) of a mount point is EBUSY (verified: `rm /etc/resolv.conf` in a RUN, both builders);
    // a directory holding one is refused whole here (rm -r would delete its other entries first).
    const busy = this.mountWithin(r.value.path);
    if (busy !== undefined) return fail('EBUSY', busy);
    this.removeRaw(r.value.path);
    return ok(r.value.path);
  }

  /** Removes an empty directory like `rmdir`. */
  removeEmptyDir(path: string, cwd = '/'): FsResult<string> {
    const r = this.resolve(path, { follow: false, cwd });
    if (!r.ok) return r;
    const { entry } = r.value;
    if (!entry) return fail('ENOENT', r.value.path);
    if (entry.type !== 'dir') return fail('ENOTDIR', r.value.path);
    if (this.childNames(r.value.path).length > 0) return fail('ENOTEMPTY', r.value.path);
    this.removeRaw(r.value.path);
    return ok(r.value.path);
  }

  /** Changes permission bits and/or owner of a path (following symlinks, as chmod does); the entry is copied up. */
  changeMeta(path: string, meta: EntryOptions, cwd = '/'): FsResult<string> {
    const r = this.resolve(path, { cwd });
    if (!r.ok) return r;
    const { entry } = r.value;
    if (!entry) return fail('ENOENT', r.value.path);
    const mount = this.mounts?.get(r.value.path);
    if (mount !== undefined) {
      if (mount.readOnly) return fail('EROFS', r.value.path);
      this.writeMount(r.value.path, mount, withMeta(mount.entry, meta), false);
      return ok(r.value.path);
    }
    this.put(r.value.path, withMeta(entry, meta));
    return ok(r.value.path);
  }

  /**
   * Copies the subtree at a clean absolute `from` path of any filesystem view to a clean absolute
   * `to` path here (parent must exist), entries shared, metadata optionally rewritten.
   */
  copyTree(source: FsView, from: string, to: string, rewrite?: (entry: Entry) => Entry): void {
    const top = source.lookup(from);
    if (!top) return;
    const map = rewrite ?? ((e: Entry) => e);
    this.setEntry(to, map(top), { keepExistingDir: false });
    if (top.type !== 'dir') return;
    // Materialise first: the source may be this filesystem, and writing must not feed the walk.
    const below = [...source.walk(from)];
    for (const [rel, , entry] of below) this.setEntry(joinPath(to, rel), map(entry));
  }

  /** Increases on every change; lets callers cache reads between writes. */
  get version(): number {
    return this.changeCount;
  }

  private changeCount = 0;

  // Cheap test for resolve's fast path: a path that does not even name a mounted file cannot reach
  // one, except through a symlink the image has (a link the step made already left the fast path).
  private mayReachMount(path: string): boolean {
    if (this.mounts === undefined) return false;
    for (const mounted of this.mounts.keys()) if (path.includes(baseName(mounted))) return true;
    return false;
  }

  /** The mount point at or below a clean absolute path, if any. */
  mountWithin(path: string): string | undefined {
    if (this.mounts === undefined) return undefined;
    const prefix = path === '/' ? '/' : `${path}/`;
    for (const mounted of this.mounts.keys()) if (mounted === path || mounted.startsWith(prefix)) return mounted;
    return undefined;
  }

  private writeMount(path: string, mount: RuntimeMount, file: FileEntry, keepMeta: boolean): void {
    this.mounts?.set(path, { entry: keepMeta ? withMeta(file, mount.entry) : file, readOnly: mount.readOnly });
    this.changeCount++;
  }

  private put(path: string, change: LayerChange): void {
    this.changeCount++;
    const isNew = !this.changes.has(path);
    if (this.writeGuess !== undefined) {
      if (change.type === 'file') {
        if (!isInventedText(change)) change = withGuess(change, this.writeGuess);
      } else this.uncertain.add(path);
    } else if (this.uncertain.size > 0) this.uncertain.delete(path);
    this.changes.set(path, change);
    this.touched?.add(path);
    if (isNew && path !== '/') {
      const parent = parentPath(path);
      let names = this.childIndex.get(parent);
      if (!names) this.childIndex.set(parent, (names = new Set()));
      names.add(baseName(path));
    }
  }

  private drop(path: string): void {
    if (!this.changes.delete(path)) return;
    this.touched?.add(path);
    if (this.writeGuess !== undefined) this.uncertain.add(path);
    else if (this.uncertain.size > 0) this.uncertain.delete(path);
    this.changeCount++;
    this.hidden.delete(path);
    if (path !== '/') this.childIndex.get(parentPath(path))?.delete(baseName(path));
  }

  // Deletes a path and everything below it: working entries vanish; lower-layer ones get a whiteout.
  private removeRaw(path: string): void {
    const stack = [path];
    const below: string[] = [];
    while (stack.length > 0) {
      const p = stack.pop() ?? '/';
      below.push(p);
      for (const name of this.childIndex.get(p) ?? []) stack.push(joinPath(p, name));
    }
    for (const p of below) this.drop(p);
    this.childIndex.delete(path);
    if (this.lowerHas(path)) {
      this.put(path, WHITEOUT);
      this.hidden.add(path);
    }
  }

  private lowerHas(path: string): boolean {
    if (this.isHiddenByAncestor(path)) return false;
    return this.base.lookup(path) !== undefined;
  }

  private isHiddenByAncestor(path: string): boolean {
    if (this.hidden.size === 0) return false;
    let p = path;
    while (p !== '/') {
      p = parentPath(p);
      if (this.hidden.has(p)) return true;
    }
    return false;
  }
}
