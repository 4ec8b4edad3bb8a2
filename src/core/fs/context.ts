// The build context as a filesystem: what the client sends (files, modes; uid/gid forced to 0 as
// docker/cli and BuildKit's client do) minus what .dockerignore excludes. COPY/ADD read from
// `BuildContext.fs`; `isIgnored` answers the CopyIgnoredFile lint.

import { DockerignoreMatcher } from './dockerignore.ts';
import { makeDir, makeFile, makeSymlink, type Entry } from './entry.ts';
import { layerFromEntries } from './layer.ts';
import { Rootfs } from './layered-fs.ts';
import { normalizePath, parentPath } from './path.ts';

/** One context file: its content, or content with a mode, or a symlink. */
export type ContextFileSpec =
  | string
  | Uint8Array
  | { readonly content: string | Uint8Array; readonly mode?: number }
  | { readonly symlink: string };

/** The build context after .dockerignore: a filesystem rooted at the context directory. */
export interface BuildContext {
  /** What COPY/ADD see: the context without ignored files. */
  readonly fs: Rootfs;
  /** Everything, ignored files included (what the learner's editor shows). */
  readonly allFs: Rootfs;
  readonly ignore: DockerignoreMatcher;
  /** Context-relative paths .dockerignore excluded, sorted. */
  readonly ignoredPaths: readonly string[];
  /** Tells whether a context-relative path is excluded by .dockerignore. */
  isIgnored(relativePath: string): boolean;
}

export interface BuildContextOptions {
  /** .dockerignore text; defaults to the `.dockerignore` file of the context, if any. */
  readonly dockerignore?: string;
}

/**
 * Builds the context filesystem from context-relative paths. Directories are implied by the paths;
 * a key ending in `/` with an empty string value makes an empty directory.
 */
export function createBuildContext(files: Readonly<Record<string, ContextFileSpec>>, options: BuildContextOptions = {}): BuildContext {
  const all = new Map<string, Entry>([['/', makeDir()]]);
  const ensureDir = (dir: string): void => {
    for (let p = dir; !all.has(p); p = parentPath(p)) all.set(p, makeDir());
  };
  for (const [rawPath, spec] of Object.entries(files)) {
    const path = normalizePath(rawPath);
    if (path === '/') continue;
    if (rawPath.endsWith('/')) {
      ensureDir(path);
      continue;
    }
    ensureDir(parentPath(path));
    all.set(path, specToEntry(spec));
  }
  let ignoreText = options.dockerignore;
  if (ignoreText === undefined) {
    const spec = files['.dockerignore'];
    if (spec !== undefined) ignoreText = specText(spec);
  }
  const ignore = DockerignoreMatcher.fromText(ignoreText ?? '');
  const kept = new Map<string, Entry>();
  const ignored: string[] = [];
  for (const [path, entry] of all) {
    if (path === '/' || !ignore.isIgnored(path.slice(1))) kept.set(path, entry);
    else ignored.push(path.slice(1));
  }
  // An excluded directory still appears when a `!` pattern keeps something below it.
  for (const path of [...kept.keys()]) {
    for (let p = parentPath(path); !kept.has(p); p = parentPath(p)) {
      const dir = all.get(p);
      if (dir) kept.set(p, dir);
    }
  }
  const ignoredPaths = ignored.filter((p) => !kept.has(`/${p}`)).sort();
  return {
    fs: Rootfs.fromLayers([layerFromEntries(kept, { createdBy: 'context' })]),
    allFs: Rootfs.fromLayers([layerFromEntries(all, { createdBy: 'context' })]),
    ignore,
    ignoredPaths,
    isIgnored: (relativePath: string) => ignore.isIgnored(relativePath),
  };
}

function specToEntry(spec: ContextFileSpec): Entry {
  if (typeof spec === 'string' || spec instanceof Uint8Array) return makeFile(spec);
  if ('symlink' in spec) return makeSymlink(spec.symlink);
  return makeFile(spec.content, spec.mode === undefined ? {} : { mode: spec.mode });
}

function specText(spec: ContextFileSpec): string {
  if (typeof spec === 'string') return spec;
  if (spec instanceof Uint8Array) return String.fromCharCode(...spec);
  if ('content' in spec) return typeof spec.content === 'string' ? spec.content : String.fromCharCode(...spec.content);
  return '';
}
