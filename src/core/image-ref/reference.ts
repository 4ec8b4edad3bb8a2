// The one image-reference parser of the core: docker/distribution's `reference` package as the
// Docker Engine 20.10 daemon vendors it (reference/normalize.go ParseNormalizedNamed,
// splitDockerDomain, FamiliarName, TagNameOnly; reference/regexp.go; go-digest for the digest).
// BuildKit's dockerfile2llb is compiled into the same dockerd and so uses the same vendored copy:
// FROM, COPY --from, `-t` names and `docker tag` all read a reference the same way.
//
// Checked against Engine 20.10.24 (`docker tag local/busybox:1 <ref>`, then `docker image ls`;
// `FROM <ref>` with the legacy builder; see tests/core/image-ref/reference.test.ts):
// - the first component is a registry only if it contains `.` or `:` or is exactly `localhost`.
//   Later distribution releases also treat an uppercase first component as a host (`Local/x`);
//   20.10 does not: `Local/busybox:1` and `LOCALHOST/busybox:1` fail with "invalid reference
//   format: repository name must be lowercase". A host keeps its case (`Example.com/x:1` is listed
//   as `Example.com/x:1`), the repository path never has uppercase.
// - `index.docker.io` (exactly, lowercase) is Docker Hub: `index.docker.io/probe1:1` is listed as
//   `probe1:1`; `Index.docker.io/…` is another host (the build tries https://Index.docker.io/v2/).
// - a 64-hex name is refused ("cannot specify 64-byte hexadecimal strings"), but
//   `docker.io/library/<64 hex>` is a name like any other.
// - no IPv6 hosts yet: `[::1]:5000/busybox:1` is "invalid reference format".
// - a digest is kept next to a tag (`name:tag@digest`) and the image is then found by digest, not
//   by tag: `FROM local/busybox:1@sha256:<its own id>` pulls instead of using the local image.

import { boundedMemo } from '../bounded-memo.ts';

/** A reference ParseNormalizedNamed accepted: always with a domain, tag and digest when written. */
export interface NamedReference {
  /** Registry host as written (`docker.io` for Docker Hub, `index.docker.io` folded into it). */
  readonly domain: string;
  /** Repository path inside the registry: `library/node`, `local/busybox`. */
  readonly path: string;
  /** `domain/path`, what Go's Name() returns. */
  readonly name: string;
  /** The tag as written, or null when none was (TagNameOnly fills in `latest`). */
  readonly tag: string | null;
  /** `algorithm:hex` when the reference pins a digest. */
  readonly digest: string | null;
}

export type ReferenceErrorKind = 'empty' | 'uppercase' | 'invalid';

export interface ReferenceError {
  readonly kind: ReferenceErrorKind;
  /** The engine's own error text. */
  readonly message: string;
}

export type ParsedReference =
  | { readonly ok: true; readonly ref: NamedReference }
  | { readonly ok: false; readonly error: ReferenceError };

const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_REPO_PREFIX = 'library/';
const DEFAULT_TAG = 'latest';
const NAME_TOTAL_LENGTH_MAX = 255;

// reference/regexp.go (the release without IPv6 hosts), anchored.
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?`;
// Go's separator is `(?:[._]|__|[-]*)`; its RE2 engine runs in linear time, but in a backtracking
// engine the empty `[-]*` lets `[a-z0-9]+` split a run of letters every possible way, so a failed
// match takes exponential time (a 25-letter name froze the editor). `-+` accepts the same names:
// an empty separator between two letter runs is just one longer run.
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';
const REFERENCE_RE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const IDENTIFIER_RE = /^[a-f0-9]{64}$/;

// go-digest: the algorithms a digest may name, and the length of their lowercase hex.
const DIGEST_HEX_LENGTH: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };

// FROM lines, `-t` names and terminal commands name the same few images over and over; results
// are immutable, and the bound only guards memory.
const MEMO = new Map<string, ParsedReference>();

/**
 * Parses a reference the way ParseNormalizedNamed does (`node` → docker.io/library/node), with
 * the engine's error text when it refuses one. Never throws.
 */
export function parseNormalizedNamed(text: string): ParsedReference {
  return boundedMemo(MEMO, 4096, text, parseUncached);
}

function parseUncached(text: string): ParsedReference {
  if (IDENTIFIER_RE.test(text)) {
    return fail('invalid', `invalid repository name (${text}), cannot specify 64-byte hexadecimal strings`);
  }
  const [domain, remainder] = splitDockerDomain(text);
  const colon = remainder.indexOf(':');
  const remoteName = colon >= 0 ? remainder.slice(0, colon) : remainder;
  if (remoteName.toLowerCase() !== remoteName) {
    return fail('uppercase', 'invalid reference format: repository name must be lowercase');
  }
  // reference.Parse of the qualified text.
  const full = `${domain}/${remainder}`;
  const m = REFERENCE_RE.exec(full);
  if (m === null) {
    // Go's Parse sees `docker.io/library/` here, not an empty string: the generic message.
    if (text === '') return fail('empty', 'invalid reference format');
    if (REFERENCE_RE.test(full.toLowerCase())) return fail('uppercase', 'repository name must be lowercase');
    return fail('invalid', 'invalid reference format');
  }
  const name = m[1] ?? '';
  if (name.length > NAME_TOTAL_LENGTH_MAX) {
    return fail('invalid', `repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`);
  }
  const digest = m[3] ?? null;
  if (digest !== null) {
    const digestError = checkDigest(digest);
    if (digestError !== null) return fail('invalid', digestError);
  }
  return { ok: true, ref: { domain, path: name.slice(domain.length + 1), name, tag: m[2] ?? null, digest } };
}

// The first component is a registry only if it looks like a host. No uppercase rule: see the top.
function splitDockerDomain(text: string): [domain: string, remainder: string] {
  const slash = text.indexOf('/');
  let domain = DEFAULT_DOMAIN;
  let remainder = text;
  if (slash >= 0) {
    const first = text.slice(0, slash);
    if (first === 'localhost' || first.includes('.') || first.includes(':')) {
      domain = first;
      remainder = text.slice(slash + 1);
    }
  }
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = OFFICIAL_REPO_PREFIX + remainder;
  return [domain, remainder];
}

// go-digest Digest.Validate: a known algorithm with lowercase hex of its exact length.
function checkDigest(digest: string): string | null {
  const sep = digest.indexOf(':');
  const algorithm = digest.slice(0, sep);
  const hex = digest.slice(sep + 1);
  const length = DIGEST_HEX_LENGTH[algorithm];
  if (length === undefined) return 'unsupported digest algorithm';
  if (hex.length !== length) return 'invalid checksum digest length';
  if (!/^[a-f0-9]+$/.test(hex)) return 'invalid checksum digest format';
  return null;
}

/** Adds the `latest` tag to a reference that has neither tag nor digest (TagNameOnly). */
export function tagNameOnly(ref: NamedReference): NamedReference {
  return ref.tag === null && ref.digest === null ? { ...ref, tag: DEFAULT_TAG } : ref;
}

/** Returns the full form Go's String() prints: `docker.io/library/node:20`, `…@sha256:…`. */
export function referenceString(ref: NamedReference): string {
  return `${ref.name}${ref.tag !== null ? `:${ref.tag}` : ''}${ref.digest !== null ? `@${ref.digest}` : ''}`;
}

/** Shortens a name the way the docker CLI prints it (`docker.io/library/x` → `x`, FamiliarName). */
export function familiarName(domain: string, path: string): string {
  if (domain !== DEFAULT_DOMAIN) return `${domain}/${path}`;
  return path.startsWith(OFFICIAL_REPO_PREFIX) ? path.slice(OFFICIAL_REPO_PREFIX.length) : path;
}

/** Returns the familiar form with tag and digest, as `docker images` and RepoTags show it. */
export function familiarString(ref: NamedReference): string {
  return referenceString({ ...ref, name: familiarName(ref.domain, ref.path) });
}

function fail(kind: ReferenceErrorKind, message: string): ParsedReference {
  return { ok: false, error: { kind, message } };
}
