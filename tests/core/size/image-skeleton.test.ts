import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  catalogImageToSkeleton,
  declaredImageToSkeleton,
  findCatalogImage,
  listCatalogImages,
  loadBaseImage,
  scratchSkeleton,
  skeletonToFileList,
  sumEntrySizes,
  SYNTHETIC_REMAINDER_PATH,
  type DeclaredImage,
  type ImageSkeleton,
} from '../../../src/core/size/index.ts';

const p01 = JSON.parse(
  readFileSync(new URL('../../../../shared/conformance/scenarios/p01-jar-two-stage/scenario.json', import.meta.url), 'utf8'),
) as { images: Record<string, DeclaredImage> };

function skeletonOf(ref: string): ImageSkeleton {
  const image = findCatalogImage(ref);
  if (!image) throw new Error(`${ref} is not in the catalog`);
  return catalogImageToSkeleton(image);
}

function paths(skeleton: ImageSkeleton): Set<string> {
  return new Set(skeleton.entries.map((entry) => entry.path));
}

function passwdUsers(skeleton: ImageSkeleton): Map<string, number> {
  const passwd = skeleton.entries.find((entry) => entry.path === '/etc/passwd')?.content ?? '';
  return new Map(passwd.split('\n').filter(Boolean).map((line) => {
    const [name = '', , uid = ''] = line.split(':');
    return [name, Number(uid)] as const;
  }));
}

describe('every catalog image becomes a skeleton whose entries sum exactly to its size', () => {
  test.each(listCatalogImages().map((image) => [image.name, image] as const))('%s', (_name, image) => {
    const skeleton = catalogImageToSkeleton(image);
    expect(sumEntrySizes(skeleton.entries)).toBe(image.sizeBytes);
    expect(skeleton.sizeBytes).toBe(image.sizeBytes);
    expect(skeleton.layerCount).toBe(image.layerCount);
    for (const entry of skeleton.entries) {
      expect(Number.isInteger(entry.size) && entry.size >= 0).toBe(true);
      if (entry.type === 'dir') expect(entry.size).toBe(0);
      if (entry.type === 'symlink') expect(entry.size).toBe(entry.target?.length);
    }
    // Parents are listed before their children, and every parent exists.
    const seen = new Set<string>(['/']);
    for (const entry of skeleton.entries) {
      expect(seen.has(entry.path.slice(0, entry.path.lastIndexOf('/')) || '/')).toBe(true);
      seen.add(entry.path);
    }
    expect(skeleton.entries.some((entry) => entry.path === '/bin/sh')).toBe(image.record.hasShell);
  });
});

describe('skeletons look like the real images', () => {
  test('scratch has no entries, no layers and no shell', () => {
    const scratch = scratchSkeleton();
    expect(scratch.entries).toEqual([]);
    expect(scratch.layerCount).toBe(0);
    expect(loadBaseImage('scratch')).toMatchObject({ kind: 'found', from: 'scratch' });
  });

  test('the bytes no named file accounts for sit in one clearly synthetic file', () => {
    const skeleton = skeletonOf('debian:stretch');
    expect(SYNTHETIC_REMAINDER_PATH).toMatch(/stagecraft/);
    const remainder = skeleton.entries.find((entry) => entry.path === SYNTHETIC_REMAINDER_PATH);
    expect(remainder?.size).toBeGreaterThan(skeleton.sizeBytes / 2);
  });

  test('in busybox images the busybox binary itself carries the remainder', () => {
    const skeleton = skeletonOf('busybox:1.28');
    expect(skeleton.entries.find((entry) => entry.path === '/bin/busybox')?.size).toBeGreaterThan(1_000_000);
    expect(paths(skeleton).has(SYNTHETIC_REMAINDER_PATH)).toBe(false);
  });

  test('every image with files has root and nobody in /etc/passwd', () => {
    for (const image of listCatalogImages()) {
      if (image.record.os === 'scratch') continue;
      const users = passwdUsers(catalogImageToSkeleton(image));
      expect(users.get('root')).toBe(0);
      expect(users.get('nobody')).toBe(65534);
    }
  });

  test('node images have the node user with uid 1000', () => {
    expect(passwdUsers(skeletonOf('node:20')).get('node')).toBe(1000);
    expect(passwdUsers(skeletonOf('node:20-alpine')).get('node')).toBe(1000);
  });

  test('distroless images have nonroot with uid 65532, and the nonroot tag runs as it', () => {
    expect(passwdUsers(skeletonOf('gcr.io/distroless/static-debian12')).get('nonroot')).toBe(65532);
    const nonroot = loadBaseImage('gcr.io/distroless/static-debian12:nonroot');
    expect(nonroot.kind === 'found' && nonroot.skeleton.defaults.user).toBe('65532');
  });

  test('distroless and chiseled images have no shell', () => {
    expect(paths(skeletonOf('gcr.io/distroless/java-debian10:11')).has('/bin/sh')).toBe(false);
    expect(paths(skeletonOf('mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled')).has('/bin/sh')).toBe(false);
  });

  test('Maven images have mvn on PATH and the distribution in /usr/share/maven', () => {
    const skeleton = skeletonOf('maven:3.9-eclipse-temurin-17');
    const all = paths(skeleton);
    expect(all.has('/usr/bin/mvn')).toBe(true);
    expect([...all].some((path) => path.startsWith('/usr/share/maven/'))).toBe(true);
    expect(all.has('/opt/java/openjdk/bin/javac')).toBe(true);
    expect(skeleton.defaults.env['JAVA_HOME']).toBe('/opt/java/openjdk');
  });

  test('a JRE image has java but no javac, so build tools are told apart', () => {
    const all = paths(skeletonOf('eclipse-temurin:17-jre'));
    expect(all.has('/opt/java/openjdk/bin/java')).toBe(true);
    expect(all.has('/opt/java/openjdk/bin/javac')).toBe(false);
    expect(all.has('/usr/bin/mvn')).toBe(false);
  });

  test('Debian OpenJDK 8 images link /usr/bin/java into /usr/lib/jvm', () => {
    const java = skeletonOf('openjdk:8-jdk').entries.find((entry) => entry.path === '/usr/bin/java');
    expect(java?.type).toBe('symlink');
    expect(java?.target).toBe('/usr/lib/jvm/java-8-openjdk-amd64/bin/java');
  });

  test('Go images put the toolchain in /usr/local/go and GOPATH at /go', () => {
    const skeleton = skeletonOf('golang:1.24');
    expect(paths(skeleton).has('/usr/local/go/bin/go')).toBe(true);
    expect(skeleton.defaults.env['GOPATH']).toBe('/go');
    expect(skeleton.defaults.env['PATH']).toMatch(/^\/go\/bin:\/usr\/local\/go\/bin:/);
    expect(skeleton.defaults.workingDir).toBe('/go');
  });

  test('a tool directory carries a sourced share of the image, so COPY --from of it has weight', () => {
    const skeleton = skeletonOf('node:20-slim');
    const node = skeleton.entries.find((entry) => entry.path === '/usr/local/bin/node');
    expect(node?.size).toBeGreaterThan(40_000_000);
  });

  test('alpine images have no apt-get and Debian images have no apk', () => {
    expect(paths(skeletonOf('alpine:3.7')).has('/usr/bin/apt-get')).toBe(false);
    expect(paths(skeletonOf('alpine:3.7')).has('/sbin/apk')).toBe(true);
    expect(paths(skeletonOf('debian:stretch-slim')).has('/sbin/apk')).toBe(false);
    expect(paths(skeletonOf('debian:stretch-slim')).has('/usr/bin/apt-get')).toBe(true);
  });
});

describe('scenario-declared images look like catalog images', () => {
  test("p01's local/busybox:1 sums to its 1,982,382 bytes", () => {
    const declared = p01.images['local/busybox:1'];
    if (!declared) throw new Error('p01 has no local/busybox:1');
    const { skeleton, problems } = declaredImageToSkeleton('docker.io/local/busybox:1', declared);
    expect(problems).toEqual([]);
    expect(sumEntrySizes(skeleton.entries)).toBe(1_982_382);
    expect(skeleton.sizeBytes).toBe(1_982_382);
    expect(skeleton.layerCount).toBe(1);
    expect(skeleton.hasShell).toBe(true);
    expect(skeleton.entries.find((entry) => entry.path === '/bin/sh')).toMatchObject({ type: 'symlink', target: 'busybox', size: 7 });
  });

  test('loadBaseImage prefers the declared image for the same normalised reference', () => {
    const outcome = loadBaseImage('docker.io/local/busybox:1', { declaredImages: p01.images });
    expect(outcome.kind).toBe('found');
    expect(outcome.kind === 'found' && outcome.from).toBe('declared');
    expect(outcome.kind === 'found' && outcome.skeleton.sizeBytes).toBe(1_982_382);
  });

  test('a declaration whose entries fall short is evened out and reported', () => {
    const { skeleton, problems } = declaredImageToSkeleton('x', { sizeBytes: 100, files: { '/a': 40 } });
    expect(sumEntrySizes(skeleton.entries)).toBe(100);
    expect(problems).toHaveLength(1);
  });
});

describe('skeletons flatten to the scenario images shape', () => {
  test('the flattened maven image keeps its size, symlinks and ENV', () => {
    const skeleton = skeletonOf('maven:3.9-eclipse-temurin-17');
    const list = skeletonToFileList(skeleton);
    const counted = Object.values(list.files).reduce((a, b) => a + b, 0) + Object.values(list.symlinks).reduce((a, b) => a + b.length, 0);
    expect(counted).toBe(list.sizeBytes);
    expect(list.symlinks['/usr/bin/mvn']).toBe('/usr/share/maven/bin/mvn');
    expect(list.env).toContain('JAVA_HOME=/opt/java/openjdk');
  });
});

describe('declared image ENV', () => {
  test('a KEY=value list and a record give the same defaults', () => {
    const fromList = declaredImageToSkeleton('x', { sizeBytes: 0, env: ['PATH=/bin', 'A=b=c'] }).skeleton.defaults.env;
    const fromRecord = declaredImageToSkeleton('x', { sizeBytes: 0, env: { PATH: '/bin', A: 'b=c' } }).skeleton.defaults.env;
    expect(fromList).toEqual({ PATH: '/bin', A: 'b=c' });
    expect(fromRecord).toEqual(fromList);
  });
});
