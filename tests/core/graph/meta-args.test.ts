import { describe, expect, test } from 'vitest';
import { parseDockerfile } from '../../../src/core/dockerfile/parser.ts';
import { expandBaseName, expandInMetaScope, resolveMetaArgs } from '../../../src/core/graph/meta-args.ts';

describe('meta ARGs (the global scope FROM lines see)', () => {
  test('a build arg wins over a default, and a default expands with the args before it', () => {
    const df = parseDockerfile('ARG IMG=alpine\nARG REF=${IMG}:3.19\nFROM $REF\n');
    expect(resolveMetaArgs(df, { automatic: 'none', rejectedWord: 'lexer' }).values.get('REF')).toBe('alpine:3.19');
    const overridden = resolveMetaArgs(df, { automatic: 'none', buildArgs: { IMG: 'busybox' }, rejectedWord: 'lexer' });
    expect(overridden.values.get('REF')).toBe('busybox:3.19');
    expect(overridden.setByBuildArg).toBe(true);
  });

  test('defaultsOnly ignores build args for meta ARGs but the newest automatic args still take theirs', () => {
    const df = parseDockerfile('ARG IMG=alpine\nFROM $IMG\n');
    const scope = resolveMetaArgs(df, {
      automatic: 'newest',
      buildArgs: { IMG: 'busybox', TARGETPLATFORM: 'linux/arm64' },
      defaultsOnly: true,
      rejectedWord: 'lexer',
    });
    expect(scope.values.get('IMG')).toBe('alpine');
    expect(scope.values.get('TARGETPLATFORM')).toBe('linux/arm64');
  });

  test('Engine 20.10 BuildKit has 8 fixed platform args; the newest adds *OSVERSION and TARGETSTAGE; legacy has none', () => {
    const df = parseDockerfile('FROM busybox AS final\n');
    const old = resolveMetaArgs(df, { automatic: 'engine-20.10', buildArgs: { TARGETPLATFORM: 'linux/arm64' }, rejectedWord: 'as-written' });
    expect(old.values.size).toBe(8);
    expect(old.values.get('TARGETPLATFORM')).toBe('linux/amd64');
    const newest = resolveMetaArgs(df, { automatic: 'newest', targetStage: '', rejectedWord: 'lexer' });
    expect([...newest.values.keys()]).toContain('TARGETOSVERSION');
    expect(newest.values.get('TARGETSTAGE')).toBe('default');
    expect(resolveMetaArgs(df, { automatic: 'none', rejectedWord: 'lexer' }).values.size).toBe(0);
  });

  test('a default the lexer rejects is empty for the linter and kept as written for the graph', () => {
    const df = parseDockerfile('ARG X=${Y\nFROM busybox:$X\n');
    const lint = resolveMetaArgs(df, { automatic: 'none', rejectedWord: 'lexer' });
    expect(lint.values.get('X')).toBe('');
    expect(lint.expandedCleanly).toBe(false);
    expect(resolveMetaArgs(df, { automatic: 'none', rejectedWord: 'as-written' }).values.get('X')).toBe('${Y');
  });

  test('FROM words report the names they found and did not find, and ${VAR:-x} counts VAR', () => {
    const r = expandInMetaScope('${IMG:-alpine}:$TAG', new Map([['TAG', '1']]), '\\');
    expect(r.value).toBe('alpine:1');
    expect([...r.unmatched]).toEqual(['IMG']);
    expect([...r.matched]).toEqual(['TAG']);
  });

  test('the graph trims a base name and keeps a word the lexer rejects as written', () => {
    expect(expandBaseName('${B}', new Map([['B', ' busybox ']]), '\\')).toBe('busybox');
    expect(expandBaseName('busybox:${X', new Map(), '\\')).toBe('busybox:${X');
  });
});
