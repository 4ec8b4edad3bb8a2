import { describe, expect, test } from 'vitest';
import { buildContext, type ContextFile } from '../../../src/core/build/context.ts';
import { entryDigest, makeFile, withMeta, type FileEntry } from '../../../src/core/fs/entry.ts';
import { encodeUtf8 } from '../../../src/core/fs/utf8.ts';

function contextFile(files: Record<string, ContextFile>, path: string): FileEntry {
  const entry = buildContext(new Map(Object.entries(files))).rootfs.lookup(`/${path}`);
  if (entry?.type !== 'file') throw new Error(`no file ${path}`);
  return entry;
}

describe('build context entries', () => {
  test('a text file reads the same as makeFile in every field, digest included', () => {
    for (const text of ['FROM busybox\n', 'héllo wörld ✓ 𝄞\n', '', '\ud800 lone surrogate']) {
      const entry = contextFile({ 'a.txt': { content: text, mode: 0o755 } }, 'a.txt');
      const made = makeFile(text, { mode: 0o755 });
      expect({ ...entry }).toEqual({ ...made });
      expect(entryDigest(entry)).toBe(entryDigest(made));
    }
  });

  test('a text file and the same bytes give the same entry', () => {
    const text = 'naïve café\n';
    const fromText = contextFile({ f: { content: text } }, 'f');
    const fromBytes = contextFile({ f: { content: encodeUtf8(text) } }, 'f');
    expect(fromText.size).toBe(13);
    expect(fromText.contentDigest).toBe(fromBytes.contentDigest);
    expect(fromText.body).toEqual(fromBytes.body);
  });

  test('the context size counts UTF-8 bytes, not UTF-16 units', () => {
    const context = buildContext(new Map<string, ContextFile>([['a', { content: 'ab' }], ['b', { content: '€' }]]));
    expect(context.bytes).toBe(5);
  });

  test('a copy with new permission bits keeps the body and digest', () => {
    const entry = contextFile({ f: { content: 'data' } }, 'f');
    const copy = withMeta(entry, { mode: 0o600 });
    expect(copy.mode).toBe(0o600);
    expect(copy.contentDigest).toBe(makeFile('data').contentDigest);
  });

  test('.dockerignore rules apply on every build of the same text', () => {
    const files = new Map<string, ContextFile>([['keep.txt', { content: 'k' }], ['drop.log', { content: 'd' }]]);
    for (let i = 0; i < 2; i++) {
      const context = buildContext(files, '*.log\n');
      expect(context.ignored).toEqual(['drop.log']);
      expect(context.bytes).toBe(1);
    }
  });
});
