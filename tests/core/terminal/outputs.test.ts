import { describe, expect, test } from 'vitest';
import { addImage, EMPTY_STORE, findImage, formatHistory, formatImages, formatInspect, formatRun, formatTable, type StoredImage } from '../../../src/core/terminal/index.ts';
import type { FinalImage } from '../../../src/core/build/types.ts';
import { bytes } from '../../../src/core/size/bytes.ts';

const image: FinalImage = {
  sizeBytes: bytes(1_150_060),
  layers: [{ digest: 'sha256:aa', bytes: bytes(1_149_940), files: 3, source: { kind: 'base', image: 'busybox:1.28' } }],
  config: { env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], cmd: ['cat', '/app/app.txt'], workdir: '/app', user: '', exposedPorts: [], labels: {}, volumes: [], onBuild: [] },
  history: [
    { createdBy: '/bin/sh -c #(nop) ADD file:b0b4bb in / ', bytes: bytes(1_149_940), emptyLayer: false },
    { createdBy: 'COPY /build/dist/app.txt ./app.txt # buildkit', bytes: bytes(120), emptyLayer: false, comment: 'buildkit.dockerfile.v0', stage: 1, line: 11 },
  ],
  id: 'sha256:3f1b2c9d8e7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c',
  files: [
    { path: '/app', type: 'dir', bytes: bytes(0), origin: { kind: 'step', stage: 1, line: 10, instruction: 'WORKDIR' } },
    { path: '/app/app.txt', type: 'file', bytes: bytes(120), origin: { kind: 'step', stage: 1, line: 11, instruction: 'COPY' } },
    { path: '/bin', type: 'dir', bytes: bytes(0), origin: { kind: 'base', image: 'busybox:1.28' } },
    { path: '/bin/busybox', type: 'file', bytes: bytes(1_149_940), origin: { kind: 'base', image: 'busybox:1.28' } },
    { path: '/bin/cat', type: 'file', bytes: bytes(0), origin: { kind: 'base', image: 'busybox:1.28' } },
  ],
  estimated: false,
};

const stored: StoredImage = { id: image.id, tags: ['app'], builder: 'buildkit', createdMs: 0, image, contents: { '/app/app.txt': 'Hello\nworld\n' } };

describe('the image store', () => {
  test('a tag moves to the newest image and the old one becomes <none>', () => {
    const first = addImage(EMPTY_STORE, stored);
    const second = addImage(first, { ...stored, id: 'sha256:' + 'b'.repeat(64), createdMs: 5000 });
    expect(second.images.map((i) => i.tags)).toEqual([['app:latest'], []]);
    expect(findImage(second, 'app')?.id).toBe('sha256:' + 'b'.repeat(64));
    expect(findImage(second, '3f1b2c')?.id).toBe(image.id);
  });
});

describe('what the commands print', () => {
  const store = addImage(EMPTY_STORE, stored);
  test('tables pad columns like tabwriter (minwidth 10, padding 3)', () => {
    expect(formatTable([['REPOSITORY', 'TAG'], ['app', 'latest']])).toEqual(['REPOSITORY   TAG', 'app          latest']);
  });
  test('docker images lists the tag, short id, age and size', () => {
    expect(formatImages(store, 12_000)).toEqual(['REPOSITORY   TAG       IMAGE ID       CREATED          SIZE', 'app          latest    3f1b2c9d8e7a   12 seconds ago   1.15MB']);
  });
  test('docker history lists rows newest first with the image id on top', () => {
    const lines = formatHistory(store, 'app', 60_000);
    expect(lines[1]?.startsWith('3f1b2c9d8e7a   About a minute ago   COPY /build/dist/app.txt ./app.txt # buildkit   120B')).toBe(true);
    expect(lines[2]?.startsWith('<missing>')).toBe(true);
    expect(formatHistory(store, 'nope', 0)).toEqual(['Error response from daemon: No such image: nope:latest']);
  });
  test('docker image inspect prints the config as JSON', () => {
    const { lines, status } = formatInspect(store, ['app']);
    expect(status).toBe(0);
    const parsed = JSON.parse(lines.join('\n')) as { Config: { Cmd: string[]; WorkingDir: string }; Size: number }[];
    expect(parsed[0]?.Config.Cmd).toEqual(['cat', '/app/app.txt']);
    expect(parsed[0]?.Size).toBe(1_150_060);
  });
  test('docker run runs the default command: cat prints the known content', () => {
    const { lines } = formatRun(store, 'app', []);
    expect(lines.slice(1)).toEqual(['Hello', 'world']);
  });
  test('docker run ls lists a directory, busybox errors for a missing path', () => {
    expect(formatRun(store, 'app', ['ls']).lines.slice(1)).toEqual(['app.txt']);
    expect(formatRun(store, 'app', ['ls', '/']).lines.slice(1)).toEqual(['app  bin']);
    expect(formatRun(store, 'app', ['ls', '/nope']).lines.slice(1)).toEqual(['ls: /nope: No such file or directory']);
  });
  test('a program missing from the image fails like runc', () => {
    const { lines, status } = formatRun(store, 'app', ['java', '-jar', 'app.jar']);
    expect(status).toBe(127);
    expect(lines[1]).toContain('exec: "java": executable file not found in $PATH');
  });
});

describe('docker run IMAGE ls -l does not invent what the records do not keep', () => {
  const store = addImage(EMPTY_STORE, {
    ...stored,
    image: { ...image, files: [...image.files, { path: '/app/stamp', type: 'file', bytes: bytes(0), origin: { kind: 'step', stage: 1, line: 12, instruction: 'RUN' }, guess: 'unknown' }] },
  });

  test('permission bits are shown as ? (the image records keep none), not as a made-up rw-r--r--', () => {
    const lines = formatRun(store, 'app', ['ls', '-l', '/app']).lines.slice(1);
    expect(lines[0]).toMatch(/^-\?{9} {2}\s+120 {2}app\.txt {3}\(stage 1, line 11 COPY\)$/);
  });

  test('a file whose contents the simulator did not model says so next to its origin', () => {
    const lines = formatRun(store, 'app', ['ls', '-l', '/app']).lines.slice(1);
    expect(lines[1]).toContain('stamp   (stage 1, line 12 RUN; contents not modelled)');
  });
});

// Verified on Engine 20.10 with local/busybox:1: `docker run --rm IMAGE cat /etc/hosts` prints the new
// container's hosts file (its id, 172.17.0.x) even when a COPY put the image's own file there.
describe('docker run IMAGE cat of the files the engine mounts into every container', () => {
  const withOwnHosts = addImage(EMPTY_STORE, {
    ...stored,
    image: { ...image, files: [...image.files, { path: '/etc', type: 'dir', bytes: bytes(0), origin: { kind: 'step', stage: 1, line: 12, instruction: 'COPY' } }, { path: '/etc/hosts', type: 'file', bytes: bytes(13), origin: { kind: 'step', stage: 1, line: 12, instruction: 'COPY' } }] },
    contents: { ...stored.contents, '/etc/hosts': 'my-own-hosts\n' },
  });

  test('/etc/hosts is the run container\'s own file, not the image\'s, printed as a stand-in with a note', () => {
    const { lines, status } = formatRun(withOwnHosts, 'app', ['cat', '/etc/hosts']);
    expect(status).toBe(0);
    expect(lines).not.toContain('my-own-hosts');
    expect(lines[1]).toBe('127.0.0.1\tlocalhost');
    expect(lines[lines.length - 1]).toMatch(/^\[\/etc\/hosts: the simulator's stand-in: docker run mounts the container's own/);
  });

  test('/etc/resolv.conf and /etc/hostname exist in a container even when the image has no /etc', () => {
    const store = addImage(EMPTY_STORE, stored);
    const { lines, status } = formatRun(store, 'app', ['cat', '/etc/resolv.conf', '/etc/hostname']);
    expect(status).toBe(0);
    expect(lines[1]).toMatch(/^nameserver /);
    expect(lines.filter((l) => l.startsWith('['))).toHaveLength(2);
  });

  test('ls /etc lists the mount points and /etc/mtab next to the image\'s files', () => {
    expect(formatRun(withOwnHosts, 'app', ['ls', '/etc']).lines.slice(1)).toEqual(['hostname  hosts  mtab  resolv.conf']);
  });
});
