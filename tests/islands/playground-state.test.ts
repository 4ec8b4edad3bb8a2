import { describe, expect, test } from 'vitest';
import { checkNewPath, initialState, reducePlayground, DOCKERFILE_PATH } from '../../src/islands/playground-state.ts';
import { formatBuildArgs, parseBuildArgs } from '../../src/islands/build-args.ts';
import type { Scenario } from '../../src/core/session/scenario.ts';

const scenario: Scenario = {
  dockerfile: 'FROM busybox\n',
  files: { 'src/a.txt': 'a', '.dockerignore': '' },
  settings: { builder: 'buildkit', target: '', buildArgs: {}, noCache: false },
};

describe('editing the build context', () => {
  test('adding a file opens it; a clashing or escaping path is refused with a message', () => {
    const s1 = reducePlayground(initialState(scenario), { type: 'file.add', path: './src//b.txt' });
    expect(s1.scenario.files['src/b.txt']).toBe('');
    expect(s1.activePath).toBe('src/b.txt');
    const s2 = reducePlayground(s1, { type: 'file.add', path: 'src' });
    expect(s2.scenario.files).toEqual(s1.scenario.files);
    expect(s2.status).toContain('clash');
    expect(reducePlayground(s1, { type: 'file.add', path: '../x' }).status).toContain('no ..');
    expect(reducePlayground(s1, { type: 'file.add', path: 'Dockerfile' }).status).toContain('already part');
  });
  test('renaming keeps the content and follows the open file; deleting falls back to the Dockerfile', () => {
    const open = reducePlayground(initialState(scenario), { type: 'file.open', path: 'src/a.txt' });
    const renamed = reducePlayground(open, { type: 'file.rename', from: 'src/a.txt', to: 'lib/a.txt' });
    expect(renamed.scenario.files).toEqual({ 'lib/a.txt': 'a', '.dockerignore': '' });
    expect(renamed.activePath).toBe('lib/a.txt');
    const deleted = reducePlayground(renamed, { type: 'file.delete', path: 'lib/a.txt' });
    expect(deleted.activePath).toBe(DOCKERFILE_PATH);
    expect(Object.keys(deleted.scenario.files)).toEqual(['.dockerignore']);
  });
  test('an edit that changes nothing returns the same state (no re-analysis)', () => {
    const s = initialState(scenario);
    expect(reducePlayground(s, { type: 'file.edit', path: DOCKERFILE_PATH, text: 'FROM busybox\n' })).toBe(s);
    expect(reducePlayground(s, { type: 'file.edit', path: 'nope.txt', text: 'x' })).toBe(s);
  });
  test('a replaced scenario keeps the open file only if it still exists', () => {
    const open = reducePlayground(initialState(scenario), { type: 'file.open', path: 'src/a.txt' });
    const replaced = reducePlayground(open, { type: 'scenario.replace', scenario: { ...scenario, files: {} } });
    expect(replaced.activePath).toBe(DOCKERFILE_PATH);
  });
  test('checkNewPath allows renaming a file to itself', () => {
    expect(checkNewPath(scenario, 'src/a.txt', 'src/a.txt')).toEqual({ ok: true, path: 'src/a.txt' });
  });
});

describe('the build-args field', () => {
  test('parses quoted values and ignores words without =', () => {
    expect(parseBuildArgs('A=1 B="two words" C=\'x y\' D= junk')).toEqual({ A: '1', B: 'two words', C: 'x y', D: '' });
  });
  test('formats values back so they parse to the same record', () => {
    const args = { A: '1', B: 'two words', D: '' };
    expect(parseBuildArgs(formatBuildArgs(args))).toEqual(args);
  });
});
