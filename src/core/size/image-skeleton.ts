// Base images as plain data: a flat list of filesystem entries whose sizes add up exactly to the
// image's size, plus the image defaults (ENV, USER, WORKDIR) a build starts from. Catalog images
// and the images a scenario declares come out in the same shape, so the filesystem loads either
// without knowing where it came from.
//
// Size accounting follows what `docker image inspect .Size` counts: regular files by their bytes,
// symlinks by the length of their target, directories as 0 (conformance/README.md: local/busybox:1
// is 18 symlinks × 7 bytes + 1,982,256 = 1,982,382).

import { bytes, type Bytes } from './bytes.ts';
import { normalizePath } from '../fs/path.ts';
import { utf8Length } from '../fs/utf8.ts';
import type { CatalogOs, PackageManager } from './base-image-catalog-types.ts';

export type ImageEntryType = 'dir' | 'file' | 'symlink';

/** One filesystem entry of a base image. */
export interface ImageEntry {
  /** Absolute, normalised path (`/usr/local/bin/node`). */
  readonly path: string;
  readonly type: ImageEntryType;
  /** Bytes counted toward the image size: file length, symlink target length, 0 for directories. */
  readonly size: Bytes;
  /** Permission bits only (`0o755`, `0o1777` for /tmp); the type is in `type`. */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** Symlink target as stored (relative or absolute). */
  readonly target?: string;
  /** Text of small files the simulator may read (`/etc/passwd`); `size` is its UTF-8 length. */
  readonly content?: string;
}

/** How an image's size was obtained. */
export type SizeBasis =
  | 'on-disk' // a sourced on-disk figure (docker images / .Size)
  | 'from-compressed' // compressed pull size × a cited on-disk ratio
  | 'proxy' // no figure for this image: a sourced figure of a close relative
  | 'nearest-tag' // unknown tag: another tag of the same repository and variant
  | 'name-pattern' // unknown image: a rule of thumb by name (alpine, slim, distroless, …)
  | 'declared' // the scenario's `images` block
  | 'empty'; // scratch

export interface SizeEstimate {
  /** False only when the size is a sourced, non-rounded measurement (or declared, or scratch). */
  readonly estimated: boolean;
  readonly basis: SizeBasis;
  /** Where the figure comes from, for citations in the UI. */
  readonly source: string;
  readonly note?: string;
}

/** What a container started from the image inherits (ENV, USER, WORKDIR). */
export interface ImageDefaults {
  /** Environment of the image config. Catalog images set PATH as their official images do; a declared
   * image (an imported root filesystem) has none unless declared, and the engine applies its default. */
  readonly env: Readonly<Record<string, string>>;
  /** `USER` of the image config, null for root by default. */
  readonly user: string | null;
  /** `WORKDIR` of the image config, null for `/`. */
  readonly workingDir: string | null;
}

/** A base image ready to be loaded into the simulated filesystem. */
export interface ImageSkeleton {
  /** Canonical reference, e.g. `docker.io/library/node:20`. */
  readonly name: string;
  readonly sizeBytes: Bytes;
  readonly size: SizeEstimate;
  /** Filesystem layers the image contributes to a build's layer count. */
  readonly layerCount: number;
  readonly layerCountEstimated: boolean;
  readonly os: CatalogOs | 'unknown';
  readonly hasShell: boolean;
  readonly packageManager: PackageManager;
  /** Notable tools (catalog `contains` vocabulary: jdk, maven, go, node, …). */
  readonly tools: readonly string[];
  readonly defaults: ImageDefaults;
  /** Parents before children, sorted by path; sizes sum exactly to `sizeBytes`. */
  readonly entries: readonly ImageEntry[];
}

/**
 * The one synthetic file per image that holds the bytes no named file accounts for (the rest of
 * the distribution, libraries, docs). The name is deliberately not a real path of any image.
 */
export const SYNTHETIC_REMAINDER_PATH = '/usr/lib/.stagecraft-base-layers';

/** Name of the synthetic file that holds the bulk of a tool's install directory. */
export const SYNTHETIC_COMPONENT_NAME = '.stagecraft-component';

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Sums the bytes an entry list counts toward an image's size. */
export function sumEntrySizes(entries: readonly ImageEntry[]): Bytes {
  let total = 0;
  for (const entry of entries) total += entry.size;
  return bytes(total);
}

interface Owner {
  readonly uid: number;
  readonly gid: number;
}
const ROOT: Owner = { uid: 0, gid: 0 };

/**
 * Collects entries, adding missing parent directories, and lets later additions replace earlier
 * ones at the same path (a tool layout may override an OS placeholder).
 */
export class SkeletonBuilder {
  private readonly byPath = new Map<string, ImageEntry>();

  dir(path: string, mode = 0o755, owner: Owner = ROOT): this {
    const clean = normalizePath(path);
    if (clean === '/') return this;
    this.parents(clean);
    const existing = this.byPath.get(clean);
    if (existing?.type === 'dir' && mode === 0o755 && owner === ROOT) return this;
    this.byPath.set(clean, { path: clean, type: 'dir', size: bytes(0), mode, ...owner });
    return this;
  }

  file(path: string, size: number, mode = 0o644, owner: Owner = ROOT): this {
    const clean = normalizePath(path);
    this.parents(clean);
    this.byPath.set(clean, { path: clean, type: 'file', size: bytes(size), mode, ...owner });
    return this;
  }

  text(path: string, content: string, mode = 0o644, owner: Owner = ROOT): this {
    const clean = normalizePath(path);
    this.parents(clean);
    this.byPath.set(clean, { path: clean, type: 'file', size: bytes(utf8Length(content)), mode, ...owner, content });
    return this;
  }

  symlink(path: string, target: string, owner: Owner = ROOT): this {
    const clean = normalizePath(path);
    this.parents(clean);
    this.byPath.set(clean, { path: clean, type: 'symlink', size: bytes(utf8Length(target)), mode: 0o777, ...owner, target });
    return this;
  }

  has(path: string): boolean {
    return this.byPath.has(normalizePath(path));
  }

  get(path: string): ImageEntry | undefined {
    return this.byPath.get(normalizePath(path));
  }

  remove(path: string): this {
    this.byPath.delete(normalizePath(path));
    return this;
  }

  resize(path: string, size: number): this {
    const entry = this.byPath.get(normalizePath(path));
    if (entry?.type === 'file') this.byPath.set(entry.path, { ...entry, size: bytes(size) });
    return this;
  }

  total(): number {
    let sum = 0;
    for (const entry of this.byPath.values()) sum += entry.size;
    return sum;
  }

  build(): ImageEntry[] {
    return [...this.byPath.values()].sort((a, b) => comparePaths(a.path, b.path));
  }

  private parents(path: string): void {
    const parts = path.split('/').filter(Boolean);
    let current = '';
    for (const part of parts.slice(0, -1)) {
      current += `/${part}`;
      if (!this.byPath.has(current)) {
        this.byPath.set(current, { path: current, type: 'dir', size: bytes(0), mode: 0o755, ...ROOT });
      }
    }
  }
}

// Component-wise order so `/a/b` sorts right after `/a` and before `/a-b`.
function comparePaths(a: string, b: string): number {
  const left = a.split('/');
  const right = b.split('/');
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    const l = left[i] ?? '';
    const r = right[i] ?? '';
    if (l !== r) return l < r ? -1 : 1;
  }
  return left.length - right.length;
}

/** A scenario's declaration of a base image (conformance/README.md, `images`). */
export interface DeclaredImage {
  readonly sizeBytes: number;
  readonly dirs?: readonly string[];
  readonly files?: Readonly<Record<string, number>>;
  readonly symlinks?: Readonly<Record<string, string>>;
  /** Not in the recorded format; defaults to 1 (an imported root filesystem is one layer). */
  readonly layers?: number;
  /** Image ENV, as a record or as the `KEY=value` list an image config holds. */
  readonly env?: Readonly<Record<string, string>> | readonly string[];
}

function envToRecord(env: Readonly<Record<string, string>> | readonly string[] | undefined): Record<string, string> {
  if (env === undefined) return {};
  if (!Array.isArray(env)) return { ...(env as Readonly<Record<string, string>>) };
  const record: Record<string, string> = {};
  for (const item of env as readonly string[]) {
    const eq = item.indexOf('=');
    if (eq > 0) record[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return record;
}

/** A declared image turned into a skeleton, plus what did not add up. */
export interface DeclaredSkeletonResult {
  readonly skeleton: ImageSkeleton;
  /** Non-empty when the declared entries do not sum to `sizeBytes` (the skeleton then evens it out). */
  readonly problems: readonly string[];
}

/**
 * Turns a scenario's `images` entry into the same shape as a catalog image. Entries are taken as
 * declared; if they do not sum to `sizeBytes`, the difference goes to the synthetic remainder file
 * (or, if they sum to more, the declared size wins and a problem is reported).
 */
export function declaredImageToSkeleton(name: string, declared: DeclaredImage): DeclaredSkeletonResult {
  const builder = new SkeletonBuilder();
  for (const dir of declared.dirs ?? []) builder.dir(dir, dir === '/tmp' ? 0o1777 : 0o755);
  for (const [path, size] of Object.entries(declared.files ?? {})) builder.file(path, size, 0o755);
  for (const [path, target] of Object.entries(declared.symlinks ?? {})) builder.symlink(path, target);
  const problems: string[] = [];
  const counted = builder.total();
  if (counted < declared.sizeBytes) {
    builder.file(SYNTHETIC_REMAINDER_PATH, declared.sizeBytes - counted);
    problems.push(`${name}: declared entries sum to ${counted} bytes, ${declared.sizeBytes - counted} short of sizeBytes; the rest went to ${SYNTHETIC_REMAINDER_PATH}`);
  } else if (counted > declared.sizeBytes) {
    problems.push(`${name}: declared entries sum to ${counted} bytes, more than sizeBytes ${declared.sizeBytes}`);
  }
  const entries = builder.build();
  const hasShell = entries.some((entry) => entry.path === '/bin/sh');
  const hasBusybox = entries.some((entry) => entry.path === '/bin/busybox');
  return {
    problems,
    skeleton: {
      name,
      sizeBytes: sumEntrySizes(entries),
      size: { estimated: false, basis: 'declared', source: 'scenario.json images block' },
      layerCount: declared.layers ?? 1,
      layerCountEstimated: declared.layers === undefined,
      os: hasBusybox ? 'busybox' : 'unknown',
      hasShell,
      packageManager: 'none',
      tools: hasBusybox ? ['busybox'] : [],
      defaults: { env: envToRecord(declared.env), user: null, workingDir: null },
      entries,
    },
  };
}

/** A skeleton in the scenario `images` shape (plus image defaults), for loaders built around that shape. */
export interface SkeletonFileList {
  readonly sizeBytes: number;
  readonly dirs: readonly string[];
  readonly files: Readonly<Record<string, number>>;
  readonly symlinks: Readonly<Record<string, string>>;
  /** `KEY=value` strings, as an image config lists them. */
  readonly env: readonly string[];
  readonly workdir?: string;
  readonly user?: string;
}

/**
 * Flattens a skeleton to the scenario `images` shape (directories, file sizes, symlink targets)
 * plus its ENV/WORKDIR/USER, dropping modes, owners and text content.
 */
export function skeletonToFileList(skeleton: ImageSkeleton): SkeletonFileList {
  const dirs: string[] = [];
  const files: Record<string, number> = {};
  const symlinks: Record<string, string> = {};
  for (const entry of skeleton.entries) {
    if (entry.type === 'dir') dirs.push(entry.path);
    else if (entry.type === 'symlink') symlinks[entry.path] = entry.target ?? '';
    else files[entry.path] = entry.size;
  }
  return {
    sizeBytes: skeleton.sizeBytes,
    dirs,
    files,
    symlinks,
    env: envRecordToList(skeleton.defaults.env),
    ...(skeleton.defaults.workingDir !== null ? { workdir: skeleton.defaults.workingDir } : {}),
    ...(skeleton.defaults.user !== null ? { user: skeleton.defaults.user } : {}),
  };
}

/** Turns an environment record into the `KEY=value` list an image config holds. */
export function envRecordToList(env: Readonly<Record<string, string>>): string[] {
  return Object.entries(env).map(([key, value]) => `${key}=${value}`);
}
