// The AST of a big file stays small: nodes keep numbers in per-file tables and make their words,
// ranges and lists from the source when asked (src/core/dockerfile/nodes.ts); and a long continued instruction still maps every word to its own source
// text (lookups resume from the previous word's line instead of the first line).
// Timing is left to `npm run bench -- parser`: on a shared machine wall-clock ratios are noise.

import { describe, expect, test } from 'vitest';
import { parseDockerfile } from '../../../src/core/dockerfile/parser.ts';
import { rawArgRange, rawFlagRange } from '../../../src/core/dockerfile/word-ranges.ts';

const at = (text: string, range: readonly [number, number]): string => text.slice(range[0], range[1]);

describe('AST sharing and linear construction', () => {
  test('typed instructions read their ranges and words from their raw nodes', () => {
    const text = 'FROM alpine AS base\nCOPY --from=base --chown=a:b /src /dst\nRUN --mount=type=cache,target=/c make\n';
    const dockerfile = parseDockerfile(text);
    const [from, copy, run] = dockerfile.instructions;
    if (from?.kind !== 'from' || copy?.kind !== 'copy' || run?.kind !== 'run') throw new Error('unexpected kinds');
    expect(from.range).toEqual(from.raw.range);
    expect(from.keywordRange).toEqual(from.raw.keywordRange);
    expect(copy.sources[0]).toBe(copy.raw.args[0]);
    expect(run.mounts[0]?.range).toEqual(run.flags[0]?.range);
    // Asking twice gives the same array: nodes keep what they made.
    expect(copy.sources).toBe(copy.sources);
    expect(copy.raw.args).toBe(copy.raw.args);
  });

  test('an instruction object holds only its tables, index, keyword and one memo: no words, tuples or lists of its own', () => {
    const dockerfile = parseDockerfile('FROM alpine AS base\nCOPY --from=base --chown=a:b /src /dst\nENV A=1 B=2\nRUN ["make", "all"]\n');
    for (const instruction of dockerfile.instructions) {
      expect(Object.keys(instruction).sort()).toEqual(['index', 'keyword', 'memo', 'tables']);
    }
    // What it is asked for is made from the source then: the same words as the raw node's.
    const copy = dockerfile.instructions[1];
    if (copy?.kind !== 'copy') throw new Error('expected COPY');
    expect([copy.from, copy.chown, copy.sources, copy.destination]).toEqual(['base', 'a:b', ['/src'], '/dst']);
  });

  test('raw word positions are pairs in one table per file, and the typed ranges agree with them', () => {
    const text = 'FROM alpine AS base\nCOPY --from=base --chown=a:b /src /dst\nONBUILD RUN --network=none make\n';
    const dockerfile = parseDockerfile(text);
    const [from, copy, onbuild] = dockerfile.instructions;
    if (from?.kind !== 'from' || copy?.kind !== 'copy' || onbuild?.kind !== 'onbuild') throw new Error('unexpected kinds');
    expect(dockerfile.wordOffsets).toBeInstanceOf(Int32Array);
    // FROM: 3 words; COPY: 2 flags and 2 arguments; ONBUILD: none of its own, its trigger 1 flag and 1 argument.
    expect(dockerfile.wordOffsets).toHaveLength(2 * (3 + 4 + 2));
    expect(from.imageRange).toEqual(rawArgRange(dockerfile, from.raw, 0));
    expect(from.stageNameRange).toEqual(rawArgRange(dockerfile, from.raw, 2));
    expect(copy.sourceRanges[0]).toEqual(rawArgRange(dockerfile, copy.raw, 0));
    expect(copy.destinationRange).toEqual(rawArgRange(dockerfile, copy.raw, 1));
    expect(copy.flags.map((flag) => flag.range)).toEqual([0, 1].map((i) => rawFlagRange(dockerfile, copy.raw, i)));
    const trigger = onbuild.raw.child;
    if (trigger === undefined) throw new Error('expected a trigger');
    expect([rawFlagRange(dockerfile, trigger, 0), rawArgRange(dockerfile, trigger, 0)].map((r) => at(text, r ?? [0, 0]))).toEqual([
      '--network=none',
      'make',
    ]);
    expect([rawArgRange(dockerfile, copy.raw, 2), rawFlagRange(dockerfile, copy.raw, -1)]).toEqual([undefined, undefined]);
  });

  test('an ENV continued over 3,000 lines maps every key and value to its own source text', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `    KEY_${i}=value-${i} \\`);
    const text = `FROM alpine\nENV FIRST=1 \\\n${lines.join('\n')}\n    LAST=end\n`;
    const dockerfile = parseDockerfile(text);
    const env = dockerfile.instructions[1];
    if (env?.kind !== 'env') throw new Error('expected ENV');
    expect(env.pairs).toHaveLength(3002);
    env.pairs.forEach((pair) => expect(at(text, pair.range)).toBe(`${pair.key}=${pair.value}`));
    expect(at(text, rawArgRange(dockerfile, env.raw, 3 * 1500 + 1) ?? [0, 0])).toBe('value-1499');
  });

  test('a block of 20,000 comment lines above an instruction is kept whole and in order', () => {
    const text = `# syntax=docker/dockerfile:1\n${Array.from({ length: 20_000 }, (_, i) => `# line ${i}`).join('\n')}\nFROM alpine\n`;
    const comments = parseDockerfile(text).nodes[0]?.comments ?? [];
    expect([comments.length, comments[0], comments[19_999]]).toEqual([20_000, 'line 0', 'line 19999']);
  });
  test('the instruction list, the stages and the meta ARGs are made once and share their instruction objects', () => {
    const text = 'ARG V=1\nfrom alpine:$V AS Base\nRun echo a\nFROM base\nCopy --from=Base /a /b\n';
    const dockerfile = parseDockerfile(text);
    const instructions = dockerfile.instructions;
    expect(dockerfile.instructions).toBe(instructions);
    expect(dockerfile.stages).toBe(dockerfile.stages);
    expect(instructions.map((instruction) => [instruction.kind, instruction.keyword])).toEqual([
      ['arg', 'ARG'],
      ['from', 'from'],
      ['run', 'Run'],
      ['from', 'FROM'],
      ['copy', 'Copy'],
    ]);
    const [first, second] = dockerfile.stages;
    expect(first?.from).toBe(instructions[1]);
    expect(first?.instructions[0]).toBe(instructions[2]);
    expect(second?.from).toBe(instructions[3]);
    expect(second?.instructions).toEqual([instructions[4]]);
    expect(dockerfile.metaArgs).toEqual([instructions[0]]);
    expect(dockerfile.metaArgs[0]).toBe(instructions[0]);
    expect([first?.name, first?.range, second?.range]).toEqual(['base', [8, 41], [42, text.length - 1]]);
  });

  test('heredocs, mounts and healthcheck options are made when read, once, and shared between a raw node and its instruction', () => {
    const text = [
      'FROM alpine',
      'RUN --mount=type=cache,target=/c <<EOF',
      'echo hi',
      'EOF',
      'COPY <<-EOT a.txt /dst/',
      '\tindented',
      '\tEOT',
      'HEALTHCHECK --interval=30s --retries=3 CMD ["true"]',
      '',
    ].join('\n');
    const dockerfile = parseDockerfile(text);
    const [, run, copy, healthcheck] = dockerfile.instructions;
    if (run?.kind !== 'run' || copy?.kind !== 'copy' || healthcheck?.kind !== 'healthcheck') throw new Error('unexpected kinds');
    expect(run.heredocs).toBe(run.raw.heredocs);
    expect(run.heredocs).toEqual([{ name: 'EOF', content: 'echo hi\n', expand: true, chomp: false, range: [51, 62] }]);
    expect(at(text, run.heredocs[0]?.range ?? [0, 0])).toBe('echo hi\nEOF');
    expect(run.mounts).toBe(run.mounts);
    expect(run.mounts.map((mount) => [mount.type, mount.target])).toEqual([['cache', '/c']]);
    // The COPY's heredoc source is its raw node's heredoc object; the other source stays a source.
    expect(copy.heredocs).toHaveLength(1);
    expect(copy.heredocs[0]).toBe(copy.raw.heredocs[0]);
    expect([copy.heredocs[0]?.content, copy.sources, copy.destination]).toEqual(['indented\n', ['a.txt'], '/dst/']);
    expect(healthcheck.check).toBe(healthcheck.check);
    expect(healthcheck.check).toMatchObject({ type: 'cmd', options: { intervalMs: 30_000, retries: 3 } });
  });
});
