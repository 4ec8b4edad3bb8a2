import { describe, expect, test } from 'vitest';
import {
  applyCopy,
  createBuildContext,
  decodeUtf8,
  fileBytes,
  makeFile,
  planCopy,
  rootfsFromFileList,
  Rootfs,
  type CopyRequest,
  type FileEntry,
  type FsView,
  type WorkingFs,
} from '../../../src/core/fs/index.ts';

const BUSYBOX = {
  sizeBytes: 1982382,
  dirs: ['/bin', '/etc', '/tmp'],
  files: { '/bin/busybox': 1982256 },
  symlinks: { '/bin/sh': 'busybox', '/bin/cat': 'busybox' },
};

function busyboxWith(setup: (w: WorkingFs) => void = () => {}): Rootfs {
  const w = rootfsFromFileList('local/busybox:1', BUSYBOX).edit();
  setup(w);
  return w.commit().rootfs;
}

const context = createBuildContext({
  'a.txt': 'a\n',
  'b.txt': 'bb\n',
  'd/x': 'x\n',
  'd/sub/y': 'yy\n',
  'd/link': { symlink: 'x' },
  'secret.env': { content: 'TOKEN=1\n', mode: 0o600 },
});

function copy(partial: Partial<CopyRequest> & Pick<CopyRequest, 'sources' | 'dest'>, destFs: Rootfs = busyboxWith()): { plan: ReturnType<typeof planCopy>; fs: WorkingFs } {
  const fs = destFs.edit();
  const plan = planCopy({ builder: 'buildkit', source: context.fs, sourceKind: 'context', destFs: fs, ...partial });
  if (plan.ok) applyCopy(fs, plan.changes);
  return { plan, fs };
}

function text(fs: FsView, path: string): string | undefined {
  const r = fs.readFile(path);
  if (!r.ok) return undefined;
  const data = fileBytes(r.value as FileEntry);
  return data ? decodeUtf8(data) : undefined;
}

describe('COPY of files', () => {
  test('a file copied to a name that does not exist becomes that file, parents created', () => {
    const { plan, fs } = copy({ sources: ['a.txt'], dest: '/p/q/r' });
    expect(plan.ok).toBe(true);
    expect(text(fs, '/p/q/r')).toBe('a\n');
    expect(fs.stat('/p/q')?.type).toBe('dir');
    expect(fs.stat('/p')?.mode).toBe(0o755);
  });

  test('a destination ending in / or naming an existing directory means "into it"', () => {
    expect(text(copy({ sources: ['a.txt'], dest: '/new/' }).fs, '/new/a.txt')).toBe('a\n');
    expect(text(copy({ sources: ['a.txt'], dest: '/tmp' }).fs, '/tmp/a.txt')).toBe('a\n');
  });

  test('a relative destination is joined to the working directory, and "." means the directory itself', () => {
    const dest = busyboxWith((w) => void w.mkdir('/build'));
    expect(text(copy({ sources: ['a.txt'], dest: '.', workdir: '/build' }, dest).fs, '/build/a.txt')).toBe('a\n');
    expect(text(copy({ sources: ['a.txt'], dest: 'sub/f', workdir: '/build' }, dest).fs, '/build/sub/f')).toBe('a\n');
  });

  test('--chown with numeric ids owns the file and the created parents; a bare uid sets gid = uid', () => {
    const { fs } = copy({ sources: ['a.txt'], dest: '/p/q/r', chown: '12:34' });
    expect(fs.stat('/p/q/r')).toMatchObject({ uid: 12, gid: 34 });
    expect(fs.stat('/p')).toMatchObject({ uid: 12, gid: 34 });
    expect(copy({ sources: ['a.txt'], dest: '/r', chown: '12' }).fs.stat('/r')).toMatchObject({ uid: 12, gid: 12 });
  });

  test('--chown with names reads the destination /etc/passwd and /etc/group', () => {
    const dest = busyboxWith((w) => {
      w.writeFile('/etc/passwd', makeFile('root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n'));
      w.writeFile('/etc/group', makeFile('root:x:0:\nstaff:x:50:\n'));
    });
    expect(copy({ sources: ['a.txt'], dest: '/r', chown: 'app' }, dest).fs.stat('/r')).toMatchObject({ uid: 1000, gid: 1001 });
    expect(copy({ sources: ['a.txt'], dest: '/r', chown: 'app:staff' }, dest).fs.stat('/r')).toMatchObject({ uid: 1000, gid: 50 });
    expect(copy({ sources: ['a.txt'], dest: '/r', chown: 'nobody' }, dest).plan).toMatchObject({
      ok: false,
      error: { message: 'unable to find user nobody: no matching entries in passwd file' },
    });
  });

  test('--chown with a name fails when the image has no /etc/passwd (busybox, verified on both builders)', () => {
    expect(copy({ sources: ['a.txt'], dest: '/a', chown: 'foo' }).plan).toMatchObject({ ok: false, error: { kind: 'other' } });
    const legacy = copy({ sources: ['a.txt'], dest: '/a', chown: 'foo', builder: 'legacy' }).plan;
    expect(!legacy.ok && legacy.error.message).toContain("can't find uid for user foo");
  });

  test('--chmod sets the mode of copied files; context modes are kept otherwise', () => {
    expect(copy({ sources: ['a.txt'], dest: '/a', chmod: '755' }).fs.stat('/a')?.mode).toBe(0o755);
    expect(copy({ sources: ['secret.env'], dest: '/s' }).fs.stat('/s')?.mode).toBe(0o600);
  });

  test('a symlink source is followed: its target content lands under the link name', () => {
    const { fs } = copy({ sources: ['d/link'], dest: '/linkcopy' });
    expect(fs.lstat('/linkcopy')?.type).toBe('file');
    expect(text(fs, '/linkcopy')).toBe('x\n');
  });
});

describe('COPY of directories and globs', () => {
  test('a directory copies its contents, not itself, keeping nested symlinks as symlinks', () => {
    const { fs } = copy({ sources: ['d'], dest: '/dst' });
    expect(fs.list('/dst')).toEqual({ ok: true, value: ['link', 'sub', 'x'] });
    expect(fs.lstat('/dst/link')?.type).toBe('symlink');
    expect(text(fs, '/dst/sub/y')).toBe('yy\n');
  });

  test('a directory with a trailing slash, or matched by a glob, also copies its contents', () => {
    expect(copy({ sources: ['d/'], dest: '/x' }).fs.list('/x')).toEqual({ ok: true, value: ['link', 'sub', 'x'] });
    expect(copy({ sources: ['d*'], dest: '/g/' }).fs.list('/g')).toEqual({ ok: true, value: ['link', 'sub', 'x'] });
  });

  test('--chown applies to the copied directory root too (verified: /own is 12:12)', () => {
    const { fs } = copy({ sources: ['d'], dest: '/own', chown: '12' });
    expect(fs.stat('/own')).toMatchObject({ uid: 12, gid: 12 });
    expect(fs.stat('/own/sub/y')).toMatchObject({ uid: 12, gid: 12 });
  });

  test('globs match per segment like Go filepath.Match and copy every match into a directory', () => {
    const { fs, plan } = copy({ sources: ['*.txt'], dest: '/t/' });
    expect(plan.ok && plan.sources.map((s) => s.path)).toEqual(['/a.txt', '/b.txt']);
    expect(fs.list('/t')).toEqual({ ok: true, value: ['a.txt', 'b.txt'] });
    expect(copy({ sources: ['?.txt'], dest: '/t/' }).fs.list('/t')).toEqual({ ok: true, value: ['a.txt', 'b.txt'] });
    expect(copy({ sources: ['[a].txt'], dest: '/t/' }).fs.list('/t')).toEqual({ ok: true, value: ['a.txt'] });
    expect(copy({ sources: ['[^a].txt'], dest: '/t/' }).fs.list('/t')).toEqual({ ok: true, value: ['b.txt'] });
  });
});

describe('COPY into existing directories (verified on both builders)', () => {
  test('copying a directory into an existing one merges and keeps the existing directory\'s mode', () => {
    const dest = busyboxWith((w) => {
      w.mkdir('/exist', { mode: 0o700 });
      w.writeFile('/exist/old', makeFile(''));
    });
    const { fs } = copy({ sources: ['d'], dest: '/exist' }, dest);
    expect(fs.stat('/exist')?.mode).toBe(0o700);
    expect(fs.list('/exist')).toEqual({ ok: true, value: ['link', 'old', 'sub', 'x'] });
  });

  test('legacy treats "." as a single-file destination: two sources into "." fail, "./" works', () => {
    const dest = busyboxWith((w) => void w.mkdir('/w'));
    expect(copy({ sources: ['a.txt', 'b.txt'], dest: '.', workdir: '/w', builder: 'legacy' }, dest).plan).toMatchObject({
      ok: false,
      error: { kind: 'copy-dest-not-dir' },
    });
    expect(copy({ sources: ['a.txt', 'b.txt'], dest: '.', workdir: '/w' }, dest).fs.list('/w')).toEqual({ ok: true, value: ['a.txt', 'b.txt'] });
  });
});

describe('COPY errors and builder differences', () => {
  test('a missing context file fails with each engine\'s message (verified on Engine 20.10)', () => {
    expect(copy({ sources: ['missing.txt'], dest: '/x' }).plan).toEqual({
      ok: false,
      error: { kind: 'copy-source-missing', message: 'failed to compute cache key: "/missing.txt" not found: not found', source: 'missing.txt' },
    });
    expect(copy({ sources: ['missing.txt'], dest: '/x', builder: 'legacy' }).plan).toMatchObject({
      ok: false,
      error: {
        kind: 'copy-source-missing',
        message: 'COPY failed: file not found in build context or excluded by .dockerignore: stat missing.txt: file does not exist',
      },
    });
  });

  test('a missing file in another stage fails like scenario p05 on both builders', () => {
    const stage = busyboxWith((w) => {
      w.mkdir('/out');
      w.writeFile('/out/app', makeFile('bin\n'));
    });
    const base = { source: stage, sourceKind: 'stage' as const, sources: ['/out/app.exe'], dest: '/app' };
    expect(copy({ ...base, destFs: Rootfs.empty() }, Rootfs.empty()).plan).toMatchObject({
      ok: false,
      error: { kind: 'copy-source-missing', message: 'failed to compute cache key: "/out/app.exe" not found: not found' },
    });
    expect(copy({ ...base, builder: 'legacy' }, Rootfs.empty()).plan).toMatchObject({
      ok: false,
      error: { kind: 'copy-source-missing', message: 'COPY failed: stat out/app.exe: file does not exist' },
    });
  });

  test('legacy rejects several sources unless the destination ends with / (copy-dest-not-dir); BuildKit 20.10 does not', () => {
    const legacy = copy({ sources: ['a.txt', 'b.txt'], dest: '/tmp', builder: 'legacy' }).plan;
    expect(legacy).toEqual({
      ok: false,
      error: { kind: 'copy-dest-not-dir', message: 'When using COPY with more than one source file, the destination must be a directory and end with a /' },
    });
    expect(copy({ sources: ['*.txt'], dest: '/tmp', builder: 'legacy' }).plan.ok).toBe(false);
    expect(copy({ sources: ['a.txt', 'b.txt'], dest: '/tmp/', builder: 'legacy' }).plan.ok).toBe(true);
    expect(copy({ sources: ['a.txt', 'b.txt'], dest: '/tmp' }).fs.list('/tmp')).toEqual({ ok: true, value: ['a.txt', 'b.txt'] });
  });

  test('BuildKit 20.10 copies several sources onto a new non-directory destination one after another: the last wins (verified)', () => {
    const { fs } = copy({ sources: ['a.txt', 'b.txt'], dest: '/newdir' });
    expect(fs.stat('/newdir')?.type).toBe('file');
    expect(text(fs, '/newdir')).toBe('bb\n');
  });

  test('a glob that matches nothing copies nothing in BuildKit and fails in legacy (verified)', () => {
    expect(copy({ sources: ['nomatch*'], dest: '/x/' }).plan).toMatchObject({ ok: true, changes: [] });
    expect(copy({ sources: ['nomatch*'], dest: '/x/', builder: 'legacy' }).plan).toEqual({
      ok: false,
      error: { kind: 'copy-source-missing', message: 'COPY failed: no source files were specified', source: 'nomatch*' },
    });
  });

  test('ADD from a URL is reported as not modelled instead of guessed', () => {
    const plan = copy({ sources: ['https://example.com/x.tgz'], dest: '/x', instruction: 'ADD' }).plan;
    expect(plan).toMatchObject({ ok: false, error: { kind: 'other', notModelled: true } });
  });
});

describe('COPY sizes and digests', () => {
  test('a COPY layer counts the copied bytes (scenario p08: a.txt 5 + b.txt 9)', () => {
    const ctx = createBuildContext({ 'a.txt': 'aaaa\n', 'b.txt': 'bbbbbbbb\n' });
    const w = busyboxWith((x) => void x.mkdir('/w')).edit();
    const plan = planCopy({ builder: 'legacy', source: ctx.fs, sourceKind: 'context', sources: ['a.txt', 'b.txt'], dest: './', workdir: '/w', destFs: w });
    expect(plan.ok).toBe(true);
    if (plan.ok) applyCopy(w, plan.changes);
    expect(w.commit().layer.size).toBe(14);
  });

  test('the source digest changes with content and mode but not with an unrelated file', () => {
    const digest = (files: Record<string, string | { content: string; mode: number }>): string => {
      const ctx = createBuildContext(files);
      const plan = planCopy({ builder: 'buildkit', source: ctx.fs, sourceKind: 'context', sources: ['src'], dest: '/app', destFs: Rootfs.empty() });
      return plan.ok ? plan.sourceDigest : 'error';
    };
    const base = digest({ 'src/Main.java': 'class Main {}\n', 'README.md': 'x' });
    expect(digest({ 'src/Main.java': 'class Main {}\n', 'README.md': 'changed' })).toBe(base);
    expect(digest({ 'src/Main.java': 'class Main { int x; }\n', 'README.md': 'x' })).not.toBe(base);
    expect(digest({ 'src/Main.java': { content: 'class Main {}\n', mode: 0o755 }, 'README.md': 'x' })).not.toBe(base);
  });
});
