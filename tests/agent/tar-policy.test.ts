import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { readTar, writeTar } from '../../src/agent/tar.ts';
import { checkDockerfilePolicy } from '../../src/agent/policy.ts';
import { checkAllowedOrigin } from '../../src/agent/config.ts';

const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s));

describe('the ustar writer', () => {
  test('writes only files (0644/0755) and their folders (0755), owned by 0:0, sorted, with the bytes intact', () => {
    const tar = writeTar([
      { path: 'src/b.txt', content: bytes('bee\n') },
      { path: 'run.sh', content: bytes('#!/bin/sh\n'), executable: true },
      { path: 'Dockerfile', content: bytes('FROM scratch\n') },
    ]);
    expect(tar.length % 512).toBe(0);
    const entries = readTar(tar);
    expect(entries.map((e) => [e.name, e.type, e.mode.toString(8)])).toEqual([
      ['Dockerfile', '0', '644'],
      ['run.sh', '0', '755'],
      ['src/', '5', '755'],
      ['src/b.txt', '0', '644'],
    ]);
    expect(entries.every((e) => e.uid === 0 && e.gid === 0)).toBe(true);
    expect(Buffer.from(entries[3]?.content ?? []).toString()).toBe('bee\n');
  });
  test('long paths go through the ustar prefix field', () => {
    const long = `${'d'.repeat(60)}/${'e'.repeat(60)}/${'f'.repeat(60)}`;
    const entries = readTar(writeTar([{ path: long, content: bytes('x') }]));
    expect(entries.at(-1)?.name).toBe(long);
  });
  test('refuses a path outside the grammar instead of writing it', () => {
    expect(() => writeTar([{ path: '../etc/passwd', content: bytes('') }])).toThrow();
    expect(() => writeTar([{ path: '/abs', content: bytes('') }])).toThrow();
  });
  test('any accepted file list round-trips: names, bytes, only types 0 and 5', () => {
    const segment = fc.stringMatching(/^[a-z0-9_-]{1,10}$/);
    fc.assert(
      fc.property(fc.uniqueArray(fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/')), { maxLength: 8 }), fc.string(), (paths, text) => {
        const files = paths.filter((p) => !paths.some((q) => q.startsWith(`${p}/`)));
        const entries = readTar(writeTar(files.map((p) => ({ path: p, content: bytes(`${p}:${text}`) }))));
        expect(entries.every((e) => e.type === '0' || e.type === '5')).toBe(true);
        for (const p of files) expect(Buffer.from(entries.find((e) => e.name === p)?.content ?? []).toString()).toBe(`${p}:${text}`);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the Dockerfile policy', () => {
  const refused = [
    '# syntax=docker/dockerfile:1\nFROM a\n',
    '# SYNTAX = x\nFROM a\n',
    '#syntax=x\n# escape=`\nFROM a\n',
    'FROM a\nADD https://example.com/x /x\n',
    'FROM a\nADD http://169.254.169.254/latest/meta-data /m\n',
    'FROM a\nADD git@github.com:moby/moby.git /src\n',
    'FROM a\nADD github.com/moby/moby /src\n',
    'FROM a\nADD ["https://example.com/x", "/x"]\n',
    'FROM a\nRUN --mount=type=secret,id=x cat /run/secrets/x\n',
    'FROM a\nRUN --mount=target=/x,type=ssh true\n',
    'FROM a\nRUN --network=host true\n',
    'FROM a\nRUN --security=insecure true\n',
    'ARG BUILDKIT_SYNTAX=evil/frontend\nFROM a\n',
    'FROM a\nONBUILD ADD https://example.com/x /x\n',
  ];
  for (const dockerfile of refused) {
    test(`refuses ${JSON.stringify(dockerfile)}`, () => {
      expect(checkDockerfilePolicy(dockerfile).length).toBeGreaterThan(0);
    });
  }
  test('accepts plain FROM/RUN/COPY/ADD of context files, cache and bind mounts', () => {
    const ok = 'FROM local/busybox:1 AS build\nRUN --mount=type=cache,target=/c echo hi\nCOPY . /src\nADD a.tar.gz /x\nFROM scratch\nCOPY --from=build /src /src\n# syntax=late comment is not a directive\n';
    expect(checkDockerfilePolicy(ok)).toEqual([]);
  });
});

describe('allowed origins', () => {
  test('exact https origins and loopback http with a port only', () => {
    expect(checkAllowedOrigin('https://stagecraft.dev')).toEqual({ origin: 'https://stagecraft.dev' });
    expect(checkAllowedOrigin('http://localhost:4321')).toEqual({ origin: 'http://localhost:4321' });
    for (const bad of ['*', 'https://*.stagecraft.dev', 'http://example.com', 'https://stagecraft.dev/', 'http://localhost', 'file:///x', 'null']) {
      expect('error' in checkAllowedOrigin(bad), bad).toBe(true);
    }
  });
});
