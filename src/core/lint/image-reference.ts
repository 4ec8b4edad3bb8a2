// Image references as docker/distribution's `reference` package reads them
// (reference/regexp.go, normalize.go ParseNormalizedNamed): BuildKit's InvalidDefaultArgInFrom
// asks exactly "would ParseNormalizedNamed accept this?".

const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const domainNameComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domainName = `${domainNameComponent}(?:\\.${domainNameComponent})*`;
const host = `(?:${domainName}|\\[(?:[a-fA-F0-9:]+)\\])`;
const domainAndPort = `${host}(?::[0-9]+)?`;
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';
const remoteName = `${pathComponent}(?:/${pathComponent})*`;
const REFERENCE = new RegExp(`^((?:${domainAndPort}/)?${remoteName})(?::(${tag}))?(?:@(${digest}))?$`);
const ANCHORED_IDENTIFIER = /^[a-f0-9]{64}$/;

export interface ImageReference {
  /** Repository with its domain as written (`node`, `ghcr.io/org/app`). */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** Splits `name[:tag][@digest]`, or `undefined` when ParseNormalizedNamed would reject it. */
export function parseImageReference(ref: string): ImageReference | undefined {
  if (ref === '' || ANCHORED_IDENTIFIER.test(ref)) return undefined;
  // splitDockerDomain: the first path part is a registry only if it has `.`/`:` or is localhost
  // or has uppercase; the rest must be lowercase ("repository name must be lowercase").
  const slash = ref.indexOf('/');
  let remainder = ref;
  if (slash >= 0) {
    const first = ref.slice(0, slash);
    const isDomain = /[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first;
    if (isDomain) remainder = ref.slice(slash + 1);
  }
  const nameEnd = remainder.search(/[:@]/);
  const remainderName = nameEnd < 0 ? remainder : remainder.slice(0, nameEnd);
  if (remainderName.toLowerCase() !== remainderName) return undefined;
  const m = REFERENCE.exec(ref);
  if (!m) return undefined;
  const repository = m[1] ?? '';
  if (repository.length > 255) return undefined;
  return {
    repository,
    ...(m[2] !== undefined ? { tag: m[2] } : {}),
    ...(m[3] !== undefined ? { digest: m[3] } : {}),
  };
}

/** The repository without the `docker.io/`, `docker.io/library/` or `library/` prefix. */
export function shortRepositoryName(repository: string): string {
  return repository.replace(/^(?:docker\.io|index\.docker\.io)\//, '').replace(/^library\//, '');
}
