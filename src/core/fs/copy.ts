// COPY/ADD as a pure function: given the source filesystem (build context or a stage), the source
// patterns, the destination and the stage's working directory, compute the entries to write, or
// the error a real engine would report. Rules (docs reference.md §COPY; moby
// daemon/builder/dockerfile/copy.go; BuildKit dockerfile2llb/convert_copy.go + fileop), with the
// Engine 20.10 behaviour verified on this machine where the two builders differ:
// - a directory source copies its contents, never itself; globs match per path segment;
// - a destination ending in `/` (or `.`), or an existing directory, means "into it";
// - legacy: more than one source needs a destination ending in `/`; a glob matching nothing fails;
// - BuildKit 20.10: neither is an error; several sources onto a non-directory destination overwrite
//   it one after another (the last one wins), and a glob matching nothing copies nothing;
// - missing parents are created 0755, owned by the --chown user (BuildKit, verified);
// - --chown applies to every copied entry, including a copied directory's root; a bare numeric
//   user gives gid = uid (verified); names resolve via the destination's /etc/passwd and /etc/group.

import { combineDigests, digestPath } from './digest.ts';
import { makeDir, withMeta, type Entry } from './entry.ts';
import { hasGlobMeta, matchSegment } from './glob.ts';
import type { FsView, WorkingFs } from './layered-fs.ts';
import { baseName, joinPath, normalizePath, parentPath, pathSegments, relativePath } from './path.ts';
import { decodeUtf8 } from './utf8.ts';

/** Which engine's COPY rules and error texts to follow. */
export type CopyBuilder = 'buildkit' | 'legacy';

/** Where COPY reads from: the build context, or another stage / image (`--from`). */
export type CopySourceKind = 'context' | 'stage';

export interface CopyRequest {
  readonly instruction?: 'COPY' | 'ADD';
  readonly builder: CopyBuilder;
  /** The filesystem sources are read from (for the context: `BuildContext.fs`). */
  readonly source: FsView;
  readonly sourceKind: CopySourceKind;
  /** Source patterns, variables already expanded. */
  readonly sources: readonly string[];
  /** Destination as written, variables already expanded. */
  readonly dest: string;
  /** The stage's WORKDIR, absolute; relative destinations are joined to it. Defaults to `/`. */
  readonly workdir?: string;
  /** The filesystem being copied into (existing directories, /etc/passwd, /etc/group). */
  readonly destFs: FsView;
  /** `--chown` value, e.g. `app`, `1000:1000`, `app:staff`. */
  readonly chown?: string;
  /** `--chmod` value in octal, e.g. `755`. */
  readonly chmod?: string;
}

/** One entry to write; `merge` entries are directories that are kept as they are when they exist. */
export interface CopyChange {
  readonly path: string;
  readonly entry: Entry;
  readonly merge: boolean;
}

/** A source the patterns matched, with its content digest (the cache key's content part). */
export interface CopiedSource {
  readonly pattern: string;
  /** Clean absolute path in the source filesystem (context root = `/`). */
  readonly path: string;
  readonly digest: string;
}

export type CopyErrorKind = 'copy-source-missing' | 'copy-dest-not-dir' | 'other';

/** A COPY failure as data: the conformance error kind and the engine's message. */
export interface CopyError {
  readonly kind: CopyErrorKind;
  readonly message: string;
  /** The source pattern the error is about, when there is one. */
  readonly source?: string;
  /** True when the simulator does not model this case (e.g. ADD from a URL). */
  readonly notModelled?: boolean;
}

export type CopyPlan =
  | {
      readonly ok: true;
      readonly changes: readonly CopyChange[];
      readonly sources: readonly CopiedSource[];
      /** Digest over all matched sources' names and contents, in order (mtime never counts). */
      readonly sourceDigest: string;
      /** The destination after WORKDIR and symlinks, without a trailing slash. */
      readonly destPath: string;
      readonly notes: readonly string[];
    }
  | { readonly ok: false; readonly error: CopyError };

interface Ids {
  readonly uid: number;
  readonly gid: number;
}

/** Plans a COPY/ADD: the entries to write into the destination filesystem, or the engine's error. */
export function planCopy(request: CopyRequest): CopyPlan {
  const instruction = request.instruction ?? 'COPY';
  const notes: string[] = [];
  const workdir = normalizePath(request.workdir ?? '/');
  const destAbs = normalizePath(request.dest, workdir);
  // "." and a trailing "/" (or "/.") both mean a directory (BuildKit keeps the slash in
  // pathRelativeToWorkingDir; legacy checks HasSuffix(dest, "/") only, see below).
  const destNamesDir = request.dest.endsWith('/') || request.dest.endsWith('/.') || request.dest === '.' || request.dest === '';

  let ids: Ids | undefined;
  if (request.chown !== undefined && request.chown !== '') {
    const parsed = parseChown(request.chown, request.destFs, request.builder);
    if ('error' in parsed) return { ok: false, error: parsed.error };
    ids = parsed;
  }
  let mode: number | undefined;
  if (request.chmod !== undefined && request.chmod !== '') {
    if (!/^[0-7]{1,4}$/.test(request.chmod)) {
      return { ok: false, error: { kind: 'other', message: `invalid chmod parameter: ${request.chmod}` } };
    }
    mode = Number.parseInt(request.chmod, 8);
  }

  // Expand every pattern first: both engines resolve all sources before copying anything.
  const matches: Array<{ pattern: string; path: string; name: string; entry: Entry }> = [];
  for (const pattern of request.sources) {
    if (instruction === 'ADD' && /^[a-z][a-z0-9+.-]*:\/\//i.test(pattern)) {
      return {
        ok: false,
        error: { kind: 'other', message: `ADD ${pattern}: downloading URLs is not modelled by the simulator`, source: pattern, notModelled: true },
      };
    }
    const clean = normalizePath(pattern);
    if (hasGlobMeta(clean)) {
      const found = expandGlob(request.source, clean);
      if (found.length === 0 && request.builder === 'legacy') {
        return { ok: false, error: { kind: 'copy-source-missing', message: `${instruction} failed: no source files were specified`, source: pattern } };
      }
      for (const path of found) {
        const r = request.source.resolve(path);
        const entry = r.ok ? r.value.entry : undefined;
        if (r.ok && entry) matches.push({ pattern, path: r.value.path, name: baseName(path), entry });
      }
      continue;
    }
    const r = request.source.resolve(clean);
    const entry = r.ok ? r.value.entry : undefined;
    if (!r.ok || !entry) return { ok: false, error: missingSourceError(request, instruction, clean, pattern) };
    matches.push({ pattern, path: r.value.path, name: baseName(clean), entry });
    if (instruction === 'ADD' && entry.type === 'file' && /\.(tar|tgz|tar\.(gz|bz2|xz|zst))$/.test(clean)) {
      notes.push(`ADD ${pattern}: local archives are auto-extracted by Docker; the simulator copies the file as is`);
    }
  }

  // moby copy.go: `len(infos) > 1 && !strings.HasSuffix(dest, "/")`. Counted per resolved source.
  if (request.builder === 'legacy' && matches.length > 1 && !request.dest.endsWith('/')) {
    return {
      ok: false,
      error: {
        kind: 'copy-dest-not-dir',
        message: `When using ${instruction} with more than one source file, the destination must be a directory and end with a /`,
      },
    };
  }

  const resolvedDest = request.destFs.resolve(destAbs, { allowMissingParents: true });
  if (!resolvedDest.ok) {
    return { ok: false, error: { kind: 'other', message: `${instruction} failed: ${describeFsError(resolvedDest.code)}: ${resolvedDest.path}` } };
  }
  const destPath = resolvedDest.value.path;
  const planned = new Map<string, Entry>();
  const changes: CopyChange[] = [];
  const lookup = (p: string): Entry | undefined => planned.get(p) ?? request.destFs.lookup(p);
  const rewrite = (entry: Entry): Entry => {
    let out = entry;
    if (ids) out = withMeta(out, ids);
    if (mode !== undefined && out.type !== 'symlink') out = withMeta(out, { mode });
    return out;
  };
  const put = (path: string, entry: Entry, merge: boolean): void => {
    planned.set(path, entry);
    changes.push({ path, entry, merge });
  };
  const ensureParents = (path: string): CopyError | undefined => {
    const missing: string[] = [];
    for (let p = parentPath(path); ; p = parentPath(p)) {
      const existing = lookup(p);
      if (existing) {
        if (existing.type !== 'dir') return { kind: 'other', message: `${instruction} failed: mkdir ${p}: not a directory` };
        break;
      }
      missing.push(p);
      if (p === '/') break;
    }
    for (const p of missing.reverse()) put(p, makeDir(ids ?? {}), true);
    return undefined;
  };

  const sources: CopiedSource[] = [];
  for (const match of matches) {
    const sourceRel = relativePath(match.path, '/');
    sources.push({ pattern: match.pattern, path: match.path, digest: `${sourceRel}=${digestPath(request.source, match.path)}` });
    const destEntry = lookup(destPath);
    const intoDir = destNamesDir || destEntry?.type === 'dir';
    if (match.entry.type === 'dir') {
      const error = ensureParents(destPath);
      if (error) return { ok: false, error };
      if (destEntry && destEntry.type !== 'dir') {
        return { ok: false, error: { kind: 'other', message: `${instruction} failed: cannot copy a directory onto file ${destPath}` } };
      }
      put(destPath, rewrite(match.entry), destEntry !== undefined);
      for (const [rel, , entry] of request.source.walk(match.path)) {
        const target = joinPath(destPath, rel);
        put(target, rewrite(entry), entry.type === 'dir' && lookup(target)?.type === 'dir');
      }
      continue;
    }
    const target = intoDir ? joinPath(destPath, match.name) : destPath;
    const error = ensureParents(target);
    if (error) return { ok: false, error };
    if (lookup(target)?.type === 'dir') {
      return { ok: false, error: { kind: 'other', message: `${instruction} failed: cannot overwrite directory ${target} with a file` } };
    }
    put(target, rewrite(match.entry), false);
  }

  return {
    ok: true,
    changes,
    sources,
    sourceDigest: combineDigests(sources.map((s) => s.digest)),
    destPath,
    notes,
  };
}

/** Writes a successful plan's changes into a working layer, in order. */
export function applyCopy(working: WorkingFs, changes: readonly CopyChange[]): void {
  for (const change of changes) working.setEntry(change.path, change.entry, { keepExistingDir: change.merge });
}

/** Expands a clean absolute glob pattern against a filesystem, segment by segment, sorted like Go's Glob. */
export function expandGlob(fs: FsView, pattern: string): string[] {
  let current = ['/'];
  for (const segment of pathSegments(pattern)) {
    const next: string[] = [];
    for (const dir of current) {
      if (!hasGlobMeta(segment)) {
        const candidate = joinPath(dir, segment);
        if (fs.lstat(candidate) !== undefined) next.push(candidate);
        continue;
      }
      const listed = fs.list(dir);
      if (!listed.ok) continue;
      for (const name of listed.value) if (matchSegment(segment, name) === true) next.push(joinPath(dir, name));
    }
    current = next;
    if (current.length === 0) break;
  }
  return current.filter((p) => p !== '/').sort();
}

function missingSourceError(request: CopyRequest, instruction: string, clean: string, pattern: string): CopyError {
  const rel = clean.slice(1);
  if (request.builder === 'buildkit') {
    // BuildKit's contenthash: `"/out/app.exe" not found: not found` (scenario p05).
    return { kind: 'copy-source-missing', message: `failed to compute cache key: "${clean}" not found: not found`, source: pattern };
  }
  if (request.sourceKind === 'context') {
    return {
      kind: 'copy-source-missing',
      message: `${instruction} failed: file not found in build context or excluded by .dockerignore: stat ${rel}: file does not exist`,
      source: pattern,
    };
  }
  // Legacy COPY --from (scenario p05): `COPY failed: stat out/app.exe: file does not exist`.
  return { kind: 'copy-source-missing', message: `${instruction} failed: stat ${rel}: file does not exist`, source: pattern };
}

function describeFsError(code: string): string {
  if (code === 'ENOTDIR') return 'not a directory';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return 'no such file or directory';
}

interface AccountEntry {
  readonly name: string;
  readonly id: number;
  readonly gid: number;
}

function readAccounts(fs: FsView, path: string): AccountEntry[] | undefined {
  const r = fs.readFile(path);
  if (!r.ok) return undefined;
  const body = r.value.body;
  if (body.kind !== 'bytes') return [];
  const out: AccountEntry[] = [];
  for (const line of decodeUtf8(body.data).split('\n')) {
    const fields = line.split(':');
    const name = fields[0];
    const id = Number(fields[2]);
    if (!name || !Number.isInteger(id)) continue;
    out.push({ name, id, gid: Number(fields[3]) || 0 });
  }
  return out;
}

/** Parses a `--chown` value against the destination's /etc/passwd and /etc/group. */
export function parseChown(spec: string, fs: FsView, builder: CopyBuilder): Ids | { readonly error: CopyError } {
  const [user = '', group] = spec.split(':', 2);
  const legacyPrefix = 'unable to convert uid/gid chown string to host mapping: ';
  let uid: number;
  let primaryGid: number;
  if (/^\d+$/.test(user)) {
    uid = Number(user);
    primaryGid = uid;
  } else {
    const passwd = readAccounts(fs, '/etc/passwd');
    if (!passwd) {
      const message =
        builder === 'buildkit'
          ? 'open /etc/passwd: no such file or directory'
          : `${legacyPrefix}can't find uid for user ${user}: open /etc/passwd: no such file or directory`;
      return { error: { kind: 'other', message } };
    }
    const found = passwd.find((a) => a.name === user);
    if (!found) {
      const message =
        builder === 'buildkit'
          ? `unable to find user ${user}: no matching entries in passwd file`
          : `${legacyPrefix}can't find uid for user ${user}: no such user: ${user}`;
      return { error: { kind: 'other', message } };
    }
    uid = found.id;
    primaryGid = found.gid;
  }
  if (group === undefined || group === '') return { uid, gid: primaryGid };
  if (/^\d+$/.test(group)) return { uid, gid: Number(group) };
  const groups = readAccounts(fs, '/etc/group');
  const found = groups?.find((g) => g.name === group);
  if (!found) {
    const reason = groups ? `no matching entries in group file` : 'open /etc/group: no such file or directory';
    const message =
      builder === 'buildkit'
        ? `unable to find group ${group}: ${reason}`
        : `${legacyPrefix}can't find gid for group ${group}: ${groups ? `no such group: ${group}` : reason}`;
    return { error: { kind: 'other', message } };
  }
  return { uid, gid: found.id };
}
