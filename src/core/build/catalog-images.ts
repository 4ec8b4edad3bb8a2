// Base images from the size module's catalog (and, in the playground, estimates for unknown
// names), turned into the simulator's BaseImage: a one-layer root filesystem whose size is the
// catalog's figure, plus the image config defaults (ENV, USER, WORKDIR).

import { loadBaseImage } from '../size/base-image.ts';
import type { ImageSkeleton } from '../size/image-skeleton.ts';
import { layerFromEntries } from '../fs/layer.ts';
import { Rootfs } from '../fs/layered-fs.ts';
import { makeDir, makeFile, makeSymlink, makeSyntheticFile, type Entry } from '../fs/entry.ts';
import { hashStrings } from '../fs/hash.ts';
import { bytes } from '../size/bytes.ts';
import type { BaseImage, ImageResolver } from './base-images.ts';
import { EMPTY_CONFIG } from './base-images.ts';

/** Converts a size-module image skeleton into a simulator base image. */
export function imageFromSkeleton(ref: string, normalized: string, skeleton: ImageSkeleton, estimated: boolean): BaseImage {
  const entries = new Map<string, Entry>();
  for (const e of skeleton.entries) {
    const meta = { mode: e.mode, uid: e.uid, gid: e.gid };
    if (e.type === 'dir') entries.set(e.path, makeDir(meta));
    else if (e.type === 'symlink') entries.set(e.path, makeSymlink(e.target ?? '', meta));
    else entries.set(e.path, e.content !== undefined ? makeFile(e.content, meta) : makeSyntheticFile(e.size, `${normalized}:${e.path}`, { ...meta, estimated: skeleton.size.estimated }));
  }
  const rootfs = Rootfs.fromLayers([layerFromEntries(entries, { symlinkSizing: 'target-length', createdBy: `base ${ref}` })]);
  return {
    ref,
    normalized,
    id: hashStrings('image', normalized).slice(0, 12),
    rootfs,
    sizeBytes: bytes(skeleton.sizeBytes),
    layerCount: skeleton.layerCount,
    config: {
      ...EMPTY_CONFIG,
      env: Object.keys(skeleton.defaults.env).length > 0 ? Object.entries(skeleton.defaults.env).map(([k, v]) => `${k}=${v}`) : EMPTY_CONFIG.env,
      user: skeleton.defaults.user ?? '',
      workdir: skeleton.defaults.workingDir ?? '',
    },
    history: [{ createdBy: `base image ${ref}`, bytes: bytes(skeleton.sizeBytes), emptyLayer: false }],
    estimated: estimated || skeleton.size.estimated,
  };
}

/**
 * Resolves images from the catalog. With `estimateUnknown` (the playground), any well-formed name
 * gets an estimated image instead of failing like an offline engine does.
 */
export function catalogImageResolver(options: { readonly estimateUnknown?: boolean } = {}): ImageResolver {
  const memo = new Map<string, BaseImage | null>();
  return (normalized, ref) => {
    const hit = memo.get(normalized);
    if (hit !== undefined) return hit ?? undefined;
    let image: BaseImage | undefined;
    try {
      const outcome = loadBaseImage(ref, options.estimateUnknown ? { estimateUnknown: true } : {});
      if (outcome.kind === 'found' && outcome.from !== 'scratch') image = imageFromSkeleton(ref, normalized, outcome.skeleton, false);
      else if (outcome.kind === 'estimated') image = imageFromSkeleton(ref, normalized, outcome.skeleton, true);
    } catch {
      image = undefined;
    }
    memo.set(normalized, image ?? null);
    return image;
  };
}
