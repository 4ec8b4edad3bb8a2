// Every expectation here is the answer of Docker Engine 20.10.24 on this machine, probed offline:
// `docker tag local/busybox:1 <ref>` then `docker image ls --format '{{.Repository}}:{{.Tag}}'`,
// `DOCKER_BUILDKIT=0 docker build` of `FROM <ref>`, and `docker build -t <name>`. Where the old
// copies of the parser disagreed, the test says which one the engine proved wrong.
import { describe, expect, test } from 'vitest';
import { familiarString, parseNormalizedNamed, referenceString, tagNameOnly } from '../../../src/core/image-ref/reference.ts';
import { isValidImageRef, normalizeImageRef } from '../../../src/core/graph/image-ref.ts';
import { normalizeImageReference } from '../../../src/core/size/image-reference.ts';
import { parseImageReference } from '../../../src/core/lint/image-reference.ts';
import { withLatest } from '../../../src/core/terminal/image-store.ts';
import { qualifiedName } from '../../../src/core/build/events.ts';

const HEX64 = 'a'.repeat(64);
const BUSYBOX_ID = '82f37c143231794566437d84d60655e4b96b85b13d471cc1c053fba38c5ed8da';

function errorOf(text: string): { kind: string; message: string } | undefined {
  const parsed = parseNormalizedNamed(text);
  return parsed.ok ? undefined : parsed.error;
}

describe('ParseNormalizedNamed as Engine 20.10 reads it', () => {
  test.each([
    ['busybox', 'docker.io/library/busybox'],
    ['library/busybox:1', 'docker.io/library/busybox:1'],
    ['docker.io/library/busybox:latest', 'docker.io/library/busybox:latest'],
    ['docker.io/busybox', 'docker.io/library/busybox'],
    ['local/busybox:1', 'docker.io/local/busybox:1'],
    ['localhost/x', 'localhost/x'],
    ['localhost:5000/x', 'localhost:5000/x'],
    ['myhost:5000/x', 'myhost:5000/x'],
    ['ghcr.io/o/r@sha256:' + HEX64, 'ghcr.io/o/r@sha256:' + HEX64],
  ])('%s is %s', (text, full) => {
    const parsed = parseNormalizedNamed(text);
    expect(parsed.ok && referenceString(parsed.ref)).toBe(full);
  });

  // Old size copy: an uppercase first component was a registry host (a later distribution rule),
  // so `Local/busybox:1` was valid there and invalid in the graph. The 20.10 daemon refuses it.
  test('an uppercase first component is not a host: Local/busybox:1 and LOCALHOST/busybox:1 are refused', () => {
    for (const text of ['Local/busybox:1', 'LOCALHOST/busybox:1']) {
      expect(errorOf(text)).toEqual({ kind: 'uppercase', message: 'invalid reference format: repository name must be lowercase' });
      expect(isValidImageRef(text)).toBe(false);
      expect(normalizeImageReference(text).ok).toBe(false);
      expect(parseImageReference(text)).toBeUndefined();
    }
  });

  test('a host with a dot keeps its uppercase letters: docker image ls shows Example.com/x:1', () => {
    const parsed = parseNormalizedNamed('Example.com/x:1');
    expect(parsed.ok && familiarString(parsed.ref)).toBe('Example.com/x:1');
    expect(isValidImageRef('Example.com/busybox:1')).toBe(true);
    expect(errorOf('example.com/X:1')?.kind).toBe('uppercase');
  });

  // Old graph copy and qualifiedName: index.docker.io stayed a separate registry.
  test('index.docker.io is Docker Hub (listed as probe1:1), but Index.docker.io is another host', () => {
    expect(withLatest('index.docker.io/probe1:1')).toBe('probe1:1');
    expect(withLatest('index.docker.io/library/probe2:1')).toBe('probe2:1');
    expect(normalizeImageRef('index.docker.io/local/busybox:1')).toBe('docker.io/local/busybox:1');
    expect(normalizeImageRef('Index.docker.io/local/busybox:1')).toBe('Index.docker.io/local/busybox:1');
    expect(qualifiedName('index.docker.io/x/probe13')).toBe('docker.io/x/probe13');
  });

  // Old graph copy accepted a 64-hex name.
  test('a bare 64-hex name is refused, docker.io/library/<64 hex> is an ordinary name', () => {
    expect(errorOf(HEX64)).toEqual({ kind: 'invalid', message: `invalid repository name (${HEX64}), cannot specify 64-byte hexadecimal strings` });
    expect(isValidImageRef(HEX64)).toBe(false);
    expect(withLatest(`docker.io/library/${HEX64}`)).toBe(`${HEX64}:latest`);
  });

  // Old size copy accepted bracketed IPv6 hosts (a later distribution grammar).
  test('an IPv6 host is an invalid reference format in 20.10', () => {
    expect(errorOf('[::1]:5000/busybox:1')).toEqual({ kind: 'invalid', message: 'invalid reference format' });
    expect(normalizeImageReference('[::1]:5000/busybox:1').ok).toBe(false);
  });

  // Old size and graph copies accepted any 32+ hex digest; go-digest checks algorithm and length.
  test('digests are checked like go-digest: known algorithm, exact length, lowercase hex', () => {
    expect(errorOf(`local/busybox@sha256:${'a'.repeat(32)}`)?.message).toBe('invalid checksum digest length');
    expect(errorOf(`local/busybox@md5:${'a'.repeat(32)}`)?.message).toBe('unsupported digest algorithm');
    expect(errorOf(`local/busybox@sha256:${HEX64.toUpperCase()}`)?.message).toBe('invalid checksum digest format');
  });

  // Old size copy prefixed this with "invalid reference format: ".
  test('a name over 255 characters gets the engine message as is', () => {
    expect(errorOf(`local/${'a'.repeat(250)}`)).toEqual({ kind: 'invalid', message: 'repository name must not be more than 255 characters' });
  });

  test('a digest stays next to the tag: FROM local/busybox:1@sha256:<its id> pulls instead of using the local tag', () => {
    const ref = `local/busybox:1@sha256:${BUSYBOX_ID}`;
    expect(normalizeImageRef(ref)).toBe(`docker.io/local/busybox:1@sha256:${BUSYBOX_ID}`);
    expect(normalizeImageRef(ref)).not.toBe(normalizeImageRef('local/busybox:1'));
    const parsed = parseNormalizedNamed(`local/busybox@sha256:${BUSYBOX_ID}`);
    expect(parsed.ok && referenceString(tagNameOnly(parsed.ref))).toBe(`docker.io/local/busybox@sha256:${BUSYBOX_ID}`);
  });
});

describe('the callers keep their own forms', () => {
  // Old qualifiedName left docker.io/probe3 without library/.
  test('BuildKit names -t tags in full without adding latest', () => {
    expect(qualifiedName('oracle-0')).toBe('docker.io/library/oracle-0');
    expect(qualifiedName('docker.io/probe3')).toBe('docker.io/library/probe3');
    expect(qualifiedName('probe15:V1')).toBe('docker.io/library/probe15:V1');
    expect(qualifiedName('localhost:5000/app')).toBe('localhost:5000/app');
  });

  // `docker build -t docker.io/probe3 -t index.docker.io/x/probe13 -t Example.com/probe14 -t probe15:V1`
  // printed "Successfully tagged probe3:latest", "x/probe13:latest", "Example.com/probe14:latest", "probe15:V1".
  test('the playground image store lists tags familiar and with latest, as docker build -t stores them', () => {
    expect(withLatest('docker.io/probe3')).toBe('probe3:latest');
    expect(withLatest('index.docker.io/x/probe13')).toBe('x/probe13:latest');
    expect(withLatest('Example.com/probe14')).toBe('Example.com/probe14:latest');
    expect(withLatest('probe15:V1')).toBe('probe15:V1');
    expect(withLatest('library/probe4:t')).toBe('probe4:t');
    expect(withLatest('localhost:5000/probe6:V1')).toBe('localhost:5000/probe6:V1');
    expect(withLatest('myhost:5000/probe7')).toBe('myhost:5000/probe7:latest');
  });

  test('the linter reads familiar repositories and only the tag that was written', () => {
    expect(parseImageReference('docker.io/library/node:20')).toEqual({ repository: 'node', tag: '20' });
    expect(parseImageReference('index.docker.io/library/node')).toEqual({ repository: 'node' });
    expect(parseImageReference(' node')).toBeUndefined();
    expect(parseImageReference('--platform=linux/amd64 node')).toBeUndefined();
  });

  test('the size catalog keys by name:tag and keeps the error kinds', () => {
    const sized = normalizeImageReference('--platform=linux/arm64 index.docker.io/library/node:20');
    expect(sized.ok && [sized.ref.canonical, sized.ref.familiarName, sized.ref.platform]).toEqual(['docker.io/library/node:20', 'node', 'linux/arm64']);
    expect(!normalizeImageReference('  ').ok && normalizeImageReference('  ')).toMatchObject({ error: { kind: 'empty' } });
  });
});

describe('the reference pattern in a backtracking engine', () => {
  // Go's RE2 is linear; the JavaScript pattern must not backtrack exponentially on names that do
  // not match (the editor parses every FROM on each keystroke). Before the fix, each extra letter
  // here multiplied the time by about 3.4, and 30 letters took minutes.
  test('a long name that fails to match is rejected at once', () => {
    const started = Date.now();
    for (const name of ['a'.repeat(40) + '!', 'mcr.microsoft.com/devcontainers/' + 'b'.repeat(60) + ':${VARIANT}', 'x'.repeat(200) + '-']) {
      expect(parseNormalizedNamed(name).ok).toBe(false);
    }
    expect(Date.now() - started).toBeLessThan(1000);
  });
  test('dashes, dots and underscores still separate path components as in Go', () => {
    for (const ok of ['a-b', 'a--b', 'a.b', 'a_b', 'a__b', 'ab9-c_d.e']) expect(parseNormalizedNamed(`x/${ok}`).ok).toBe(true);
    for (const bad of ['a-', '-a', 'a_', 'a___b', 'a..b', 'a._b']) expect(parseNormalizedNamed(`x/${bad}`).ok).toBe(false);
  });
});
