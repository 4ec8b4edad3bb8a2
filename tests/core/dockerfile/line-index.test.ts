import { describe, expect, test } from 'vitest';
import { createLineIndex } from '../../../src/core/dockerfile/line-index.ts';
import { parseDockerfile } from '../../../src/core/dockerfile/parser.ts';

describe('line index', () => {
  const text = 'FROM a\r\nRUN b\n\nCOPY é x\n';
  const index = createLineIndex(text);

  test('offsets become 1-based lines and columns, columns counting UTF-16 units', () => {
    expect(index.positionAt(0)).toEqual({ line: 1, column: 1 });
    expect(index.positionAt(8)).toEqual({ line: 2, column: 1 });
    expect(index.positionAt(text.indexOf('x'))).toEqual({ line: 4, column: 8 });
  });

  test('lines and columns go back to the same offsets', () => {
    for (let offset = 0; offset <= text.length; offset++) expect(index.offsetAt(index.positionAt(offset))).toBe(offset);
  });

  test('only \\n breaks lines, as in BuildKit\'s line numbers', () => {
    expect(createLineIndex('a\rb\nc').positionAt(4)).toEqual({ line: 2, column: 1 });
    const dockerfile = parseDockerfile(text);
    const lines = dockerfile.nodes.map((node) => index.positionAt(node.range[0]).line);
    expect(lines).toEqual(dockerfile.nodes.map((node) => node.startLine));
  });

  test('out-of-range input is clamped', () => {
    expect(index.positionAt(-5)).toEqual({ line: 1, column: 1 });
    expect(index.positionAt(1000)).toEqual(index.positionAt(text.length));
    expect(index.offsetAt({ line: 2, column: 99 })).toBe(text.indexOf('\n', 8));
    expect(index.lineCount).toBe(5);
  });

  test('a range converts to both of its positions', () => {
    expect(index.rangeToPositions([8, 13])).toEqual({ start: { line: 2, column: 1 }, end: { line: 2, column: 6 } });
  });
});
