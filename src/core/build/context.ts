// The build context as a filesystem: the files the client sends, minus `.dockerignore` matches.
// COPY reads it with the same code that reads a stage's filesystem.

import { layerFromEntries } from '../fs/layer.ts';
import { Rootfs } from '../fs/layered-fs.ts';
import { makeDir, makeFile, type Entry, type FileEntry } from '../fs/entry.ts';
import { normalizePath, parentPath } from '../fs/path.ts';
import { bytes, type Bytes } from '../size/bytes.ts';
import { decodeUtf8, utf8Length } from '../fs/utf8.ts';
import { boundedMemo } from '../bounded-memo.ts';

export interface ContextFile {
  readonly content: string | Uint8Array;
  /** Permission bits; 0o644 when absent. */
  readonly mode?: number;
}

export interface BuildContext {
  /** The context as a root filesystem (paths under `/`), ignored files left out. */
  readonly rootfs: Rootfs;
  /** Bytes sent to the daemon (sum of file sizes kept). */
  readonly bytes: Bytes;
  /** Context-relative paths `.dockerignore` excluded. */
  readonly ignored: readonly string[];
}

interface IgnoreRule {
  readonly regex: RegExp;
  readonly negate: boolean;
}

function globToRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        re += '.*';
        i++;
        if (pattern[i + 1] === '/') i++;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < pattern.length) {
      re += `\\${pattern[i + 1] ?? ''}`;
      i++;
    } else re += c.replace(/[.+^${}()|\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}(?:/.*)?$`);
}

/** Parses `.dockerignore` (moby/patternmatcher): one pattern a line, `#` comments, `!` re-includes. */
export function parseDockerignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1).trim();
    const clean = normalizePath(line).slice(1);
    if (clean === '') continue;
    rules.push({ regex: globToRegex(clean), negate });
  }
  return rules;
}

// The playground rebuilds the context on every keystroke with the same .dockerignore: its rules
// are compiled once per text (a few distinct texts per session; the bound only guards the memory).
const RULES_BY_TEXT = new Map<string, readonly IgnoreRule[]>();

function ignoreRules(text: string): readonly IgnoreRule[] {
  return boundedMemo(RULES_BY_TEXT, 64, text, parseDockerignore);
}

const NON_ASCII = /[^\0-\x7f]/;

/** The UTF-8 length of a text: its length when it is all ASCII (a native scan, ~3× faster than counting). */
function textBytes(text: string): number {
  return NON_ASCII.test(text) ? utf8Length(text) : text.length;
}

/**
 * A context file's entry: its size at once, its bytes and digest the first time something reads
 * them. Builds digest only the context files a COPY or ADD reads (BuildKit's contenthash checksums
 * the paths a source selects; the legacy builder hashes each COPY's sources), so a keystroke that
 * changes the Dockerfile does not encode and hash the whole context again. The entry reads the
 * same as `makeFile(content, { mode })` in every field.
 */
function contextFileEntry(file: ContextFile): FileEntry {
  const content = file.content;
  const mode = file.mode ?? 0o644;
  let made: FileEntry | undefined;
  const make = (): FileEntry => (made ??= makeFile(content, { mode }));
  return {
    type: 'file',
    mode,
    uid: 0,
    gid: 0,
    size: typeof content === 'string' ? textBytes(content) : content.length,
    get body() {
      return make().body;
    },
    get contentDigest() {
      return make().contentDigest;
    },
  };
}

function isIgnored(path: string, rules: readonly IgnoreRule[]): boolean {
  let ignored = false;
  for (const r of rules) if (r.regex.test(path)) ignored = !r.negate;
  return ignored;
}

/** Builds the context filesystem from relative paths; `.dockerignore` in it is applied. */
export function buildContext(files: ReadonlyMap<string, ContextFile>, dockerignore?: string): BuildContext {
  const ignoreText = dockerignore ?? (() => {
    const f = files.get('.dockerignore');
    if (!f) return undefined;
    return typeof f.content === 'string' ? f.content : decodeUtf8(f.content);
  })();
  const rules = ignoreText !== undefined ? ignoreRules(ignoreText) : [];
  const entries = new Map<string, Entry>();
  const ignored: string[] = [];
  let total = 0;
  for (const [rel, file] of [...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const path = normalizePath(rel);
    const relClean = path.slice(1);
    if (rules.length > 0 && isIgnored(relClean, rules)) {
      ignored.push(relClean);
      continue;
    }
    let d = parentPath(path);
    while (d !== '/' && !entries.has(d)) {
      entries.set(d, makeDir());
      d = parentPath(d);
    }
    const entry = contextFileEntry(file);
    total += entry.size;
    entries.set(path, entry);
  }
  return { rootfs: Rootfs.fromLayers([layerFromEntries(entries)]), bytes: bytes(total), ignored };
}

