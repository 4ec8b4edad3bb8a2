import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { dumpBuildkitAst } from '../../../src/core/dockerfile/dump.ts';
import { parseDockerfile } from '../../../src/core/dockerfile/parser.ts';

// BuildKit's own parser fixtures (frontend/dockerfile/parser/testfiles*), copied unchanged into the
// shared conformance directory that sits beside the repository (see its SOURCE.md).
const fixtureRoot = path.resolve(__dirname, '../../../../shared/conformance/buildkit-parser');

const positive = readdirSync(fixtureRoot)
  .filter((name) => existsSync(path.join(fixtureRoot, name, 'result')))
  .sort();
const negative = readdirSync(path.join(fixtureRoot, 'testfiles-negative')).sort();

function read(...parts: string[]): string {
  return readFileSync(path.join(fixtureRoot, ...parts), 'utf8');
}

describe('BuildKit parser fixtures (TestParseCases)', () => {
  test('all 31 positive fixture directories are present', () => {
    expect(positive.length).toBeGreaterThanOrEqual(31);
  });

  test.each(positive)('%s dumps exactly as its result file', (name) => {
    const dockerfile = parseDockerfile(read(name, 'Dockerfile'));
    expect(dumpBuildkitAst(dockerfile)).toBe(read(name, 'result'));
  });
});

describe('BuildKit negative fixtures (TestParseErrorCases)', () => {
  test.each(negative)('%s is rejected with an error diagnostic', (name) => {
    const dockerfile = parseDockerfile(read('testfiles-negative', name, 'Dockerfile'));
    expect(dockerfile.diagnostics.filter((d) => d.severity === 'error')).not.toEqual([]);
  });

  test.each([
    ['empty_dockerfile', 'the Dockerfile cannot be empty'],
    ['env_no_value', 'ENV must have two arguments'],
    ['only_comments', 'file with no instructions'],
    ['shykes-nested-json', 'when using JSON array syntax, arrays must be comprised of strings only'],
  ])('%s gives the message BuildKit gives: %s', (name, message) => {
    const dockerfile = parseDockerfile(read('testfiles-negative', name, 'Dockerfile'));
    const errors = dockerfile.diagnostics.filter((d) => d.severity === 'error').map((d) => d.engineMessage);
    expect(errors).toContain(message);
  });
});

describe('BuildKit line numbers (TestParseIncludesLineNumbers)', () => {
  test('testfile-line gives the documented start and end lines', () => {
    const dockerfile = parseDockerfile(read('testfile-line', 'Dockerfile'));
    expect(dockerfile.nodes.map((node) => [node.startLine, node.endLine])).toEqual([
      [5, 5],
      [11, 12],
      [17, 31],
    ]);
  });
});
