// The build-context path grammar (agent-security.md §3.5). The page sends a flat list of regular
// files; there is no way to say "symlink", "hardlink", "device", "directory", owner or mode. Each
// path must read the same on every filesystem the learner might have, and can never climb out of
// the context: node-tar's path CVEs (CVE-2021-32803, -32804, -37701, -37712) all came from names
// that meant something else after normalisation, so here nothing is normalised: a name is either
// already canonical or refused.

export const PATH_RULES = {
  segment: /^[A-Za-z0-9._-]{1,64}$/,
  maxDepth: 8,
  maxBytes: 200,
} as const;

// Windows reserves these names in every directory, with any extension (`con.txt` too); Docker
// Desktop on Windows would fail or misbehave on them.
const DEVICE_NAMES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** Why a context path is refused, or null when it is acceptable. */
export function contextPathProblem(path: string): string | null {
  if (typeof path !== 'string' || path.length === 0) return 'the path is empty';
  if (path.length > PATH_RULES.maxBytes) return `the path is longer than ${PATH_RULES.maxBytes} bytes`;
  if (path.includes('\0')) return 'the path contains a NUL byte';
  if (path.includes('\\')) return 'the path contains a backslash (use / between folders)';
  if (path.startsWith('/')) return 'the path is absolute (context paths are relative)';
  if (/^[A-Za-z]:/.test(path)) return 'the path starts with a drive letter';
  if (path.endsWith('/')) return 'the path ends with / (only files can be sent)';
  const segments = path.split('/');
  if (segments.length > PATH_RULES.maxDepth) return `the path is more than ${PATH_RULES.maxDepth} folders deep`;
  for (const segment of segments) {
    if (segment === '') return 'the path has an empty segment (//)';
    if (segment === '.' || segment === '..') return `the path has a "${segment}" segment`;
    if (!PATH_RULES.segment.test(segment)) return `"${segment}" may only use letters, digits, ".", "_" and "-" (at most 64)`;
    if (DEVICE_NAMES.test(segment)) return `"${segment}" is a reserved device name`;
  }
  return null;
}

/**
 * Checks a whole list: every path on its own, then no two equal after case folding (macOS and
 * Windows would merge them), no path both a file and a folder, no `Dockerfile` (sent separately).
 * Returns one sentence per problem; empty when the list is acceptable.
 */
export function contextListProblem(paths: readonly string[]): string[] {
  const problems: string[] = [];
  const folded = new Map<string, string>();
  for (const path of paths) {
    const problem = contextPathProblem(path);
    if (problem !== null) {
      problems.push(`${JSON.stringify(path.slice(0, 80))}: ${problem}`);
      continue;
    }
    const key = path.toLowerCase();
    if (key === 'dockerfile') problems.push(`"${path}": the Dockerfile is sent on its own, not as a context file`);
    const seen = folded.get(key);
    if (seen !== undefined) problems.push(`"${path}" and "${seen}" differ only in letter case`);
    else folded.set(key, path);
  }
  for (const key of folded.keys()) {
    const segments = key.split('/');
    for (let i = 1; i < segments.length; i++) {
      const prefix = segments.slice(0, i).join('/');
      if (folded.has(prefix)) problems.push(`"${folded.get(prefix) ?? prefix}" is a file and also a folder of "${folded.get(key) ?? key}"`);
    }
  }
  return problems;
}
