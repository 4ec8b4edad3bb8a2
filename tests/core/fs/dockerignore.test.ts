import { describe, expect, test } from 'vitest';
import { createBuildContext, DockerignoreMatcher, parseDockerignore } from '../../../src/core/fs/index.ts';

const ignored = (text: string, path: string): boolean => DockerignoreMatcher.fromText(text).isIgnored(path);

describe('.dockerignore parsing', () => {
  test('comments, blank lines and surrounding spaces are dropped; a leading / is ignored; paths are cleaned', () => {
    const patterns = parseDockerignore('# comment\n\n  node_modules  \n/build/\n!./keep//me\n');
    expect(patterns.map((p) => [p.pattern, p.exclusion, p.line])).toEqual([
      ['node_modules', false, 3],
      ['build', false, 4],
      ['keep/me', true, 5],
    ]);
  });
});

describe('.dockerignore matching (moby/patternmatcher rules)', () => {
  test('a plain name matches only at the context root', () => {
    expect(ignored('node_modules', 'node_modules/x/y.js')).toBe(true);
    expect(ignored('node_modules', 'app/node_modules/x.js')).toBe(false);
  });

  test('* and ? stay inside one segment', () => {
    expect(ignored('*.log', 'a.log')).toBe(true);
    expect(ignored('*.log', 'logs/a.log')).toBe(false);
    expect(ignored('*/*.log', 'logs/a.log')).toBe(true);
    expect(ignored('?.txt', 'a.txt')).toBe(true);
    expect(ignored('?.txt', 'ab.txt')).toBe(false);
  });

  test('** spans any number of directories, including none', () => {
    expect(ignored('**/*.log', 'a.log')).toBe(true);
    expect(ignored('**/*.log', 'x/y/z/a.log')).toBe(true);
    expect(ignored('src/**', 'src/a/b.c')).toBe(true);
    expect(ignored('src/**/test', 'src/test')).toBe(true);
    expect(ignored('src/**/test', 'src/a/b/test/x.go')).toBe(true);
  });

  test('excluding a directory excludes everything under it', () => {
    expect(ignored('build', 'build/out/app.jar')).toBe(true);
  });

  test('! re-includes, and the last matching pattern wins', () => {
    const text = '*.md\n!README.md\n';
    expect(ignored(text, 'CHANGES.md')).toBe(true);
    expect(ignored(text, 'README.md')).toBe(false);
    expect(ignored('!README.md\n*.md\n', 'README.md')).toBe(true);
  });

  test('a file re-included below an excluded directory is kept', () => {
    expect(ignored('docs\n!docs/keep.md\n', 'docs/keep.md')).toBe(false);
    expect(ignored('docs\n!docs/keep.md\n', 'docs/other.md')).toBe(true);
  });

  test('character classes and escapes work; a malformed class matches nothing', () => {
    expect(ignored('[ab].txt', 'a.txt')).toBe(true);
    expect(ignored('[^ab].txt', 'a.txt')).toBe(false);
    expect(ignored('[^ab].txt', 'c.txt')).toBe(true);
    expect(ignored('a\\*b', 'a*b')).toBe(true);
    expect(ignored('a\\*b', 'axb')).toBe(false);
    expect(ignored('[z-a', 'x')).toBe(false);
  });

  test('dots are literal, not regex wildcards', () => {
    expect(ignored('a.txt', 'abtxt')).toBe(false);
  });
});

describe('build context', () => {
  test('ignored files are not visible to COPY, and Dockerfile can be ignored too', () => {
    const ctx = createBuildContext({
      Dockerfile: 'FROM scratch\n',
      '.dockerignore': 'Dockerfile\n.dockerignore\n*.log\nsecrets/\n!secrets/public.pem\n',
      'app.js': 'x',
      'debug.log': 'y',
      'secrets/key.pem': 'k',
      'secrets/public.pem': 'p',
    });
    expect(ctx.fs.list('/')).toEqual({ ok: true, value: ['app.js', 'secrets'] });
    expect(ctx.fs.list('/secrets')).toEqual({ ok: true, value: ['public.pem'] });
    expect(ctx.ignoredPaths).toEqual(['.dockerignore', 'Dockerfile', 'debug.log', 'secrets/key.pem']);
    expect(ctx.allFs.stat('/debug.log')?.type).toBe('file');
    expect(ctx.isIgnored('debug.log')).toBe(true);
  });

  test('context files are owned by root with default modes 0644 and 0755', () => {
    const ctx = createBuildContext({ 'src/a.txt': 'a' });
    expect(ctx.fs.stat('/src')).toMatchObject({ type: 'dir', mode: 0o755, uid: 0, gid: 0 });
    expect(ctx.fs.stat('/src/a.txt')).toMatchObject({ type: 'file', mode: 0o644, size: 1 });
  });
});
