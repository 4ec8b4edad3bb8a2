import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseDockerfile } from '../../../src/core/dockerfile/parser.ts';

// 887 real Dockerfiles beside the repository, and what BuildKit's own parser made of each one
// (shared/corpus/BUILDKIT-COUNTS.tsv: keywords in order, their start lines, the error if any).
const corpusRoot = path.resolve(__dirname, '../../../../shared/corpus');

interface Expected {
  readonly file: string;
  readonly error: string;
  readonly keywords: string;
  readonly startLines: string;
}

function loadExpectations(): Expected[] {
  const [header, ...rows] = readFileSync(path.join(corpusRoot, 'BUILDKIT-COUNTS.tsv'), 'utf8').trimEnd().split('\n');
  const columns = (header ?? '').split('\t');
  const at = (name: string): number => columns.indexOf(name);
  return rows.map((row) => {
    const cells = row.split('\t');
    return {
      file: cells[at('file')] ?? '',
      error: cells[at('error')] ?? '',
      keywords: cells[at('keywords')] ?? '',
      startLines: cells[at('start_lines')] ?? '',
    };
  });
}

/** Describes where two space-separated lists first differ, for a readable failure. */
function firstDifference(label: string, actual: string, expected: string): string {
  const a = actual.split(' ');
  const b = expected.split(' ');
  let i = 0;
  while (i < Math.max(a.length, b.length) && a[i] === b[i]) i++;
  return `${label} differ at item ${i + 1}: got ${JSON.stringify(a.slice(i, i + 4))}, BuildKit ${JSON.stringify(b.slice(i, i + 4))} (${a.length} vs ${b.length} items)`;
}

describe('the shared corpus against BuildKit-COUNTS.tsv', () => {
  const expectations = loadExpectations();

  test('the expectation table lists all 887 corpus files', () => {
    expect(expectations.length).toBe(887);
  });

  test('every file parses without an exception, with BuildKit keywords and start lines', () => {
    const mismatches: string[] = [];
    for (const expected of expectations) {
      const text = readFileSync(path.join(corpusRoot, 'dockerfiles', expected.file), 'utf8');
      let dockerfile;
      try {
        dockerfile = parseDockerfile(text);
      } catch (error) {
        mismatches.push(`${expected.file}: threw ${String(error)}`);
        continue;
      }
      if (expected.error !== '') {
        if (!dockerfile.diagnostics.some((d) => d.severity === 'error')) {
          mismatches.push(`${expected.file}: BuildKit fails with "${expected.error}" but there is no error diagnostic`);
        }
        continue;
      }
      const keywords = dockerfile.nodes.map((node) => node.keyword.toUpperCase()).join(' ');
      const startLines = dockerfile.nodes.map((node) => node.startLine).join(' ');
      if (keywords !== expected.keywords) mismatches.push(`${expected.file}: ${firstDifference('keywords', keywords, expected.keywords)}`);
      if (startLines !== expected.startLines) {
        mismatches.push(`${expected.file}: ${firstDifference('start lines', startLines, expected.startLines)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  test('only BuildKit\'s own parser test files have error diagnostics', () => {
    const withErrors = expectations
      .filter((expected) => {
        const text = readFileSync(path.join(corpusRoot, 'dockerfiles', expected.file), 'utf8');
        return parseDockerfile(text).diagnostics.some((d) => d.severity === 'error');
      })
      .map((expected) => expected.file)
      .filter((file) => !file.startsWith('moby__buildkit__frontend__dockerfile__parser__testfiles'));
    expect(withErrors).toEqual([]);
  });
});
