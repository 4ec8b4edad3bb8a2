import { describe, expect, test } from 'vitest';
import { isScratchReference, normalizeImageReference } from '../../../src/core/size/index.ts';

function canonical(text: string): string {
  const result = normalizeImageReference(text);
  if (!result.ok) throw new Error(`${text}: ${result.error.message}`);
  return result.ref.canonical;
}

describe('image references are normalised the way Docker names images', () => {
  test.each([
    ['node', 'docker.io/library/node:latest'],
    ['node:20', 'docker.io/library/node:20'],
    ['library/node:20', 'docker.io/library/node:20'],
    ['docker.io/node:20', 'docker.io/library/node:20'],
    ['docker.io/library/node:20', 'docker.io/library/node:20'],
    ['index.docker.io/library/node:20', 'docker.io/library/node:20'],
    ['local/busybox:1', 'docker.io/local/busybox:1'],
    ['localhost/app', 'localhost/app:latest'],
    ['localhost:5000/team/app:v1.2', 'localhost:5000/team/app:v1.2'],
    ['gcr.io/distroless/static-debian12', 'gcr.io/distroless/static-debian12:latest'],
    ['mcr.microsoft.com/dotnet/sdk:8.0', 'mcr.microsoft.com/dotnet/sdk:8.0'],
  ])('%s becomes %s', (text, expected) => {
    expect(canonical(text)).toBe(expected);
  });

  test('a digest is kept aside and the tag defaults to latest for size lookups', () => {
    const result = normalizeImageReference(`node@sha256:${'a'.repeat(64)}`);
    expect(result.ok && result.ref.digest).toBe(`sha256:${'a'.repeat(64)}`);
    expect(result.ok && result.ref.canonical).toBe('docker.io/library/node:latest');
  });

  test('a tag and a digest together keep the tag', () => {
    const result = normalizeImageReference(`node:20-alpine@sha256:${'b'.repeat(64)}`);
    expect(result.ok && result.ref.canonical).toBe('docker.io/library/node:20-alpine');
  });

  test('an explicit tag is not marked as implied, a missing one is', () => {
    const implied = normalizeImageReference('alpine');
    const written = normalizeImageReference('alpine:latest');
    expect(implied.ok && implied.ref.tagImplied).toBe(true);
    expect(written.ok && written.ref.tagImplied).toBe(false);
  });

  test('a leading --platform word is recorded, not treated as the name', () => {
    const result = normalizeImageReference('--platform=linux/arm64 node:20');
    expect(result.ok && result.ref.platform).toBe('linux/arm64');
    expect(result.ok && result.ref.canonical).toBe('docker.io/library/node:20');
  });

  test('uppercase repository names are rejected with the engine message', () => {
    const result = normalizeImageReference('Local/Busybox:1');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toBe('invalid reference format: repository name must be lowercase');
  });

  test.each(['node:', 'node:-bad', 'node@sha256:abc', 'a//b', ''])('%j is not a valid reference', (text) => {
    expect(normalizeImageReference(text).ok).toBe(false);
  });

  test('familiar names drop docker.io and library/ as the CLI prints them', () => {
    const official = normalizeImageReference('docker.io/library/node:20');
    const user = normalizeImageReference('local/busybox:1');
    expect(official.ok && official.ref.familiarName).toBe('node');
    expect(user.ok && user.ref.familiarName).toBe('local/busybox');
  });

  test('only the exact word scratch names the empty image', () => {
    expect(isScratchReference('scratch')).toBe(true);
    expect(isScratchReference('scratch:latest')).toBe(false);
    expect(isScratchReference('library/scratch')).toBe(false);
  });
});
