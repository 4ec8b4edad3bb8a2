// Image references for the checks: BuildKit's InvalidDefaultArgInFrom asks exactly "would
// distribution/reference ParseNormalizedNamed accept this?", which the size module's
// normaliser implements (../size/image-reference.ts); this adapts its result to what rules read.

import { normalizeImageReference } from '../size/image-reference.ts';

export interface ImageReference {
  /** Repository as `docker images` prints it: `node`, `foo/bar`, `ghcr.io/org/app`. */
  readonly repository: string;
  /** The tag as written; absent when none was (Docker then means `latest`). */
  readonly tag?: string;
  readonly digest?: string;
}

// The playground lints on every keystroke and a file names the same few images each time: the
// parsed (immutable) results are kept per reference, up to a bound that only guards memory.
const PARSED = new Map<string, ImageReference | null>();

/** Splits `name[:tag][@digest]`, or `undefined` when ParseNormalizedNamed would reject it. */
export function parseImageReference(ref: string): ImageReference | undefined {
  const hit = PARSED.get(ref);
  if (hit !== undefined) return hit ?? undefined;
  const parsed = parseUncached(ref);
  if (PARSED.size >= 4096) PARSED.clear();
  PARSED.set(ref, parsed ?? null);
  return parsed;
}

function parseUncached(ref: string): ImageReference | undefined {
  // The normaliser trims and accepts a `--platform=` prefix; an expanded FROM value may do neither.
  if (ref !== ref.trim() || ref.startsWith('--')) return undefined;
  const result = normalizeImageReference(ref);
  if (!result.ok) return undefined;
  const r = result.ref;
  return {
    repository: r.familiarName,
    ...(r.tagImplied ? {} : { tag: r.tag }),
    ...(r.digest !== null ? { digest: r.digest } : {}),
  };
}

/** The repository without the `docker.io/`, `docker.io/library/` or `library/` prefix. */
export function shortRepositoryName(repository: string): string {
  return repository.replace(/^(?:docker\.io|index\.docker\.io)\//, '').replace(/^library\//, '');
}
