// Image references as the catalog keys them, so `node`, `library/node:latest` and
// `docker.io/library/node:latest` all find the same entry. The parsing itself is
// ../image-ref/reference.ts (distribution/reference ParseNormalizedNamed, as Engine 20.10 reads
// it); this adds what sizes need: a raw FROM argument with `--platform`, and the `name:tag` key.

import { familiarName, parseNormalizedNamed } from '../image-ref/reference.ts';

/** A FROM image reference after Docker's normalisation. */
export interface NormalizedImageRef {
  /** The text as given (after `--platform` was split off, if it was part of the text). */
  readonly original: string;
  /** Registry host, `docker.io` for Docker Hub (`index.docker.io` is folded into it). */
  readonly domain: string;
  /** Repository path inside the registry, e.g. `library/node`, `distroless/static-debian12`. */
  readonly path: string;
  /** `domain/path`, e.g. `docker.io/library/node`. */
  readonly name: string;
  /** The tag, `latest` when neither a tag nor a digest was given (TagNameOnly). */
  readonly tag: string;
  /** True when the tag was filled in as `latest` rather than written. */
  readonly tagImplied: boolean;
  /** `sha256:…` when the reference pins a digest. Sizes ignore it: the catalog is keyed by tag. */
  readonly digest: string | null;
  /** `name:tag`, the key the catalog is looked up by. */
  readonly canonical: string;
  /** `docker.io/library/node` → `node`, `docker.io/foo/bar` → `foo/bar`: how `docker images` prints it. */
  readonly familiarName: string;
  /** The `--platform` value, when one was given; the catalog holds linux/amd64 figures only. */
  readonly platform: string | null;
}

export type ImageRefError =
  | { readonly kind: 'empty'; readonly message: string }
  | { readonly kind: 'uppercase'; readonly message: string }
  | { readonly kind: 'invalid'; readonly message: string };

export type ImageRefResult =
  | { readonly ok: true; readonly ref: NormalizedImageRef }
  | { readonly ok: false; readonly error: ImageRefError };

/** `FROM scratch` names no image: it is the reserved empty base (moby#8827 made it a no-op). */
export function isScratchReference(text: string): boolean {
  return text.trim() === 'scratch';
}

/**
 * Normalises an image reference like Docker does (`node` → `docker.io/library/node:latest`).
 * A leading `--platform=<p>` word is accepted and recorded, so raw FROM arguments can be passed.
 */
export function normalizeImageReference(text: string, platform: string | null = null): ImageRefResult {
  let rest = text.trim();
  let plat = platform;
  const platformMatch = /^--platform=(\S*)\s+(.*)$/s.exec(rest);
  if (platformMatch) {
    plat = platformMatch[1] ?? null;
    rest = (platformMatch[2] ?? '').trim();
  }
  if (rest === '') return fail('empty', 'invalid reference format: the image name is empty');
  const parsed = parseNormalizedNamed(rest);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const { domain, path, name, tag, digest } = parsed.ref;
  // TagNameOnly, except that a digest keeps the `latest` default too: the catalog is keyed by tag.
  const resolvedTag = tag ?? 'latest';
  return {
    ok: true,
    ref: {
      original: rest,
      domain,
      path,
      name,
      tag: resolvedTag,
      tagImplied: tag === null,
      digest,
      canonical: `${name}:${resolvedTag}`,
      familiarName: familiarName(domain, path),
      platform: plat,
    },
  };
}

function fail(kind: ImageRefError['kind'], message: string): ImageRefResult {
  return { ok: false, error: { kind, message } };
}
