import { describe, expect, test } from 'vitest';
import { guessOf, makeFile, rootfsFromFileList, withGuess, type WorkingFs } from '../../../src/core/fs/index.ts';

const image = (): WorkingFs => rootfsFromFileList('test:1', { sizeBytes: 0, dirs: ['/etc', '/tmp'], files: {}, symlinks: {} }).edit();

describe('a runtime mount over a working layer', () => {
  test('hides the image\'s file, shows in listings, and never enters the layer', () => {
    const below = image();
    below.writeFile('/etc/hosts', makeFile('image\n'));
    const fs = below.commit().rootfs.edit();
    expect(fs.mountFile('/etc/hosts', makeFile('mounted\n'), { readOnly: false })).toBe(true);
    expect(fs.readFile('/etc/hosts')).toMatchObject({ ok: true, value: { size: 8 } });
    expect(fs.list('/etc')).toEqual({ ok: true, value: ['hosts'] });
    expect(fs.writeFile('/etc/hosts', makeFile('written\n')).ok).toBe(true);
    expect(fs.stat('/etc/hosts')).toMatchObject({ size: 8 });
    expect(fs.isClean).toBe(true);
    fs.unmountAll();
    expect(fs.stat('/etc/hosts')).toMatchObject({ size: 6 });
    expect(fs.commit().layer.isEmpty).toBe(true);
  });

  test('a read-only mount refuses writes and metadata changes (EROFS); unlinking any mount point is EBUSY', () => {
    const fs = image();
    fs.mountFile('/etc/resolv.conf', makeFile('nameserver 1.1.1.1\n'), { readOnly: true });
    expect(fs.writeFile('/etc/resolv.conf', makeFile('x'))).toMatchObject({ ok: false, code: 'EROFS' });
    expect(fs.changeMeta('/etc/resolv.conf', { mode: 0o600 })).toMatchObject({ ok: false, code: 'EROFS' });
    expect(fs.remove('/etc/resolv.conf')).toMatchObject({ ok: false, code: 'EBUSY' });
    expect(fs.remove('/etc', { recursive: true })).toMatchObject({ ok: false, code: 'EBUSY', path: '/etc/resolv.conf' });
    expect(fs.isClean).toBe(true);
  });

  test('is skipped (false) where its directory is missing', () => {
    const fs = rootfsFromFileList('scratch-ish', { sizeBytes: 0, dirs: ['/bin'], files: {}, symlinks: {} }).edit();
    expect(fs.mountFile('/etc/hosts', makeFile('x'), { readOnly: true })).toBe(false);
    expect(fs.stat('/etc/hosts')).toBeUndefined();
  });
});

describe('writes made on a guess', () => {
  test('markWrites marks files written meanwhile (not knowledge-base text) and lists other changes as uncertain', () => {
    const fs = image();
    fs.writeFile('/tmp/before', makeFile('exact'));
    fs.markWrites('conditional');
    fs.writeFile('/tmp/file', makeFile('maybe'));
    fs.setEntry('/tmp/kb', { ...makeFile('invented'), estimated: true });
    fs.mkdir('/tmp/dir');
    fs.remove('/tmp/before');
    fs.markWrites(undefined);
    fs.writeFile('/tmp/after', makeFile('exact'));
    expect(guessOf(fs.lookup('/tmp/file'))).toBe('conditional');
    expect(guessOf(fs.lookup('/tmp/kb'))).toBeUndefined();
    expect(guessOf(fs.lookup('/tmp/after'))).toBeUndefined();
    expect(fs.commit().layer.uncertainPaths).toEqual(['/tmp/before', '/tmp/dir']);
  });

  test('an exact write after a guessed one makes the path certain again', () => {
    const fs = image();
    fs.markWrites('conditional');
    fs.mkdir('/tmp/dir');
    fs.markWrites(undefined);
    fs.remove('/tmp/dir', { recursive: true });
    expect(fs.uncertainPaths()).toEqual([]);
  });

  test('markDivergence marks what a fork did differently, without copying lower entries up', () => {
    const below = image();
    below.writeFile('/etc/config', makeFile('base'));
    const fs = below.commit().rootfs.edit();
    fs.writeFile('/tmp/both-same', makeFile('same'));
    const other = fs.fork();
    other.writeFile('/tmp/only-there', makeFile('x'));
    other.writeFile('/etc/config', makeFile('changed there'));
    other.writeFile('/tmp/both-same', makeFile('same'));
    fs.writeFile('/tmp/differs', makeFile('here'));
    other.writeFile('/tmp/differs', makeFile('there'));
    const sizeBefore = fs.sizeSoFar();
    fs.markDivergence(other, 'conditional');
    expect(guessOf(fs.lookup('/tmp/differs'))).toBe('conditional');
    expect(guessOf(fs.lookup('/tmp/both-same'))).toBeUndefined();
    expect(fs.lookup('/tmp/only-there')).toBeUndefined();
    expect(fs.uncertainPaths()).toEqual(['/etc/config', '/tmp/only-there']);
    expect(fs.sizeSoFar()).toBe(sizeBefore);
    expect(fs.recordedChanges().map(([p]) => p).sort()).toEqual(['/tmp/both-same', '/tmp/differs']);
  });

  test('the conditional mark ranks between host-dependent and partly-modelled', () => {
    const file = makeFile('x');
    expect(guessOf(withGuess(withGuess(file, 'host-dependent'), 'conditional'))).toBe('conditional');
    expect(guessOf(withGuess(withGuess(file, 'conditional'), 'partly-modelled'))).toBe('partly-modelled');
    expect(guessOf(withGuess(withGuess(file, 'conditional'), 'host-dependent'))).toBe('conditional');
  });
});
