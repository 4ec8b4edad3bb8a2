// Paths inside a virtual filesystem are absolute, '/'-separated and clean, like Go's
// path.Clean applied to an absolute path: no '.', no '..', no repeated or trailing '/'.
// Every map in this module is keyed by such a path, so a lookup is one Map.get.

/** Cleans a path the way Go's `path.Clean` does, resolving it against `cwd` when it is relative. */
export function normalizePath(path: string, cwd = '/'): string {
  if (isCleanAbsolute(path)) return path;
  const joined = path.startsWith('/') ? path : `${cwd}/${path}`;
  const out: string[] = [];
  for (const part of joined.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

// Most paths the simulator sees are already clean; checking is much cheaper than rebuilding.
function isCleanAbsolute(path: string): boolean {
  const n = path.length;
  if (n === 0 || path.charCodeAt(0) !== 47) return false;
  if (n === 1) return true;
  let segmentStart = 1;
  for (let i = 1; i <= n; i++) {
    if (i === n || path.charCodeAt(i) === 47) {
      const len = i - segmentStart;
      if (len === 0) return false;
      if (path.charCodeAt(segmentStart) === 46 && (len === 1 || (len === 2 && path.charCodeAt(segmentStart + 1) === 46))) return false;
      segmentStart = i + 1;
    }
  }
  return true;
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
  if (name !== '' && name !== '.' && name !== '..' && !name.includes('/')) return dir === '/' ? `/${name}` : `${dir}/${name}`;
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
