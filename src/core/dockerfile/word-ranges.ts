// Where each flag and argument word of a raw node sits in the source, and how its text relates to
// that range. The parse writes them here; `SourceTables.finish` (nodes.ts) packs them into the
// file's one array (start, end pairs, node after node) instead of a tuple and a string per word:
// a big file has a few hundred thousand words, and objects that live as long as the AST were most
// of the garbage collector's copying (bench/groups/parser.ts).

import type { SourceRange } from '../diagnostics.ts';
import type { Dockerfile, RawNode } from './ast.ts';
import { grownTo, KEEP_SCRATCH, WORD_QUOTED, WORD_SLICE, WORD_STRING } from './nodes.ts';

/**
 * Scratch storage shared by every parse (parsing is synchronous and never re-entered): a small
 * file then costs its share of one exact-size array (`SourceTables.finish`), not fresh buffers.
 */
let scratch: Int32Array = new Int32Array(4096);
let kindScratch: Int32Array = new Int32Array(2048);

/** The growing table the line parser writes and the instruction layer reads while one file is parsed. */
export class WordRangeTable {
  data: Int32Array = scratch;
  /** Per word: how its text relates to its range (nodes.ts WORD_SLICE / WORD_QUOTED / WORD_STRING). */
  kinds: Int32Array = kindScratch;
  /** The texts of WORD_STRING words. */
  strings: (string | undefined)[] | undefined;
  /** Number of pairs written. */
  count = 0;

  private readonly source: string;

  constructor(source = '') {
    this.source = source;
    this.strings = undefined;
  }

  /** Appends one word's range; returns its pair index. The word's text is the source slice. */
  push(start: number, end: number): number {
    if (2 * this.count + 2 > this.data.length) this.grow(this.count + 1);
    this.data[2 * this.count] = start;
    this.data[2 * this.count + 1] = end;
    this.kinds[this.count] = WORD_SLICE;
    return this.count++;
  }

  /**
   * Appends one word's range and text: kept as a string only when it is not the source slice
   * (or, for a JSON string without escapes, the slice inside its quotes).
   */
  pushWord(start: number, end: number, text: string): number {
    const index = this.push(start, end);
    const source = this.source;
    if (end - start === text.length && source.startsWith(text, start)) return index;
    if (end - start === text.length + 2 && source.startsWith(text, start + 1)) {
      this.kinds[index] = WORD_QUOTED;
      return index;
    }
    this.kinds[index] = WORD_STRING;
    (this.strings ??= [])[index] = text;
    return index;
  }

  /**
   * Appends words whose texts are their source slices, given as start, end source offsets (a
   * span that ends before it starts is empty at its start): one capacity check for them all.
   */
  pushSlices(spans: readonly number[]): void {
    const count = spans.length >> 1;
    if (2 * (this.count + count) > this.data.length) this.grow(this.count + count);
    const data = this.data;
    const kinds = this.kinds;
    let at = this.count;
    for (let i = 0; i < 2 * count; i += 2) {
      const start = spans[i] as number;
      const end = spans[i + 1] as number;
      data[2 * at] = start;
      data[2 * at + 1] = end < start ? start : end;
      kinds[at] = WORD_SLICE;
      at++;
    }
    this.count = at;
  }

  /** Makes room for `pairs` words in all. */
  private grow(pairs: number): void {
    const grown = grownTo(this.data, 2 * pairs);
    this.data = grown;
    const kinds = grownTo(this.kinds, grown.length / 2);
    this.kinds = kinds;
    if (grown.length <= KEEP_SCRATCH) {
      scratch = grown;
      kindScratch = kinds;
    }
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
