// The images a playground session has built, as `docker images` sees them: tags move to the newest
// image that claims them, and an image that loses its last tag becomes `<none>:<none>` (a dangling
// image), as in the engine's reference store.

import type { BuilderKind, FinalImage } from '../build/types.ts';
import { familiarString, parseNormalizedNamed, tagNameOnly } from '../image-ref/reference.ts';

export interface StoredImage {
  /** Full id, `sha256:…` (legacy ids are padded out from the 12-hex id the log prints). */
  readonly id: string;
  /** `name:tag` references, normalised with `:latest`. */
  readonly tags: readonly string[];
  readonly builder: BuilderKind;
  /** Session clock (ms) when it was built. */
  readonly createdMs: number;
  readonly image: FinalImage;
  /** Text of files whose content the simulation knows exactly or approximated (collectKnownContents; FileProvenance.guess tells which), by absolute path. */
  readonly contents: Readonly<Record<string, string>>;
  /**
   * Paths whose presence a RUN step decided on a guessed condition (collectUncertainPaths): `cat`
   * and `ls` say a missing one may exist in a real build. Optional: older stores lack it.
   */
  readonly uncertainPaths?: readonly string[];
}

export interface ImageStore {
  /** Newest first. */
  readonly images: readonly StoredImage[];
}

export const EMPTY_STORE: ImageStore = { images: [] };

/**
 * Names a reference the way the engine's tag store lists it: familiar, with `:latest` when no tag
 * was given (`app` → `app:latest`, `docker.io/library/app` → `app:latest`, `reg:5000/app` →
 * `reg:5000/app:latest`; FamiliarString(TagNameOnly(ParseNormalizedNamed)) as `docker tag` and
 * `docker build -t` store it). Text that is no valid reference (an id) only gains `:latest`.
 */
export function withLatest(ref: string): string {
  const parsed = parseNormalizedNamed(ref);
  if (parsed.ok) return familiarString(tagNameOnly(parsed.ref));
  const slash = ref.lastIndexOf('/');
  return ref.slice(slash + 1).includes(':') ? ref : `${ref}:latest`;
}

/** Makes a full image id from the result's id (already `sha256:…`, or 12 hex digits). */
export function fullImageId(id: string): string {
  if (id.startsWith('sha256:')) return id;
  const hex = id.replace(/[^0-9a-f]/g, '');
  return `sha256:${hex.padEnd(64, '0').slice(0, 64)}`;
}

/** Records a built image; the tags it claims leave older images, and re-adding an id merges. */
export function addImage(store: ImageStore, image: StoredImage): ImageStore {
  const tags = image.tags.map(withLatest);
  const existing = store.images.find((i) => i.id === image.id);
  const others = store.images
    .filter((i) => i.id !== image.id)
    .map((i) => ({ ...i, tags: i.tags.filter((t) => !tags.includes(t)) }));
  const merged: StoredImage = { ...image, tags: [...new Set([...tags, ...(existing?.tags ?? []).filter((t) => !tags.includes(t))])] };
  return { images: [merged, ...others] };
}

/** Finds an image by `name[:tag]`, full id, or id prefix (as `docker` does); undefined when none. */
export function findImage(store: ImageStore, ref: string): StoredImage | undefined {
  const byTag = store.images.find((i) => i.tags.includes(withLatest(ref)));
  if (byTag) return byTag;
  const hex = ref.replace(/^sha256:/, '');
  if (/^[0-9a-f]+$/.test(hex) && hex.length >= 1) return store.images.find((i) => i.id.slice(7).startsWith(hex));
  return undefined;
}

/** Lists every reference a learner could type for the store's images (for completion). */
export function imageNames(store: ImageStore): string[] {
  const names = new Set<string>();
  for (const i of store.images) {
    for (const t of i.tags) {
      names.add(t);
      if (t.endsWith(':latest')) names.add(t.slice(0, -':latest'.length));
    }
    names.add(i.id.slice(7, 19));
  }
  return [...names];
}
