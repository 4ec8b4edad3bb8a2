// Where each flag and argument word of a raw node sits in the source. One Int32Array per file
// holds them all (start, end pairs, node after node) instead of a `[start, end]` tuple per word:
// a big file has a few hundred thousand words, and tuples that live as long as the AST were a
// fifth of its heap and most of the garbage collector's copying (bench/groups/parser.ts).

import type { SourceRange } from '../diagnostics.ts';
import type { Dockerfile, RawNode } from './ast.ts';

/**
 * Scratch storage shared by every parse (parsing is synchronous and never re-entered): a small
 * file then costs one exact-size copy (`finish`), not a fresh buffer and a copy.
 */
let scratch = new Int32Array(4096);
/** A scratch buffer grown past this many entries for one huge file is not kept for the next. */
const KEEP_SCRATCH = 1 << 20;

/** The growing table the line parser writes and the instruction layer reads while one file is parsed. */
export class WordRangeTable {
  data: Int32Array = scratch;
  /** Number of pairs written. */
  count = 0;

  /** Appends one word's range; returns its pair index. */
  push(start: number, end: number): number {
    if (2 * this.count + 2 > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
      if (grown.length <= KEEP_SCRATCH) scratch = grown;
    }
    this.data[2 * this.count] = start;
    this.data[2 * this.count + 1] = end;
    return this.count++;
  }

  /** A fresh tuple for pair `index` (only for ranges the AST keeps). */
  range(index: number): SourceRange {
    return [this.data[2 * index] ?? 0, this.data[2 * index + 1] ?? 0];
  }

  start(index: number): number {
    return this.data[2 * index] ?? 0;
  }

  end(index: number): number {
    return this.data[2 * index + 1] ?? 0;
  }

  /** The pairs written, as an exact-size copy for `Dockerfile.wordOffsets`; the table is done after this. */
  finish(): Int32Array {
    return this.data.slice(0, 2 * this.count);
  }
}

/** The source range of flag word `index` of `node` (as written, e.g. `--from=build`). */
export function rawFlagRange(dockerfile: Pick<Dockerfile, 'wordOffsets'>, node: RawNode, index: number): SourceRange | undefined {
  if (index < 0 || index >= node.flags.length) return undefined;
  return pairRange(dockerfile, node.wordIndex + index);
}

/**
 * The source range of argument word `index` of `node`: the JSON string literal in exec form; a
 * zero-width range for an ENV/LABEL separator that is not written (legacy form).
 */
export function rawArgRange(dockerfile: Pick<Dockerfile, 'wordOffsets'>, node: RawNode, index: number): SourceRange | undefined {
  if (index < 0 || index >= node.args.length) return undefined;
  return pairRange(dockerfile, node.wordIndex + node.flags.length + index);
}

/** Pair `pair` of `wordOffsets` as a fresh tuple. */
function pairRange(dockerfile: Pick<Dockerfile, 'wordOffsets'>, pair: number): SourceRange {
  return [dockerfile.wordOffsets[2 * pair] ?? 0, dockerfile.wordOffsets[2 * pair + 1] ?? 0];
}

/** A raw node as plain data with its word ranges as tuples (`flagRanges`, `argRanges`), for JSON output. */
export function rawNodeToJson(dockerfile: Pick<Dockerfile, 'wordOffsets'>, node: RawNode): Record<string, unknown> {
  const { wordIndex: _wordIndex, child, ...fields } = node;
  return {
    ...fields,
    flagRanges: node.flags.map((_, i) => rawFlagRange(dockerfile, node, i)),
    argRanges: node.args.map((_, i) => rawArgRange(dockerfile, node, i)),
    ...(child === undefined ? {} : { child: rawNodeToJson(dockerfile, child) }),
  };
}
