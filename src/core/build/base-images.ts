// Base images as the simulator sees them: a root filesystem, a size, a config and history rows.
// Where they come from is pluggable: the size catalog, or images a scenario declares.

import { layerFromEntries, type Layer } from '../fs/layer.ts';
import { Rootfs } from '../fs/layered-fs.ts';
import { makeDir, makeSymlink, makeSyntheticFile, type Entry } from '../fs/entry.ts';
import { normalizePath, parentPath } from '../fs/path.ts';
import { hashStrings } from '../fs/hash.ts';
import { bytes, type Bytes } from '../size/bytes.ts';
import type { HistoryRow, ImageConfig } from './types.ts';

export interface BaseImage {
  /** The reference as written and its normalized form (`docker.io/local/busybox:1`). */
  readonly ref: string;
  readonly normalized: string;
  /** 12-hex image id the legacy builder prints after `FROM`. */
  readonly id: string;
  readonly rootfs: Rootfs;
  /** `docker image inspect {{.Size}}` of the base image. */
  readonly sizeBytes: Bytes;
  /** Number of layers in the image's RootFS. */
  readonly layerCount: number;
  readonly config: ImageConfig;
  readonly history: readonly HistoryRow[];
  /** True when the contents are a catalog estimate rather than a declared file list. */
  readonly estimated: boolean;
}

/** Finds a base image by its normalized reference (and the reference as written). */
export type ImageResolver = (normalized: string, ref: string) => BaseImage | undefined;

/** A base image declared by a scenario (`scenario.json` `images`). */
export interface DeclaredImage {
  readonly sizeBytes: number;
  readonly dirs?: readonly string[];
  readonly files?: Readonly<Record<string, number>>;
  readonly symlinks?: Readonly<Record<string, string>>;
  readonly env?: readonly string[];
  readonly cmd?: readonly string[];
  readonly entrypoint?: readonly string[];
  readonly workdir?: string;
}

export const EMPTY_CONFIG: ImageConfig = {
  env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
  workdir: '',
  user: '',
  exposedPorts: [],
  labels: {},
  volumes: [],
  onBuild: [],
};

/** Builds a base image from a declared file list; every file is a synthetic body of its size. */
export function imageFromDeclaration(ref: string, normalized: string, decl: DeclaredImage): BaseImage {
  const entries = new Map<string, Entry>();
  const addDir = (p: string): void => {
    let d = normalizePath(p);
    const chain: string[] = [];
    while (d !== '/' && !entries.has(d)) {
      chain.push(d);
      d = parentPath(d);
    }
    for (const c of chain) entries.set(c, makeDir());
  };
  for (const d of decl.dirs ?? []) addDir(d);
  for (const [p, size] of Object.entries(decl.files ?? {})) {
    const path = normalizePath(p);
    addDir(parentPath(path));
    entries.set(path, makeSyntheticFile(size, `${normalized}:${path}`, { mode: 0o755 }));
  }
  for (const [p, target] of Object.entries(decl.symlinks ?? {})) {
    const path = normalizePath(p);
    addDir(parentPath(path));
    entries.set(path, makeSymlink(target));
  }
  const layer: Layer = layerFromEntries(entries, { symlinkSizing: 'target-length', createdBy: `base ${ref}` });
  const config: ImageConfig = {
    ...EMPTY_CONFIG,
    ...(decl.env ? { env: decl.env } : {}),
    ...(decl.cmd ? { cmd: decl.cmd } : {}),
    ...(decl.entrypoint ? { entrypoint: decl.entrypoint } : {}),
    ...(decl.workdir !== undefined ? { workdir: decl.workdir } : {}),
  };
  return {
    ref,
    normalized,
    id: hashStrings('image', normalized).slice(0, 12),
    rootfs: Rootfs.fromLayers([layer]),
    sizeBytes: bytes(decl.sizeBytes),
    layerCount: 1,
    config,
    history: [{ createdBy: `base image ${ref}`, bytes: bytes(decl.sizeBytes), emptyLayer: false }],
    estimated: false,
  };
}

/** Combines resolvers: the first that knows an image wins. */
export function chainResolvers(...resolvers: readonly (ImageResolver | undefined)[]): ImageResolver {
  return (normalized, ref) => {
    for (const r of resolvers) {
      const found = r?.(normalized, ref);
      if (found) return found;
    }
    return undefined;
  };
}

/** Makes a resolver over declared images, keyed by normalized reference. */
export function declaredImageResolver(
  images: Readonly<Record<string, DeclaredImage>>,
  normalize: (ref: string) => string,
): ImageResolver {
  const byNormalized = new Map<string, { ref: string; decl: DeclaredImage }>();
  for (const [ref, decl] of Object.entries(images)) byNormalized.set(normalize(ref), { ref, decl });
  const memo = new Map<string, BaseImage>();
  return (normalized) => {
    const hit = memo.get(normalized);
    if (hit) return hit;
    const d = byNormalized.get(normalized);
    if (!d) return undefined;
    const img = imageFromDeclaration(d.ref, normalized, d.decl);
    memo.set(normalized, img);
    return img;
  };
}
