import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  estimateUnknownImage,
  findCatalogImage,
  listCatalogImages,
  loadBaseImage,
  normalizeImageReference,
  resolveBaseImage,
  ON_DISK_PER_COMPRESSED,
} from '../../../src/core/size/index.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const sharedJson = new URL('../../../../shared/data/base-images.json', import.meta.url);

function ref(text: string) {
  const result = normalizeImageReference(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.ref;
}

describe('the generated catalog module', () => {
  test('holds every entry of shared/data/base-images.json', () => {
    const json = JSON.parse(readFileSync(sharedJson, 'utf8')) as unknown[];
    expect(listCatalogImages()).toHaveLength(json.length);
    expect(json.length).toBe(113);
  });

  test('is what scripts/sync-base-images.mjs generates from the shared JSON today', () => {
    const output = execFileSync(process.execPath, ['scripts/sync-base-images.mjs', '--check'], { cwd: repoRoot, encoding: 'utf8' });
    expect(output).toContain('up to date');
  });
});

describe('FROM references find catalog images', () => {
  test('node:20, library/node:20 and docker.io/library/node:20 are the same entry', () => {
    const a = findCatalogImage('node:20');
    expect(a?.record.tag).toBe('20');
    expect(findCatalogImage('library/node:20')).toBe(a);
    expect(findCatalogImage('docker.io/library/node:20')).toBe(a);
    expect(findCatalogImage('docker.io/node:20')).toBe(a);
  });

  test('an alias finds its image and says that tags move', () => {
    const resolution = resolveBaseImage('maven:3-jdk-8');
    expect(resolution.kind).toBe('catalog');
    if (resolution.kind !== 'catalog') return;
    expect(resolution.image.record.tag).toBe('3.5-jdk-8');
    expect(resolution.matchedBy).toBe('alias');
    expect(resolution.notes.join(' ')).toMatch(/tags move/);
  });

  test("a record's own tag wins over another record's alias", () => {
    // nginx:1.13-alpine lists `alpine` as an alias, but nginx:alpine is a record of its own.
    expect(findCatalogImage('nginx:alpine')?.record.tag).toBe('alpine');
  });

  test('a digest is ignored for sizes and noted', () => {
    const resolution = resolveBaseImage(`alpine:3.7@sha256:${'c'.repeat(64)}`);
    expect(resolution.kind === 'catalog' && resolution.image.record.tag).toBe('3.7');
    expect(resolution.kind === 'catalog' && resolution.notes.join(' ')).toMatch(/digest/);
  });

  test('--platform other than linux/amd64 is noted because the figures are amd64', () => {
    const resolution = resolveBaseImage('--platform=linux/arm64 alpine:3.7');
    expect(resolution.kind).toBe('catalog');
    expect(resolution.kind === 'catalog' && resolution.notes.join(' ')).toMatch(/amd64/);
  });

  test('scratch resolves to the empty image, not to a catalog lookup', () => {
    expect(resolveBaseImage('scratch').kind).toBe('scratch');
  });

  test('an unknown tag is reported as unknown, and invalid text as invalid', () => {
    expect(resolveBaseImage('node:99').kind).toBe('unknown');
    expect(resolveBaseImage('local/busybox:1').kind).toBe('unknown');
    expect(resolveBaseImage('Node:20').kind).toBe('invalid');
  });

  test('gcr.io and mcr.microsoft.com images resolve by their full names', () => {
    expect(findCatalogImage('gcr.io/distroless/static-debian12')?.record.os).toBe('distroless');
    expect(findCatalogImage('gcr.io/distroless/static-debian12:nonroot')?.record.os).toBe('distroless');
    expect(findCatalogImage('mcr.microsoft.com/dotnet/sdk:8.0')?.sizeBytes).toBe(823_543_661);
  });
});

describe('every catalog image has an on-disk size', () => {
  test('a sourced on-disk figure is used as is and not flagged', () => {
    const image = findCatalogImage('eclipse-temurin:17-jdk');
    expect(image?.sizeBytes).toBe(455_210_000);
    expect(image?.size).toMatchObject({ estimated: false, basis: 'on-disk' });
  });

  test('a missing on-disk figure is the compressed size times the cited median ratio, flagged', () => {
    const image = findCatalogImage('node:20');
    expect(image?.size.basis).toBe('from-compressed');
    expect(image?.size.estimated).toBe(true);
    expect(image?.sizeBytes).toBe(Math.round(397_742_964 * ON_DISK_PER_COMPRESSED));
    expect(image?.size.source).toMatch(/size-facts\.md §5/);
  });

  test('an image with no figure at all uses a named proxy, flagged', () => {
    const image = findCatalogImage('gcr.io/distroless/java17-debian12');
    expect(image?.size).toMatchObject({ estimated: true, basis: 'proxy' });
    expect(image?.sizeBytes).toBe(200_000_000);
  });

  test('rounded source figures are flagged as estimates', () => {
    expect(findCatalogImage('gcr.io/distroless/static-debian12')?.size.estimated).toBe(true);
  });

  test('scratch weighs nothing and has no layers', () => {
    const scratch = listCatalogImages().find((image) => image.record.os === 'scratch');
    expect(scratch?.sizeBytes).toBe(0);
    expect(scratch?.layerCount).toBe(0);
  });

  test('layer counts come from the records, and missing ones are flagged', () => {
    expect(findCatalogImage('maven:3.9-eclipse-temurin-17')?.layerCount).toBe(10);
    const dotnet = findCatalogImage('mcr.microsoft.com/dotnet/aspnet:8.0');
    expect(dotnet?.layerCountEstimated).toBe(true);
  });
});

describe('unknown images get a flagged estimate with the rule that chose it', () => {
  test('another tag of the same repository and variant is the nearest estimate', () => {
    const estimate = estimateUnknownImage(ref('node:22-alpine'));
    expect(estimate.basedOn.record.tag).toBe('20-alpine');
    expect(estimate.size).toMatchObject({ estimated: true, basis: 'nearest-tag' });
  });

  test.each([
    ['example/app:1.0-alpine', 'alpine', '3.7'],
    ['example/app:1.0-slim', 'debian', 'bookworm-slim'],
    ['example.com/distroless/static', 'gcr.io/distroless/static-debian12', 'latest'],
    ['example/app:chiseled', 'mcr.microsoft.com/dotnet/runtime-deps', '8.0-jammy-chiseled'],
    ['example/app', 'debian', 'stretch'],
  ])('%s is estimated from %s:%s by its name', (text, image, tag) => {
    const estimate = estimateUnknownImage(ref(text));
    expect(estimate.basedOn.record.image).toBe(image);
    expect(estimate.basedOn.record.tag).toBe(tag);
    expect(estimate.size.basis).toBe('name-pattern');
    expect(estimate.rule.length).toBeGreaterThan(0);
  });

  test('loadBaseImage reports unknown images as not found unless asked to estimate', () => {
    expect(loadBaseImage('example/app:1').kind).toBe('not-found');
    const estimated = loadBaseImage('example/app:1', { estimateUnknown: true });
    expect(estimated.kind).toBe('estimated');
    expect(estimated.kind === 'estimated' && estimated.skeleton.size.estimated).toBe(true);
  });
});

describe('nearest-tag estimates keep JDK and JRE apart', () => {
  test('eclipse-temurin:21-jdk is estimated from the 17 JDK, not the 21 JRE', () => {
    const result = normalizeImageReference('eclipse-temurin:21-jdk');
    if (!result.ok) throw new Error(result.error.message);
    expect(estimateUnknownImage(result.ref).basedOn.record.tag).toBe('17-jdk');
  });
});
