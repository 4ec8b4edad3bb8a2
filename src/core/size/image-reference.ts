// Image references as Docker normalises them, so `node`, `library/node:latest` and
// `docker.io/library/node:latest` all find the same catalog entry.
//
// The grammar and the normalisation follow distribution/reference (reference.go, normalize.go:
// ParseNormalizedNamed, splitDockerDomain, TagNameOnly), which both the legacy builder and
// BuildKit's dockerfile2llb use for the image named by FROM.

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

const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_REPO_PREFIX = 'library/';

// distribution/reference regexp.go, anchored.
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_RE = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`);
const PATH_COMPONENT_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const HEX64_RE = /^[a-f0-9]{64}$/;
const NAME_TOTAL_LENGTH_MAX = 255;

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
  if (HEX64_RE.test(rest)) {
    return fail('invalid', `invalid repository name (${rest}), cannot specify 64-byte hexadecimal strings`);
  }

  let digest: string | null = null;
  const at = rest.indexOf('@');
  let nameAndTag = rest;
  if (at >= 0) {
    digest = rest.slice(at + 1);
    nameAndTag = rest.slice(0, at);
    if (!DIGEST_RE.test(digest)) return fail('invalid', 'invalid reference format');
  }

  // splitDockerDomain: the first component is a registry only if it looks like a host.
  let domain = DEFAULT_DOMAIN;
  let remainder = nameAndTag;
  const slash = nameAndTag.indexOf('/');
  if (slash >= 0) {
    const first = nameAndTag.slice(0, slash);
    const looksLikeHost = /[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first;
    if (looksLikeHost) {
      domain = first;
      remainder = nameAndTag.slice(slash + 1);
    }
  }
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;

  let tag: string | null = null;
  let path = remainder;
  const colon = remainder.lastIndexOf(':');
  if (colon >= 0 && !remainder.slice(colon).includes('/')) {
    tag = remainder.slice(colon + 1);
    path = remainder.slice(0, colon);
  }
  if (domain === DEFAULT_DOMAIN && !path.includes('/')) path = OFFICIAL_REPO_PREFIX + path;

  if (path.toLowerCase() !== path) {
    // Engine 20.10's message (checked with the legacy builder): it does not repeat the name.
    return fail('uppercase', 'invalid reference format: repository name must be lowercase');
  }
  if (!DOMAIN_RE.test(domain)) return fail('invalid', 'invalid reference format');
  if (!path.split('/').every((component) => PATH_COMPONENT_RE.test(component))) {
    return fail('invalid', 'invalid reference format');
  }
  if (tag !== null && !TAG_RE.test(tag)) return fail('invalid', 'invalid reference format');
  const name = `${domain}/${path}`;
  if (name.length > NAME_TOTAL_LENGTH_MAX) {
    return fail('invalid', `invalid reference format: repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`);
  }

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
      familiarName: familiarizeName(domain, path),
      platform: plat,
    },
  };
}

/** Shortens a normalised name the way the docker CLI prints it (`docker.io/library/x` → `x`). */
export function familiarizeName(domain: string, path: string): string {
  if (domain !== DEFAULT_DOMAIN) return `${domain}/${path}`;
  return path.startsWith(OFFICIAL_REPO_PREFIX) ? path.slice(OFFICIAL_REPO_PREFIX.length) : path;
}

function fail(kind: ImageRefError['kind'], message: string): ImageRefResult {
  return { ok: false, error: { kind, message } };
}
