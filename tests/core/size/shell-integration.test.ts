// The size module's skeletons and knowledge base, driven through the real shell model and layered
// filesystem, the way the build engine wires them (an example adapter for the build engineer).
import { describe, expect, test } from 'vitest';
import {
  decodeUtf8,
  fileBytes,
  layerFromEntries,
  makeDir,
  makeFile,
  makeSymlink,
  makeSyntheticFile,
  parentPath,
  Rootfs,
  type Entry,
} from '../../../src/core/fs/index.ts';
import { globInFs, runScript, type ExternalContext } from '../../../src/core/shell/index.ts';
import {
  catalogImageToSkeleton,
  createToolchainResolver,
  FIGURES,
  findCatalogImage,
  type ImageSkeleton,
} from '../../../src/core/size/index.ts';

function rootfsFromSkeleton(skeleton: ImageSkeleton): Rootfs {
  return Rootfs.fromLayers([layerFromSkeleton(skeleton)]);
}

function layerFromSkeleton(skeleton: ImageSkeleton) {
  const entries = new Map<string, Entry>([['/', makeDir()]]);
  for (const e of skeleton.entries) {
    const meta = { mode: e.mode, uid: e.uid, gid: e.gid };
    entries.set(
      e.path,
      e.type === 'dir'
        ? makeDir(meta)
        : e.type === 'symlink'
          ? makeSymlink(e.target ?? '', meta)
          : e.content !== undefined
            ? makeFile(e.content, meta)
            : makeSyntheticFile(e.size, `${skeleton.name}:${e.path}`, meta),
    );
  }
  return layerFromEntries(entries, { symlinkSizing: 'target-length' });
}

function skeletonOf(ref: string): ImageSkeleton {
  const image = findCatalogImage(ref);
  if (!image) throw new Error(`${ref} missing`);
  return catalogImageToSkeleton(image);
}

const resolveExternal = createToolchainResolver<ExternalContext>({
  view: (ctx) => ({
    readFile: (path) => {
      const r = ctx.fs.readFile(path);
      const data = r.ok ? fileBytes(r.value) : undefined;
      return data ? decodeUtf8(data) : null;
    },
    fileExists: (path) => ctx.fs.exists(path),
    listDir: (path) => {
      const r = ctx.fs.list(path);
      return r.ok ? r.value : null;
    },
  }),
  apply: (effect, ctx) => {
    for (const pattern of effect.removes) {
      for (const path of /[*?[]/.test(pattern) ? globInFs(ctx.fs, pattern, '/') : [pattern]) ctx.fs.remove(path, { recursive: true });
    }
    for (const f of effect.files) {
      ctx.fs.mkdir(parentPath(f.path), { parents: true });
      if (f.symlinkTo !== undefined) ctx.fs.setEntry(f.path, makeSymlink(f.symlinkTo));
      else {
        const mode = f.mode ?? 0o644;
        ctx.fs.writeFile(f.path, f.content !== undefined ? makeFile(f.content, { mode }) : makeSyntheticFile(f.size, `estimate:${f.path}`, { mode, estimated: true }), { keepMeta: false });
      }
    }
  },
  hasCommand: (name, ctx) => (ctx.env['PATH'] ?? '').split(':').some((dir) => ctx.fs.exists(`${dir}/${name}`)),
  failWhenMissing: true,
});

function runOn(skeleton: ImageSkeleton, script: string, cwd = '/', setup: Record<string, string> = {}) {
  const fs = rootfsFromSkeleton(skeleton).edit();
  for (const [path, content] of Object.entries(setup)) {
    fs.mkdir(parentPath(path), { parents: true });
    fs.writeFile(path, makeFile(content));
  }
  const before = fs.sizeSoFar({ symlinkSizing: 'target-length' });
  const result = runScript(script, { fs, env: { ...skeleton.defaults.env }, cwd, resolveExternal, knownFiles: 'partial' });
  return { result, fs, added: fs.sizeSoFar({ symlinkSizing: 'target-length' }) - before };
}

describe('skeletons and the knowledge base through the shell model', () => {
  test('a loaded catalog skeleton weighs exactly the catalog size', () => {
    const skeleton = skeletonOf('debian:stretch-slim');
    expect(layerFromSkeleton(skeleton).size).toBe(skeleton.sizeBytes);
  });

  test('apt lists removed in the same RUN do not reach the layer', () => {
    const skeleton = skeletonOf('debian:bookworm-slim');
    const clean = runOn(skeleton, 'apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*');
    expect(clean.result.exitCode).toBe(0);
    expect(clean.fs.exists('/usr/bin/curl')).toBe(true);
    expect(clean.result.estimated).toBe(true);
    const dirty = runOn(skeleton, 'apt-get update && apt-get install -y --no-install-recommends curl');
    expect(dirty.added - clean.added).toBe(FIGURES.aptListsInLayer.bytes);
  });

  test('mvn in an alpine image without Maven fails like the real shell', () => {
    const { result } = runOn(skeletonOf('alpine:3.7'), 'mvn -B package', '/app', { '/app/pom.xml': '<project><artifactId>a</artifactId></project>' });
    expect(result.stderr).toContain('mvn: not found');
    expect(result.exitCode).toBe(127);
  });

  test('mvn package in the Maven image leaves the jar and ~/.m2 in the builder layer', () => {
    const pom = '<project><groupId>g</groupId><artifactId>shop</artifactId><version>1.0</version></project>';
    const { result, fs } = runOn(skeletonOf('maven:3.9-eclipse-temurin-17'), 'mvn -B package -DskipTests', '/app', { '/app/pom.xml': pom });
    expect(result.exitCode).toBe(0);
    expect(fs.exists('/app/target/shop-1.0.jar')).toBe(true);
    expect(fs.exists('/root/.m2/repository/.stagecraft-dependencies')).toBe(true);
  });
});
