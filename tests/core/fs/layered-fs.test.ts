import { describe, expect, test } from 'vitest';
import {
  Rootfs,
  decodeUtf8,
  digestPath,
  fileBytes,
  hashBytes,
  Hasher,
  encodeUtf8,
  makeFile,
  makeSymlink,
  makeSyntheticFile,
  normalizePath,
  rootfsFromFileList,
  type FileEntry,
} from '../../../src/core/fs/index.ts';

const BUSYBOX = {
  sizeBytes: 1982382,
  dirs: ['/bin', '/etc', '/tmp'],
  files: { '/bin/busybox': 1982256 },
  symlinks: Object.fromEntries(
    ['sh', 'ls', 'cat', 'echo', 'mkdir', 'cp', 'mv', 'rm', 'dd', 'head', 'wc', 'sleep', 'true', 'false', 'touch', 'printf', 'test', 'env'].map(
      (n) => [`/bin/${n}`, 'busybox'],
    ),
  ),
};

function text(file: FileEntry | undefined): string {
  const data = file ? fileBytes(file) : undefined;
  return data ? decodeUtf8(data) : '';
}

describe('paths', () => {
  test('normalizePath resolves dot segments, doubled and trailing slashes against the working dir', () => {
    expect(normalizePath('a/./b//c/', '/w')).toBe('/w/a/b/c');
    expect(normalizePath('../../x', '/w')).toBe('/x');
    expect(normalizePath('/')).toBe('/');
    expect(normalizePath('')).toBe('/');
  });
});

describe('hashing', () => {
  test('the hasher is FNV-1a 64 (published vectors for "", "a" and "foobar")', () => {
    expect(new Hasher().hex()).toBe('cbf29ce484222325');
    expect(new Hasher().byte(0x61).hex()).toBe('af63dc4c8601ec8c');
    const foobar = new Hasher();
    for (const b of encodeUtf8('foobar')) foobar.byte(b);
    expect(foobar.hex()).toBe('85944171f73967e8');
    expect(hashBytes(new Uint8Array([]))).not.toBe(hashBytes(new Uint8Array([0x61])));
  });

  test('UTF-8 encoding and decoding round-trip multi-byte text', () => {
    expect(encodeUtf8('é')).toEqual(new Uint8Array([0xc3, 0xa9]));
    expect(decodeUtf8(encodeUtf8('héllo 🐳'))).toBe('héllo 🐳');
  });
});

describe('base image from a file list', () => {
  test('the busybox rootfs is 1,982,382 bytes: the binary plus 18 symlinks of 7 bytes', () => {
    const fs = rootfsFromFileList('local/busybox:1', BUSYBOX);
    expect(fs.size).toBe(1982382);
    expect(fs.layers).toHaveLength(1);
  });

  test('/bin/sh resolves through its symlink to /bin/busybox', () => {
    const fs = rootfsFromFileList('local/busybox:1', BUSYBOX);
    expect(fs.lstat('/bin/sh')?.type).toBe('symlink');
    const r = fs.resolve('/bin/sh');
    expect(r.ok && r.value.path).toBe('/bin/busybox');
    expect(fs.stat('/bin/sh')?.type).toBe('file');
  });

  test('a catalog image known only by its total size counts the unlisted bytes', () => {
    const fs = rootfsFromFileList('debian:12', { sizeBytes: 116_000_000, dirs: ['/usr/bin'] });
    expect(fs.size).toBe(116_000_000);
    expect(fs.list('/').ok && fs.list('/')).toMatchObject({ value: ['usr'] });
  });
});

describe('layers', () => {
  const base = (): Rootfs => rootfsFromFileList('local/busybox:1', BUSYBOX);

  test('a 1 MiB file deleted in a later layer still counts (scenario p07: 3,030,958 bytes)', () => {
    let fs = base();
    const w1 = fs.edit();
    expect(w1.writeFile('/tmp/cache.bin', makeSyntheticFile(1024 * 1024, 'zero')).ok).toBe(true);
    fs = w1.commit().rootfs;
    const w2 = fs.edit();
    expect(w2.remove('/tmp/cache.bin').ok).toBe(true);
    const { layer, rootfs } = w2.commit();
    expect(layer.size).toBe(0);
    expect(layer.changes.get('/tmp/cache.bin')?.type).toBe('whiteout');
    expect(rootfs.stat('/tmp/cache.bin')).toBeUndefined();
    expect(rootfs.size).toBe(3030958);
    expect(rootfs.layers).toHaveLength(3);
  });

  test('overwriting a file in a later layer counts both copies', () => {
    const w1 = base().edit();
    w1.writeFile('/f', makeFile('hello\n'));
    const w2 = w1.commit().rootfs.edit();
    w2.writeFile('/f', makeFile('hi\n'));
    const { rootfs } = w2.commit();
    expect(rootfs.size).toBe(1982382 + 6 + 3);
    expect(text(rootfs.stat('/f') as FileEntry)).toBe('hi\n');
  });

  test('chmod copies the file up, so its bytes count again (verified: 2,012,382 after dd, chmod, touch of 10 kB)', () => {
    let fs = base();
    let w = fs.edit();
    w.writeFile('/big', makeSyntheticFile(10000, 'zero'));
    fs = w.commit().rootfs;
    w = fs.edit();
    w.changeMeta('/big', { mode: 0o600 });
    fs = w.commit().rootfs;
    w = fs.edit();
    w.changeMeta('/big', {});
    fs = w.commit().rootfs;
    expect(fs.size).toBe(2012382);
  });

  test('a file written and deleted in the same step leaves an empty layer', () => {
    const w = base().edit();
    w.writeFile('/tmp/x', makeSyntheticFile(5000, 'zero'));
    w.remove('/tmp/x');
    const { layer } = w.commit();
    expect(layer.size).toBe(0);
    expect(layer.changes.size).toBe(0);
  });

  test('rm -rf then mkdir of a lower directory makes it opaque: old children are gone (verified sizes 8 then 3)', () => {
    const w1 = base().edit();
    w1.mkdir('/d/e', { parents: true });
    w1.writeFile('/d/e/f', makeFile('hello\n'));
    w1.writeFile('/d/g', makeFile('1\n'));
    const c1 = w1.commit();
    expect(c1.layer.size).toBe(8);
    const w2 = c1.rootfs.edit();
    expect(w2.remove('/d', { recursive: true }).ok).toBe(true);
    expect(w2.mkdir('/d').ok).toBe(true);
    w2.writeFile('/d/n', makeFile('xy\n'));
    const c2 = w2.commit();
    expect(c2.layer.size).toBe(3);
    expect(c2.rootfs.list('/d')).toEqual({ ok: true, value: ['n'] });
    expect(c2.rootfs.stat('/d/e/f')).toBeUndefined();
    expect(c2.layer.hidesBelow.has('/d')).toBe(true);
  });

  test('symlinks count their target length under legacy sizing and zero under BuildKit sizing (verified with docker history)', () => {
    const w = base().edit();
    w.setEntry('/bin/abcdefghij', makeSymlink('/bin/busybox'));
    expect(w.commit({ symlinkSizing: 'target-length' }).layer.size).toBe(12);
    expect(w.commit({ symlinkSizing: 'zero' }).layer.size).toBe(0);
  });

  test('listing merges layers and hides whiteouts', () => {
    const w1 = base().edit();
    w1.writeFile('/tmp/a', makeFile('a'));
    w1.writeFile('/tmp/b', makeFile('b'));
    const w2 = w1.commit().rootfs.edit();
    w2.remove('/tmp/a');
    w2.writeFile('/tmp/c', makeFile('c'));
    expect(w2.list('/tmp')).toEqual({ ok: true, value: ['b', 'c'] });
    expect(w2.commit().rootfs.list('/tmp')).toEqual({ ok: true, value: ['b', 'c'] });
  });

  test('writing through a parent symlink lands at the target directory', () => {
    const w = base().edit();
    w.mkdir('/real');
    w.setEntry('/link', makeSymlink('real'));
    expect(w.writeFile('/link/f', makeFile('x')).ok).toBe(true);
    expect(w.lstat('/real/f')?.type).toBe('file');
  });

  test('a symlink loop fails with ELOOP instead of hanging', () => {
    const w = Rootfs.empty().edit();
    w.setEntry('/a', makeSymlink('/b'));
    w.setEntry('/b', makeSymlink('/a'));
    const r = w.resolve('/a/x');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.code).toBe('ELOOP');
  });

  test('writing a file where a directory is fails with EISDIR; mkdir over a file fails with EEXIST', () => {
    const w = base().edit();
    expect(w.writeFile('/tmp', makeFile('x'))).toMatchObject({ ok: false, code: 'EISDIR' });
    w.writeFile('/f', makeFile('x'));
    expect(w.mkdir('/f')).toMatchObject({ ok: false, code: 'EEXIST' });
    expect(w.mkdir('/f/g', { parents: true })).toMatchObject({ ok: false, code: 'ENOTDIR' });
    expect(w.mkdir('/x/y')).toMatchObject({ ok: false, code: 'ENOENT' });
  });

  test('layer digests ignore nothing but order: equal changes give equal digests, a mode change does not', () => {
    const a = base().edit();
    a.writeFile('/x', makeFile('1'));
    a.writeFile('/y', makeFile('2'));
    const b = base().edit();
    b.writeFile('/y', makeFile('2'));
    b.writeFile('/x', makeFile('1'));
    expect(a.commit().layer.digest).toBe(b.commit().layer.digest);
    b.changeMeta('/x', { mode: 0o755 });
    expect(a.commit().layer.digest).not.toBe(b.commit().layer.digest);
  });
});

describe('digests', () => {
  test('a directory digest covers names, modes and content but not which layer holds them', () => {
    const w = Rootfs.empty().edit();
    w.mkdir('/d');
    w.writeFile('/d/a', makeFile('x'));
    const d1 = digestPath(w, '/d');
    const w2 = w.commit().rootfs.edit();
    expect(digestPath(w2, '/d')).toBe(d1);
    w2.changeMeta('/d/a', { mode: 0o600 });
    expect(digestPath(w2, '/d')).not.toBe(d1);
    expect(digestPath(w2, '/nope')).toBe('missing');
  });

  test('synthetic files with the same fingerprint and size are equal; a different size is not', () => {
    const w = Rootfs.empty().edit();
    w.writeFile('/a', makeSyntheticFile(10, 'zero'));
    w.writeFile('/b', makeSyntheticFile(10, 'zero'));
    w.writeFile('/c', makeSyntheticFile(11, 'zero'));
    expect(digestPath(w, '/a')).toBe(digestPath(w, '/b'));
    expect(digestPath(w, '/a')).not.toBe(digestPath(w, '/c'));
  });
});
