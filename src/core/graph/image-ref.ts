// Image references the way docker/distribution's reference package reads them: a lowercase
// repository path, an optional tag, an optional digest; `alpine` means docker.io/library/alpine:latest.

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?';
const REFERENCE = new RegExp(
  `^(?:(${DOMAIN})/)?(${COMPONENT}(?:/${COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$`,
);

/** Tells whether `ref` is a syntactically valid image reference (repository name lowercase). */
const validMemo = new Map<string, boolean>();
const normalizedMemo = new Map<string, string>();

export function isValidImageRef(ref: string): boolean {
  const hit = validMemo.get(ref);
  if (hit !== undefined) return hit;
  const ok = checkImageRef(ref);
  if (validMemo.size < 4096) validMemo.set(ref, ok);
  return ok;
}

function checkImageRef(ref: string): boolean {
  const m = REFERENCE.exec(ref);
  if (!m) return false;
  const domain = m[1];
  // A first component that is not a host is part of the repository path, which must be lowercase.
  return domain === undefined || /[.:]/.test(domain) || domain === 'localhost' || domain === domain.toLowerCase();
}

/** Expands a reference to its full form: `local/busybox:1` → `docker.io/local/busybox:1`. */
export function normalizeImageRef(ref: string): string {
  const hit = normalizedMemo.get(ref);
  if (hit !== undefined) return hit;
  const out = computeNormalized(ref);
  if (normalizedMemo.size < 4096) normalizedMemo.set(ref, out);
  return out;
}

function computeNormalized(ref: string): string {
  const m = REFERENCE.exec(ref);
  if (!m) return ref;
  let domain = m[1];
  let path = m[2] ?? '';
  // A first component is a registry only if it looks like a host (has `.` or `:`, or is localhost).
  if (domain !== undefined && !/[.:]/.test(domain) && domain !== 'localhost') {
    path = `${domain}/${path}`;
    domain = undefined;
  }
  const host = domain ?? 'docker.io';
  if (host === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  const tag = m[3];
  const digest = m[4];
  if (digest !== undefined) return `${host}/${path}${tag !== undefined ? `:${tag}` : ''}@${digest}`;
  return `${host}/${path}:${tag ?? 'latest'}`;
}
