// Paths inside a virtual filesystem are absolute, '/'-separated and clean, like Go's
// path.Clean applied to an absolute path: no '.', no '..', no repeated or trailing '/'.
// Every map in this module is keyed by such a path, so a lookup is one Map.get.

/** Cleans a path the way Go's `path.Clean` does, resolving it against `cwd` when it is relative. */
export function normalizePath(path: string, cwd = '/'): string {
  const joined = path.startsWith('/') ? path : `${cwd}/${path}`;
  const out: string[] = [];
  for (const part of joined.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

/** Returns the clean parent directory of a clean absolute path (`/` for `/`). */
export function parentPath(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

/** Returns the last segment of a clean absolute path (empty for `/`). */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Joins a clean absolute directory and a relative name into a clean absolute path. */
export function joinPath(dir: string, name: string): string {
  return normalizePath(name, dir);
}

/** Splits a clean absolute path into its segments (none for `/`). */
export function pathSegments(path: string): string[] {
  return path === '/' ? [] : path.slice(1).split('/');
}

/** Tells whether `path` equals `ancestor` or lies below it (both clean and absolute). */
export function isPathWithin(path: string, ancestor: string): boolean {
  if (ancestor === '/') return true;
  return path === ancestor || path.startsWith(`${ancestor}/`);
}

/** Returns `path` relative to `ancestor` (both clean, `path` within `ancestor`), `''` when equal. */
export function relativePath(path: string, ancestor: string): string {
  if (path === ancestor) return '';
  return ancestor === '/' ? path.slice(1) : path.slice(ancestor.length + 1);
}
