// The stage graph's view of an image reference: valid or not, and its full form (the key declared
// images and the catalog are matched by). Both come from ../image-ref/reference.ts, the core's one
// reading of distribution/reference as Engine 20.10 vendors it.

import { parseNormalizedNamed, referenceString, tagNameOnly } from '../image-ref/reference.ts';

/** Tells whether ParseNormalizedNamed accepts `ref` (repository path lowercase, no 64-hex name). */
export function isValidImageRef(ref: string): boolean {
  return parseNormalizedNamed(ref).ok;
}

/**
 * The engine's text when ParseNormalizedNamed refuses `ref` (`invalid reference format`,
 * `… must be lowercase`, `… cannot specify 64-byte hexadecimal strings`), or undefined.
 */
export function imageRefError(ref: string): string | undefined {
  const parsed = parseNormalizedNamed(ref);
  return parsed.ok ? undefined : parsed.error.message;
}

/**
 * Expands a reference to its full form with TagNameOnly: `local/busybox` →
 * `docker.io/local/busybox:latest`; a digest stays (`…:1@sha256:…`), since the engine then finds
 * the image by digest. An invalid reference comes back unchanged.
 */
export function normalizeImageRef(ref: string): string {
  const parsed = parseNormalizedNamed(ref);
  return parsed.ok ? referenceString(tagNameOnly(parsed.ref)) : ref;
}
