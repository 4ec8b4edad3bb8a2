// Base images for the playground: the size catalog's skeletons loaded as the build engine's
// `BaseImage`s, with real text files (/etc/passwd, /etc/os-release) kept, and unknown images
// estimated (flagged) instead of failing, because a learner's typo should not stop the lesson.
//
// The scenario replayer resolves declared images only; the playground needs the catalog too, and
// nothing in src/core/build provides that yet, so the adapter lives here.

import type { BaseImage, ImageResolver } from '../build/base-images.ts';
import { EMPTY_CONFIG } from '../build/base-images.ts';
import { layerFromEntries } from '../fs/layer.ts';
import { Rootfs } from '../fs/layered-fs.ts';
import { makeDir, makeFile, makeSymlink, makeSyntheticFile, type Entry } from '../fs/entry.ts';
import { hashStrings } from '../fs/hash.ts';
import { loadBaseImage, type ImageSkeleton } from '../size/index.ts';
import type { HistoryRow, ImageConfig } from '../build/types.ts';

function rootfsFromSkeleton(skeleton: ImageSkeleton): Rootfs {
  const entries = new Map<string, Entry>([['/', makeDir()]]);
  for (const e of skeleton.entries) {
    const meta = { mode: e.mode, uid: e.uid, gid: e.gid };
    entries.set(
      e.path,
      e.type === 'dir'
        ? makeDir(meta)
        : e.type === 'symlink'
          ? makeSymlink(e.target ?? '', meta)
          : e.content !== undefined
            ? makeFile(e.content, meta)
            : makeSyntheticFile(e.size, `${skeleton.name}:${e.path}`, meta),
    );
  }
  return Rootfs.fromLayers([layerFromEntries(entries, { symlinkSizing: 'target-length', createdBy: `base ${skeleton.name}` })]);
}

function configOf(skeleton: ImageSkeleton): ImageConfig {
  const env = Object.entries(skeleton.defaults.env).map(([k, v]) => `${k}=${v}`);
  return {
    ...EMPTY_CONFIG,
    ...(env.length > 0 ? { env } : {}),
    ...(skeleton.defaults.workingDir !== null ? { workdir: skeleton.defaults.workingDir } : {}),
    ...(skeleton.defaults.user !== null ? { user: skeleton.defaults.user } : {}),
  };
}

/** Turns a size-catalog skeleton into a base image the build engine can start a stage from. */
export function imageFromSkeleton(ref: string, normalized: string, skeleton: ImageSkeleton, estimated: boolean): BaseImage {
  const history: HistoryRow[] = [{ createdBy: `base image ${ref}`, bytes: skeleton.sizeBytes, emptyLayer: false }];
  return {
    ref,
    normalized,
    id: hashStrings('image', normalized).slice(0, 12),
    rootfs: rootfsFromSkeleton(skeleton),
    sizeBytes: skeleton.sizeBytes,
    layerCount: Math.max(1, skeleton.layerCount),
    config: configOf(skeleton),
    history,
    estimated: estimated || skeleton.size.estimated,
  };
}

/** Creates a resolver over the size catalog that estimates unknown images; results are memoised. */
export function createCatalogResolver(): ImageResolver {
  const memo = new Map<string, BaseImage | undefined>();
  return (normalized, ref) => {
    if (memo.has(normalized)) return memo.get(normalized);
    const outcome = loadBaseImage(ref, { estimateUnknown: true });
    const image =
      outcome.kind === 'found' || outcome.kind === 'estimated'
        ? imageFromSkeleton(ref, normalized, outcome.skeleton, outcome.kind === 'estimated')
        : undefined;
    memo.set(normalized, image);
    return image;
  };
}
