import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Dockerfile } from '../../../src/core/dockerfile/ast.ts';
import { dumpBuildkitAst } from '../../../src/core/dockerfile/dump.ts';
import { parseDockerfile } from '../../../src/core/dockerfile/parser.ts';
import { instructionToJson, rawNodeToJson } from '../../../src/core/dockerfile/nodes.ts';

// Properties that must hold for any input: the parser never throws, every range it reports lies
// inside the source, diagnostics come sorted. Runs are bounded so `npm test` stays fast.

const corpusDir = path.resolve(__dirname, '../../../../shared/corpus/dockerfiles');
const corpus = readdirSync(corpusDir)
  .sort()
  .map((name) => readFileSync(path.join(corpusDir, name), 'utf8'));

const FRAGMENTS = [
  'FROM ', 'from ', 'RUN ', 'COPY ', 'ADD ', 'ENV ', 'LABEL ', 'ARG ', 'ONBUILD ', 'HEALTHCHECK ', 'CMD ', 'SHELL ',
  'USER ', 'WORKDIR ', 'EXPOSE ', 'VOLUME ', 'STOPSIGNAL ', 'MAINTAINER ', 'ENTRYPOINT ', 'AS ', 'NONE', 'CMD',
  'alpine', 'build', '/app', 'a=b', 'k v', '$X', '${X:-y}', '${', '}',
  '<<EOF', '<<-EOF', "<<'EOF'", '<<"E O"', '3<<EOF', 'EOF', '\tEOF', '<<', '<<-',
  '\n', '\r\n', '\r', '\\', '\\\n', '\\  \n', '`', '`\n', '# escape=`\n', '# syntax=docker/dockerfile:1\n', '# check=error=true\n',
  '#', '# comment\n', '[', ']', '["a", "b"]', '[1]', '[', '"', "'", ',', '=', ' ', '\t', '  ',
  '--mount=type=cache,target=/x', '--mount=type=secret', '--from=build', '--chmod=755', '--link', '--link=maybe',
  '--network=none', '--security=x', '--interval=5s', '--retries=-1', '--', '--x',
  'é', 'Ω', '😀', '\u00a0', '\u2028', '\ufeff', '\ud800', '\u0085',
];

const fragmentText = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }).map((parts) => parts.join(''));
const unicodeText = fc.string({ unit: 'binary', maxLength: 200 });

type Mutation =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'dropLine'; line: number }
  | { kind: 'repeatLine'; line: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...FRAGMENTS), unicodeText) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('dropLine' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('repeatLine' as const), line: fc.nat() }),
);

function mutate(text: string, mutations: readonly Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const length = Math.max(out.length, 1);
    if (m.kind === 'delete') {
      const at = m.at % length;
      out = out.slice(0, at) + out.slice(at + m.length);
    } else if (m.kind === 'insert') {
      const at = m.at % (out.length + 1);
      out = out.slice(0, at) + m.text + out.slice(at);
    } else if (m.kind === 'duplicate') {
      const at = m.at % length;
      out = out.slice(0, at + m.length) + out.slice(at, at + m.length) + out.slice(at + m.length);
    } else {
      const lines = out.split('\n');
      const line = m.line % lines.length;
      if (m.kind === 'dropLine') lines.splice(line, 1);
      else lines.splice(line, 0, lines[line] ?? '');
      out = lines.join('\n');
    }
  }
  return out;
}

/** Finds every range in the result: properties named `range`/`…Range` and `…Ranges` lists. */
function collectRanges(value: unknown, out: [string, unknown][], seen = new Set<unknown>(), where = ''): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    value.forEach((item, i) => collectRanges(item, out, seen, `${where}[${i}]`));
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    if (key === 'source') continue;
    if (/(^r|R)ange$/.test(key)) out.push([`${where}.${key}`, child]);
    else if (/Ranges$/.test(key) && Array.isArray(child)) child.forEach((r, i) => out.push([`${where}.${key}[${i}]`, r]));
    else collectRanges(child, out, seen, `${where}.${key}`);
  }
}

function checkInvariants(text: string): void {
  let dockerfile: Dockerfile;
  try {
    dockerfile = parseDockerfile(text);
    dumpBuildkitAst(dockerfile);
  } catch (error) {
    throw new Error(`parser threw on ${JSON.stringify(text)}: ${String(error)}`);
  }
  const ranges: [string, unknown][] = [];
  // The AST's nodes keep their properties as getters: walk their plain-data forms.
  collectRanges(
    {
      directives: dockerfile.directives,
      diagnostics: dockerfile.diagnostics,
      instructions: dockerfile.instructions.map((instruction) => instructionToJson(instruction, true)),
      stages: dockerfile.stages.map((stage) => ({ range: stage.range })),
      nodes: dockerfile.nodes.map((node) => rawNodeToJson(node)),
    },
    ranges,
  );
  const words = dockerfile.wordOffsets;
  for (let i = 0; i < words.length; i += 2) ranges.push([`.wordOffsets[${i}]`, [words[i], words[i + 1]]]);
  for (const [where, range] of ranges) {
    const ok =
      Array.isArray(range) &&
      range.length === 2 &&
      Number.isInteger(range[0]) &&
      Number.isInteger(range[1]) &&
      0 <= range[0] &&
      range[0] <= range[1] &&
      range[1] <= text.length;
    if (!ok) throw new Error(`bad range ${JSON.stringify(range)} at ${where} for ${JSON.stringify(text)}`);
  }
  const starts = dockerfile.diagnostics.map((d) => d.range);
  for (let i = 1; i < starts.length; i++) {
    const [a, b] = [starts[i - 1] ?? [0, 0], starts[i] ?? [0, 0]];
    if (a[0] > b[0] || (a[0] === b[0] && a[1] > b[1])) throw new Error(`diagnostics not sorted for ${JSON.stringify(text)}`);
  }
}

describe('parser properties', () => {
  test('Dockerfile-like fragments in any order never break the invariants', () => {
    fc.assert(fc.property(fragmentText, (text) => checkInvariants(text)), { numRuns: 300 });
  });

  test('arbitrary unicode text (lone surrogates, control characters) never breaks the invariants', () => {
    fc.assert(fc.property(unicodeText, (text) => checkInvariants(text)), { numRuns: 200 });
  });

  test('mutated corpus files never break the invariants', () => {
    fc.assert(
      fc.property(fc.nat({ max: corpus.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), (index, mutations) =>
        checkInvariants(mutate(corpus[index] ?? '', mutations)),
      ),
      { numRuns: 300 },
    );
  });

  test('the invariant checker notices a range outside the source', () => {
    const ranges: [string, unknown][] = [];
    collectRanges({ nodes: [{ range: [0, 99], argRanges: [[1, 2]] }] }, ranges);
    expect(ranges).toEqual([
      ['.nodes[0].range', [0, 99]],
      ['.nodes[0].argRanges[0]', [1, 2]],
    ]);
  });
});
