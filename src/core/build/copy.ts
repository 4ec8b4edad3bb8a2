// COPY/ADD onto a working layer, from the build context or another filesystem (a stage, an image).
// Rules (moby builder/dockerfile/copy.go, BuildKit dockerfile2llb dispatchCopy + fileop copy):
// - a source directory copies its contents, not itself;
// - a destination ending in `/`, or an existing directory, receives sources by their base name;
// - several sources need a directory destination ending in `/`;
// - globs (`*`, `?`, `[...]`) match within one path segment, in sorted order;
// - missing parent directories of the destination are created (0755, root).

import { Rootfs, type FsView, type WorkingFs } from '../fs/layered-fs.ts';
import { entryDigest, withMeta, type Entry } from '../fs/entry.ts';
import { Hasher } from '../fs/hash.ts';
import { baseName, joinPath, normalizePath, parentPath, pathSegments } from '../fs/path.ts';
import type { BuilderKind, BuildErrorKind } from './types.ts';
import { isTarArchive, readTar } from './tar.ts';
import { makeDir, makeFile, makeSymlink } from '../fs/entry.ts';

export interface CopySource {
  readonly view: FsView;
  readonly kind: 'context' | 'stage' | 'image';
}

export interface CopyRequest {
  readonly sources: readonly string[];
  readonly dest: string;
  readonly workdir: string;
  readonly chown?: { readonly uid: number; readonly gid: number };
  readonly chmod?: number;
  /** ADD: unpack local tar archives into the destination directory. */
  readonly extract?: boolean;
}

export interface MatchedSource {
  /** The clean absolute path in the source view. */
  readonly path: string;
  readonly entry: Entry;
}

export type CopyPlan =
  | { readonly ok: true; readonly matches: readonly MatchedSource[]; readonly digest: string; readonly description: string }
  | { readonly ok: false; readonly kind: BuildErrorKind; readonly message: string; readonly explanation: string };

const GLOB = /[*?[]/;

function segmentRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${pattern.slice(i + 1, end).replace(/^\^|^!/, '^')}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < pattern.length) {
      re += `\\${pattern[i + 1] ?? ''}`;
      i++;
    } else re += c.replace(/[.+^${}()|\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Expands one source pattern against a view; returns clean absolute paths that exist. */
export function matchSource(view: FsView, pattern: string): string[] {
  const clean = normalizePath(pattern);
  if (!GLOB.test(clean)) return view.lstat(clean) !== undefined || clean === '/' ? [clean] : [];
  let current = ['/'];
  for (const seg of pathSegments(clean)) {
    const next: string[] = [];
    if (!GLOB.test(seg)) {
      for (const dir of current) {
        const p = joinPath(dir, seg);
        if (view.lstat(p) !== undefined) next.push(p);
      }
    } else {
      const re = segmentRegex(seg);
      for (const dir of current) {
        const entry = view.stat(dir);
        if (entry?.type !== 'dir') continue;
        for (const name of view.childNames(dir)) if (re.test(name)) next.push(joinPath(dir, name));
      }
    }
    current = next;
    if (current.length === 0) break;
  }
  return current.sort();
}

const SOURCE_DIGESTS = new WeakMap<Rootfs, Map<string, string>>();

/** `compute()`, kept with `view` under `key`: a Rootfs never changes, so neither does what is read from it. */
function keptWith<V>(memo: WeakMap<Rootfs, Map<string, V>>, view: Rootfs, key: string, compute: () => V): V {
  let byKey = memo.get(view);
  if (!byKey) memo.set(view, (byKey = new Map()));
  let value = byKey.get(key);
  if (value === undefined) byKey.set(key, (value = compute()));
  return value;
}

/** Digests what a COPY would read (names, modes, contents; never mtimes), as both builders' content hashes do. */
export function digestSources(view: FsView, paths: readonly string[]): string {
  // Both builders (and the per-stage views) digest the same sources of the same context.
  if (!(view instanceof Rootfs)) return digestSourcesUncached(view, paths);
  return keptWith(SOURCE_DIGESTS, view, paths.join('\u0000'), () => digestSourcesUncached(view, paths));
}

function digestSourcesUncached(view: FsView, paths: readonly string[]): string {
  const h = new Hasher().string('copy-sources');
  for (const p of paths) {
    const entry = view.lookup(p) ?? view.stat(p);
    if (!entry) continue;
    h.string(baseName(p)).string(entryDigest(entry));
    if (entry.type === 'dir') for (const [rel, , e] of view.walk(p)) h.string(rel).string(entryDigest(e));
  }
  return h.hex();
}

// A plan reads only the source view, the source patterns, the destination's spelling and `extract`.
// A Rootfs never changes (and a stage's is the same object in every simulation that reuses its
// layers), so its plans are kept with it.
const PLANS = new WeakMap<Rootfs, Map<string, CopyPlan>>();

/** Resolves a COPY's sources and checks its destination rules, before anything is written. */
export function planCopy(source: CopySource, req: CopyRequest, builder: BuilderKind): CopyPlan {
  if (!(source.view instanceof Rootfs)) return planCopyUncached(source, req, builder);
  const key = JSON.stringify([builder, source.kind, req.sources, req.dest, req.extract === true]);
  return keptWith(PLANS, source.view, key, () => planCopyUncached(source, req, builder));
}

function planCopyUncached(source: CopySource, req: CopyRequest, builder: BuilderKind): CopyPlan {
  const matches: MatchedSource[] = [];
  const destIsDirSyntax = req.dest.endsWith('/') || req.dest === '.' || req.dest.endsWith('/.');
  for (const pattern of req.sources) {
    // ADD <url> on an online engine: the download is not modelled, so it contributes nothing.
    if (req.extract && /^https?:\/\//i.test(pattern)) continue;
    const paths = matchSource(source.view, pattern);
    if (paths.length === 0) {
      const rel = normalizePath(pattern).slice(1);
      if (builder === 'buildkit') {
        return {
          ok: false,
          kind: 'copy-source-missing',
          message: `failed to compute cache key: "${normalizePath(pattern)}" not found: not found`,
          explanation: explainMissing(pattern, source.kind),
        };
      }
      if (GLOB.test(pattern)) {
        return { ok: false, kind: 'copy-source-missing', message: 'COPY failed: no source files were specified', explanation: explainMissing(pattern, source.kind) };
      }
      return {
        ok: false,
        kind: 'copy-source-missing',
        message: source.kind === 'context'
          ? `COPY failed: file not found in build context or excluded by .dockerignore: stat ${rel}: file does not exist`
          : `COPY failed: stat ${rel}: file does not exist`,
        explanation: explainMissing(pattern, source.kind),
      };
    }
    for (const p of paths) {
      const entry = source.view.lstat(p) ?? source.view.stat(p);
      if (entry) matches.push({ path: p, entry });
    }
  }
  if (req.sources.length > 1 && !destIsDirSyntax) {
    return {
      ok: false,
      kind: 'copy-dest-not-dir',
      message: 'When using COPY with more than one source file, the destination must be a directory and end with a /',
      explanation: `COPY has ${req.sources.length} sources, so its destination ${req.dest} must be a directory: end it with a slash (${req.dest}/).`,
    };
  }
  const digest = digestSources(source.view, matches.map((m) => m.path));
  return { ok: true, matches, digest, description: `${matches.length === 1 && matches[0]?.entry.type === 'dir' ? 'dir' : 'file'}:${digest}` };
}

function explainMissing(pattern: string, kind: CopySource['kind']): string {
  return kind === 'context'
    ? `${pattern} is not in the build context (or .dockerignore excludes it). Check the path relative to the context directory.`
    : `${pattern} does not exist in the stage or image COPY --from reads. Check the path the earlier stage really writes.`;
}

/** Writes a planned COPY into the working layer. Returns the destination paths written and the source path each came from. */
export function applyCopy(work: WorkingFs, source: CopySource, plan: Extract<CopyPlan, { ok: true }>, req: CopyRequest): [target: string, source: string][] {
  const destAbs = normalizePath(req.dest, req.workdir || '/');
  const destEntry = work.stat(destAbs);
  const intoDir = req.dest.endsWith('/') || req.dest === '.' || req.dest.endsWith('/.') || plan.matches.length > 1 || destEntry?.type === 'dir';
  const rewrite = (e: Entry): Entry => {
    let out = e;
    if (req.chown) out = withMeta(out, { uid: req.chown.uid, gid: req.chown.gid });
    if (req.chmod !== undefined) out = withMeta(out, { mode: req.chmod });
    return out;
  };
  const written: [string, string][] = [];
  const ensureDir = (dir: string): void => {
    if (work.stat(dir)?.type === 'dir') return;
    work.mkdir(dir, { parents: true });
  };
  for (const m of plan.matches) {
    const entry = source.view.stat(m.path) ?? m.entry;
    if (entry.type === 'dir') {
      // A directory's contents go into the destination, which becomes a directory.
      ensureDir(destAbs);
      for (const [rel, , e] of source.view.walk(m.path)) {
        const target = joinPath(destAbs, rel);
        if (e.type === 'dir') {
          if (work.lstat(target)?.type !== 'dir') work.setEntry(target, rewrite(e));
        } else {
          ensureDir(parentPath(target));
          work.setEntry(target, rewrite(e));
        }
        written.push([target, joinPath(m.path, rel)]);
      }
      continue;
    }
    if (req.extract && entry.type === 'file' && source.kind === 'context' && entry.body.kind === 'bytes' && isTarArchive(entry.body.data)) {
      // ADD unpacks a local archive into the destination directory (moby copy.go, BuildKit AttemptUnpack).
      ensureDir(destAbs);
      for (const t of readTar(entry.body.data)) {
        const target = joinPath(destAbs, t.path);
        ensureDir(parentPath(target));
        const meta = { mode: t.mode || (t.type === 'dir' ? 0o755 : 0o644) };
        work.setEntry(target, t.type === 'dir' ? makeDir(meta) : t.type === 'symlink' ? makeSymlink(t.linkName) : makeFile(t.data, meta), { keepExistingDir: true });
        written.push([target, m.path]);
      }
      continue;
    }
    const target = intoDir ? joinPath(destAbs, baseName(m.path)) : destAbs;
    ensureDir(parentPath(target));
    work.setEntry(target, rewrite(entry));
    written.push([target, m.path]);
  }
  return written;
}
