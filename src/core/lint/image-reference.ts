// Image references for the checks: BuildKit's InvalidDefaultArgInFrom asks exactly "would
// distribution/reference ParseNormalizedNamed accept this?", which ../image-ref/reference.ts
// answers; this adapts its result to what rules read.

import { familiarName, parseNormalizedNamed } from '../image-ref/reference.ts';

export interface ImageReference {
  /** Repository as `docker images` prints it: `node`, `foo/bar`, `ghcr.io/org/app`. */
  readonly repository: string;
  /** The tag as written; absent when none was (Docker then means `latest`). */
  readonly tag?: string;
  readonly digest?: string;
}

/** Splits `name[:tag][@digest]`, or `undefined` when ParseNormalizedNamed would reject it. */
export function parseImageReference(ref: string): ImageReference | undefined {
  const parsed = parseNormalizedNamed(ref);
  if (!parsed.ok) return undefined;
  const r = parsed.ref;
  return {
    repository: familiarName(r.domain, r.path),
    ...(r.tag !== null ? { tag: r.tag } : {}),
    ...(r.digest !== null ? { digest: r.digest } : {}),
  };
}

/** The repository without the `docker.io/`, `docker.io/library/` or `library/` prefix. */
export function shortRepositoryName(repository: string): string {
  return repository.replace(/^(?:docker\.io|index\.docker\.io)\//, '').replace(/^library\//, '');
}
