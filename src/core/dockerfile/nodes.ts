// The AST's node objects, read from the file's tables. The parse records each instruction as
// numbers on its raw node's record (kind, kind bits, word and heredoc positions) plus, for the few
// that need them, rare parts; the typed instruction objects (its file's tables, its index, its
// keyword, one memo) are made when the file's instruction list is first read (`instructionAt`,
// `topLevelInstructions`), and each raw node the first time it is asked for.
//
// Why not plain objects: a plain-object AST of a big file is a few hundred thousand tuples, arrays
// and strings that all outlive the parse, and copying them through V8's young generation was most
// of the parser's time (100k lines: ~50 MB retained, 19 objects per instruction; then ~13 MB with
// one object per instruction; now ~1.5 MB, the objects made after the parse). Here every number
// of a node lives in one Int32Array per file, a word's text is a slice of the source made when it
// is read, heredocs are positions in the source, RUN mounts and HEALTHCHECK options are made again
// from the validated flags, and the lists a node makes (a raw node's words, an instruction's
// sources, pairs, command, good flags, heredocs, mounts) are made once and kept, so the same
// property gives the same array every time, as a plain object would; tuples (ranges) are made
// fresh.
//
// The shapes are the interfaces of ast.ts; `instructionToJson` / `rawNodeToJson` give the plain
// data (keys in the order the engines' structs and our JSON output have always used).

import type { SourceRange } from '../diagnostics.ts';
import type { ArgDeclaration, CommandLine, Flag, Heredoc, HealthcheckInstruction, HealthcheckOptions, Instruction, KeyValuePair, RawNode, RunMount } from './ast.ts';
import { boolFlag, flagSpecOf, parseFlags, stringFlag, stringFlags } from './flags.ts';
import { goTrimSpace } from './go-text.ts';
import { healthcheckOptions } from './healthcheck-options.ts';
import { chompHeredocContent, parseHeredocWord } from './heredoc.ts';
import { parseRunMount } from './run-mount.ts';

/** How a word's text relates to its source range. */
export const WORD_SLICE = 0;
/** The range is a JSON string literal without escapes: the text is the range minus its quotes. */
export const WORD_QUOTED = 1;
/** The text differs from the source (quotes or escapes processed, continuation inside): kept as a string. */
export const WORD_STRING = 2;

const NO_OFFSETS = new Int32Array(0);
const NO_STRINGS: readonly string[] = [];
const NO_COMMENTS: readonly string[] = [];
const NO_HEREDOCS: readonly Heredoc[] = [];

/** The numbers each raw node keeps in `SourceTables.nodeInts`, in this order. */
const NODE_WORD_INDEX = 0;
const NODE_FLAG_COUNT = 1;
const NODE_ARG_COUNT = 2;
/** SHAPE_* bits: exec form, the instruction's kind, whether it is an ONBUILD trigger, its keyword's spelling. */
const NODE_SHAPE = 3;
const NODE_START_LINE = 4;
const NODE_END_LINE = 5;
const NODE_START = 6;
const NODE_END = 7;
const NODE_KEYWORD_START = 8;
const NODE_KEYWORD_END = 9;
const NODE_ORIGINAL_END = 10;
/** A continued instruction's `original` is its source segments joined: the first pair in `segments` and how many. */
const NODE_FIRST_SEGMENT = 11;
const NODE_SEGMENT_COUNT = 12;
/** A small number the instruction's kind keeps (see each class). */
const NODE_BITS = 13;
/** The node's heredocs: the first record in the heredoc table and how many. */
const NODE_FIRST_HEREDOC = 14;
const NODE_HEREDOC_COUNT = 15;
const NODE_STRIDE = 16;

/** NODE_SHAPE: the arguments are a JSON array (exec form). */
const SHAPE_JSON = 1;
/** NODE_SHAPE: the typed instruction's kind, as 1 + its index in KINDS (0 until the instruction layer has typed the node). */
const SHAPE_KIND_SHIFT = 1;
const SHAPE_KIND_MASK = 0x1f << SHAPE_KIND_SHIFT;
/** NODE_SHAPE: an ONBUILD trigger (not in `Dockerfile.instructions`). */
const SHAPE_TRIGGER = 1 << 6;
/** NODE_SHAPE: 1 + the keyword's index in KEYWORD_SPELLINGS (0: the file keeps the text in `keywordTexts`). */
const SHAPE_KEYWORD_SHIFT = 7;

/**
 * Keyword spellings as written (`RUN`, `run`, `Copy`…), shared by every file, so a node keeps a
 * number instead of a string. Bounded: a file of random first words cannot grow it forever.
 */
const KEYWORD_SPELLINGS: string[] = [];
const KEYWORD_IDS = new Map<string, number>();
const MAX_KEYWORD_SPELLINGS = 4096;

/** The NODE_SHAPE bits that name `keyword`'s spelling (0 when the table is full). */
function keywordShape(keyword: string): number {
  let id = KEYWORD_IDS.get(keyword);
  if (id === undefined) {
    if (KEYWORD_SPELLINGS.length >= MAX_KEYWORD_SPELLINGS) return 0;
    id = KEYWORD_SPELLINGS.push(keyword);
    KEYWORD_IDS.set(keyword, id);
  }
  return id << SHAPE_KEYWORD_SHIFT;
}

/**
 * The numbers each heredoc keeps (`SourceTables.addHeredoc`), in this order. Its name is the text
 * of its terminator line and its body a slice of the source, so a heredoc is made when read.
 */
const HEREDOC_BODY_START = 0;
/** Where the terminator line starts (the end of the file when there is none). */
const HEREDOC_BODY_END = 1;
/** The end of the terminator line: the heredoc's range is body start to here. */
const HEREDOC_END = 2;
/** Where the name sits in the terminator line; -1 when there is none (the name is then in `heredocNames`). */
const HEREDOC_NAME_START = 3;
const HEREDOC_NAME_LENGTH = 4;
/** 1: expand, 2: chomp (`<<-`), 4: a file descriptor was given. */
const HEREDOC_BITS = 5;
const HEREDOC_FD = 6;
const HEREDOC_STRIDE = 7;

/**
 * Growing buffers the parse writes into, shared by every parse (parsing is synchronous and never
 * re-entered): a file then costs one exact-size array at the end (`SourceTables.finish`), not a
 * few fresh buffers of its own (typed arrays are expensive to allocate for a small file).
 */
let nodeScratch: Int32Array = new Int32Array(NODE_STRIDE * 256);
let segmentScratch: Int32Array = new Int32Array(256);
let heredocScratch: Int32Array = new Int32Array(HEREDOC_STRIDE * 64);
/** A scratch buffer grown past this many entries for one huge file is not kept for the next. */
export const KEEP_SCRATCH = 1 << 20;

/** A copy of `array` at least `length` long (doubling, so appending stays linear). */
export function grownTo(array: Int32Array, length: number): Int32Array {
  const grown = new Int32Array(Math.max(length, array.length * 2));
  grown.set(array);
  return grown;
}

/**
 * The file-wide tables every node reads: the source, each raw node's numbers, word ranges, word
 * texts and the source pieces of continued instructions. While the file is parsed they live in
 * scratch buffers; `finish` packs them into one array.
 */
export class SourceTables {
  declare readonly source: string;
  /** Per raw node, NODE_STRIDE numbers (see the NODE_* offsets). */
  declare nodeInts: Int32Array;
  /** Raw nodes recorded so far. */
  declare nodeCount: number;
  /** Start, end pairs: `Dockerfile.wordOffsets`. */
  declare wordOffsets: Int32Array;
  /** Per word, WORD_SLICE / WORD_QUOTED / WORD_STRING: `wordKinds[kindBase + pair]`. */
  declare wordKinds: Int32Array;
  declare kindBase: number;
  /** The texts of WORD_STRING words, by pair index. */
  /** The texts of WORD_STRING words, by pair index (a sparse array: few words need one). */
  declare wordStrings: readonly (string | undefined)[] | undefined;
  /** Start, end pairs of the source pieces continued instructions are joined from, from `segmentBase`. */
  declare segments: Int32Array;
  declare segmentBase: number;
  declare segmentCount: number;
  /** Keywords whose spelling is not in KEYWORD_SPELLINGS, by node index (a sparse array). */
  declare keywordTexts: (string | undefined)[] | undefined;
  /** Per heredoc, HEREDOC_STRIDE numbers from `heredocBase` (see the HEREDOC_* offsets). */
  declare heredocInts: Int32Array;
  declare heredocBase: number;
  declare heredocCount: number;
  /** The names of heredocs without a terminator line, by heredoc index (a sparse array). */
  declare heredocNames: (string | undefined)[] | undefined;
  /** What an instruction keeps besides numbers and words, for the few that keep anything (by node index). */
  declare rare: (RareParts | undefined)[] | undefined;
  /** Each instruction's raw node, once asked for (by node index). */
  declare raws: RawNodeImpl[] | undefined;
  /** Flags made again from their words, once asked for (by node index). */
  declare flagMemos: (readonly Flag[] | undefined)[] | undefined;
  /** A node's heredocs, once asked for (by node index): its raw node and its instruction share the list. */
  declare heredocMemos: (readonly Heredoc[] | undefined)[] | undefined;
  /** RUN's mounts, made again from its flags once asked for (by node index). */
  declare mountMemos: (readonly RunMount[] | undefined)[] | undefined;

  constructor(source: string) {
    this.source = source;
    this.nodeInts = nodeScratch;
    this.nodeCount = 0;
    this.wordOffsets = NO_OFFSETS;
    this.wordKinds = NO_OFFSETS;
    this.kindBase = 0;
    this.wordStrings = undefined;
    this.segments = segmentScratch;
    this.segmentBase = 0;
    this.segmentCount = 0;
    this.keywordTexts = undefined;
    this.heredocInts = heredocScratch;
    this.heredocBase = 0;
    this.heredocCount = 0;
    this.heredocNames = undefined;
    this.rare = undefined;
    this.raws = undefined;
    this.flagMemos = undefined;
    this.heredocMemos = undefined;
    this.mountMemos = undefined;
  }

  /** The raw node of node `index`, made once (`keyword`, `more`: what it needs besides numbers). */
  rawNode(index: number, keyword: string, more: RawNodeExtra | undefined): RawNodeImpl {
    const raws = (this.raws ??= new Array<RawNodeImpl>(this.nodeCount));
    return (raws[index] ??= new RawNodeImpl(this, index, keyword, more));
  }

  /** Number of words (for flags.ts `WordRanges`). */
  get count(): number {
    return this.wordOffsets.length >> 1;
  }

  /**
   * Packs the node records, the words' ranges and kinds (from `words`) and the segments into one
   * exact-size array; the tables then read views of it, and the scratch buffers are free again.
   */
  finish(words: { readonly data: Int32Array; readonly kinds: Int32Array; readonly count: number; readonly strings: readonly (string | undefined)[] | undefined }): void {
    const nodeLength = this.nodeCount * NODE_STRIDE;
    const wordCount = words.count;
    const segmentLength = 2 * this.segmentCount;
    const heredocLength = HEREDOC_STRIDE * this.heredocCount;
    const packed = new Int32Array(nodeLength + 3 * wordCount + segmentLength + heredocLength);
    packed.set(this.nodeInts.subarray(0, nodeLength), 0);
    packed.set(words.data.subarray(0, 2 * wordCount), nodeLength);
    const kindsAt = nodeLength + 2 * wordCount;
    packed.set(words.kinds.subarray(0, wordCount), kindsAt);
    packed.set(this.segments.subarray(0, segmentLength), kindsAt + wordCount);
    const heredocsAt = kindsAt + wordCount + segmentLength;
    if (heredocLength > 0) packed.set(this.heredocInts.subarray(0, heredocLength), heredocsAt);
    if (this.nodeInts.length <= KEEP_SCRATCH) nodeScratch = this.nodeInts;
    if (this.segments.length <= KEEP_SCRATCH) segmentScratch = this.segments;
    if (this.heredocInts.length <= KEEP_SCRATCH) heredocScratch = this.heredocInts;
    // One view for `Dockerfile.wordOffsets`; the rest is read at offsets (views cost a small file dearly).
    this.nodeInts = packed;
    this.wordOffsets = packed.subarray(nodeLength, kindsAt);
    this.wordKinds = packed;
    this.kindBase = kindsAt;
    this.segments = packed;
    this.segmentBase = kindsAt + wordCount;
    this.heredocInts = packed;
    this.heredocBase = heredocsAt;
    if (words.strings !== undefined) this.wordStrings = words.strings;
  }

  /**
   * Appends one heredoc; returns its index. `nameStart`: where its name sits in its terminator
   * line, or -1 when it has none (unterminated: `name` is then kept as text).
   */
  addHeredoc(bodyStart: number, bodyEnd: number, end: number, nameStart: number, name: string, expand: boolean, chomp: boolean, fileDescriptor: number | undefined): number {
    const index = this.heredocCount++;
    const at = index * HEREDOC_STRIDE;
    if (at + HEREDOC_STRIDE > this.heredocInts.length) this.heredocInts = grownTo(this.heredocInts, at + HEREDOC_STRIDE);
    const ints = this.heredocInts;
    ints[at + HEREDOC_BODY_START] = bodyStart;
    ints[at + HEREDOC_BODY_END] = bodyEnd;
    ints[at + HEREDOC_END] = end;
    ints[at + HEREDOC_NAME_START] = nameStart;
    ints[at + HEREDOC_NAME_LENGTH] = name.length;
    ints[at + HEREDOC_BITS] = (expand ? 1 : 0) | (chomp ? 2 : 0) | (fileDescriptor === undefined ? 0 : 4);
    ints[at + HEREDOC_FD] = fileDescriptor ?? 0;
    if (nameStart < 0) (this.heredocNames ??= [])[index] = name;
    return index;
  }

  private heredocInt(heredoc: number, field: number): number {
    return this.heredocInts[this.heredocBase + heredoc * HEREDOC_STRIDE + field] ?? 0;
  }

  /** Heredoc `heredoc`'s delimiter (quotes removed): the text of its terminator line. */
  heredocName(heredoc: number): string {
    const start = this.heredocInt(heredoc, HEREDOC_NAME_START);
    if (start < 0) return this.heredocNames?.[heredoc] ?? '';
    return this.source.slice(start, start + this.heredocInt(heredoc, HEREDOC_NAME_LENGTH));
  }

  /** Heredoc `heredoc`'s body as written (before `<<-` chomping). */
  heredocBody(heredoc: number): string {
    return this.source.slice(this.heredocInt(heredoc, HEREDOC_BODY_START), this.heredocInt(heredoc, HEREDOC_BODY_END));
  }

  /** Node `index`'s heredocs, made once (its raw node and its instruction return the same list). */
  heredocsOf(index: number): readonly Heredoc[] {
    const count = this.nodeInt(index, NODE_HEREDOC_COUNT);
    if (count === 0) return NO_HEREDOCS;
    const memos = (this.heredocMemos ??= []);
    const made = memos[index];
    if (made !== undefined) return made;
    const first = this.nodeInt(index, NODE_FIRST_HEREDOC);
    const heredocs = new Array<Heredoc>(count);
    for (let i = 0; i < count; i++) heredocs[i] = this.heredoc(first + i);
    return (memos[index] = heredocs);
  }

  /** Heredoc `heredoc` as the AST's plain object (keys in the order they have always had). */
  private heredoc(heredoc: number): Heredoc {
    const bits = this.heredocInt(heredoc, HEREDOC_BITS);
    const name = this.heredocName(heredoc);
    const body = this.heredocBody(heredoc);
    const content = (bits & 2) !== 0 ? chompHeredocContent(body) : body;
    const range: SourceRange = [this.heredocInt(heredoc, HEREDOC_BODY_START), this.heredocInt(heredoc, HEREDOC_END)];
    const expand = (bits & 1) !== 0;
    const chomp = (bits & 2) !== 0;
    return (bits & 4) === 0
      ? { name, content, expand, chomp, range }
      : { name, content, expand, chomp, fileDescriptor: this.heredocInt(heredoc, HEREDOC_FD), range };
  }

  /** Appends one source piece of a continued instruction; returns its pair index. */
  addSegment(start: number, end: number): number {
    const index = this.segmentCount++;
    if (2 * index + 2 > this.segments.length) this.segments = grownTo(this.segments, 2 * index + 2);
    this.segments[2 * index] = start;
    this.segments[2 * index + 1] = end;
    return index;
  }

  /** The text of `count` joined source pieces from pair `first`. */
  joined(first: number, count: number): string {
    let text = '';
    const segments = this.segments;
    const base = this.segmentBase;
    for (let i = first; i < first + count; i++) text += this.source.slice(segments[base + 2 * i] ?? 0, segments[base + 2 * i + 1] ?? 0);
    return text;
  }

  /** Appends one node's numbers (in NODE_* order); returns its index. */
  addNode(
    keyword: string, wordIndex: number, flagCount: number, argCount: number, json: boolean, trigger: boolean, startLine: number, endLine: number,
    start: number, end: number, keywordStart: number, keywordEnd: number, originalEnd: number, firstSegment: number, segmentCount: number,
    firstHeredoc: number, heredocCount: number,
  ): number {
    const index = this.nodeCount++;
    if ((index + 1) * NODE_STRIDE > this.nodeInts.length) this.nodeInts = grownTo(this.nodeInts, (index + 1) * NODE_STRIDE);
    const ints = this.nodeInts;
    const at = index * NODE_STRIDE;
    const spelling = keywordShape(keyword);
    if (spelling === 0) (this.keywordTexts ??= [])[index] = keyword;
    ints[at + NODE_WORD_INDEX] = wordIndex;
    ints[at + NODE_FLAG_COUNT] = flagCount;
    ints[at + NODE_ARG_COUNT] = argCount;
    ints[at + NODE_SHAPE] = spelling | (json ? SHAPE_JSON : 0) | (trigger ? SHAPE_TRIGGER : 0);
    ints[at + NODE_START_LINE] = startLine;
    ints[at + NODE_END_LINE] = endLine;
    ints[at + NODE_START] = start;
    ints[at + NODE_END] = end;
    ints[at + NODE_KEYWORD_START] = keywordStart;
    ints[at + NODE_KEYWORD_END] = keywordEnd;
    ints[at + NODE_ORIGINAL_END] = originalEnd;
    ints[at + NODE_FIRST_SEGMENT] = firstSegment;
    ints[at + NODE_SEGMENT_COUNT] = segmentCount;
    ints[at + NODE_BITS] = 0;
    ints[at + NODE_FIRST_HEREDOC] = firstHeredoc;
    ints[at + NODE_HEREDOC_COUNT] = heredocCount;
    return index;
  }

  /** Node `index`'s keyword as written. */
  keywordOf(index: number): string {
    const id = this.nodeInt(index, NODE_SHAPE) >>> SHAPE_KEYWORD_SHIFT;
    return id > 0 ? (KEYWORD_SPELLINGS[id - 1] ?? '') : (this.keywordTexts?.[index] ?? '');
  }

  /** Number `field` (a NODE_* offset) of node `index`. */
  nodeInt(index: number, field: number): number {
    return this.nodeInts[index * NODE_STRIDE + field] ?? 0;
  }

  /** Pair index of node `index`'s argument `i`. */
  private argPair(index: number, i: number): number {
    const base = index * NODE_STRIDE;
    return (this.nodeInts[base + NODE_WORD_INDEX] ?? 0) + (this.nodeInts[base + NODE_FLAG_COUNT] ?? 0) + i;
  }

  argCount(index: number): number {
    return this.nodeInts[index * NODE_STRIDE + NODE_ARG_COUNT] ?? 0;
  }

  /** Node `index`'s argument `i` ('' when there is none). */
  argText(index: number, i: number): string {
    return i >= 0 && i < this.argCount(index) ? this.text(this.argPair(index, i)) : '';
  }

  /** Node `index`'s argument `i`'s source range (its keyword's end when there is no such argument). */
  argRange(index: number, i: number): SourceRange {
    if (i < 0 || i >= this.argCount(index)) {
      const end = this.nodeInt(index, NODE_KEYWORD_END);
      return [end, end];
    }
    return this.range(this.argPair(index, i));
  }

  /** Node `index`'s arguments `from` to `to` (exclusive). */
  argTexts(index: number, from: number, to: number): string[] {
    return this.texts(this.argPair(index, from), Math.max(0, to - from));
  }

  start(pair: number): number {
    return this.wordOffsets[2 * pair] ?? 0;
  }

  end(pair: number): number {
    return this.wordOffsets[2 * pair + 1] ?? 0;
  }

  range(pair: number): SourceRange {
    return [this.wordOffsets[2 * pair] ?? 0, this.wordOffsets[2 * pair + 1] ?? 0];
  }

  /** The text of word `pair`, as the line parser produced it. */
  text(pair: number): string {
    const kind = this.wordKinds[this.kindBase + pair];
    if (kind === WORD_SLICE) return this.source.slice(this.wordOffsets[2 * pair] ?? 0, this.wordOffsets[2 * pair + 1] ?? 0);
    if (kind === WORD_QUOTED) return this.source.slice((this.wordOffsets[2 * pair] ?? 0) + 1, (this.wordOffsets[2 * pair + 1] ?? 0) - 1);
    return this.wordStrings?.[pair] ?? '';
  }

  /** The texts of `count` words from `first`. */
  texts(first: number, count: number): string[] {
    if (count === 0) return NO_STRINGS as string[];
    const out = new Array<string>(count);
    for (let i = 0; i < count; i++) out[i] = this.text(first + i);
    return out;
  }
}

/** What a raw node has besides numbers, when it has any of it (most nodes have none). */
export interface RawNodeExtra {
  readonly comments: readonly string[];
  /** An ONBUILD trigger's text when its instruction was continued (otherwise `original` comes from the source). */
  readonly originalText: string | undefined;
  readonly child: RawNodeImpl | undefined;
}

/**
 * One instruction as BuildKit's line parser saw it (`parser.Node`); see RawNode in ast.ts. Its
 * numbers live in the file's `nodeInts` (a typed array the garbage collector never copies); the
 * object holds its index and the few references it needs. Fields are `declare`d and set in the
 * constructor: class field definitions are defined one by one on every instance, which cost a
 * third of a big file's parse.
 */
export class RawNodeImpl {
  declare readonly tables: SourceTables;
  declare readonly index: number;
  declare readonly keyword: string;
  /** Comments, trigger, a continued trigger's text: only for the nodes that have any. */
  declare readonly more: RawNodeExtra | undefined;
  declare private flagsMemo: readonly string[] | undefined;
  declare private argsMemo: readonly string[] | undefined;

  constructor(tables: SourceTables, index: number, keyword: string, more: RawNodeExtra | undefined) {
    this.tables = tables;
    this.index = index;
    this.keyword = keyword;
    this.more = more;
    this.flagsMemo = undefined;
    this.argsMemo = undefined;
  }

  /**
   * Points this node at node `index` (the raw parser hands the instruction layer one reused node
   * per top-level line; instructions keep the tables, index, keyword and extras, never the node).
   */
  moveTo(index: number, keyword: string, more: RawNodeExtra | undefined): this {
    const self = this as unknown as { index: number; keyword: string; more: RawNodeExtra | undefined };
    self.index = index;
    self.keyword = keyword;
    self.more = more;
    this.flagsMemo = undefined;
    this.argsMemo = undefined;
    return this;
  }

  private int(field: number): number {
    return this.tables.nodeInts[this.index * NODE_STRIDE + field] ?? 0;
  }

  /** First pair of this node's words in the tables: `flagCount` flags, then `argCount` arguments. */
  get wordIndex(): number {
    return this.int(NODE_WORD_INDEX);
  }

  get flagCount(): number {
    return this.int(NODE_FLAG_COUNT);
  }

  get argCount(): number {
    return this.int(NODE_ARG_COUNT);
  }

  get json(): boolean {
    return (this.int(NODE_SHAPE) & SHAPE_JSON) !== 0;
  }

  get startLine(): number {
    return this.int(NODE_START_LINE);
  }

  get endLine(): number {
    return this.int(NODE_END_LINE);
  }

  get start(): number {
    return this.int(NODE_START);
  }

  get end(): number {
    return this.int(NODE_END);
  }

  get keywordStart(): number {
    return this.int(NODE_KEYWORD_START);
  }

  get keywordEnd(): number {
    return this.int(NODE_KEYWORD_END);
  }

  get heredocs(): readonly Heredoc[] {
    return this.tables.heredocsOf(this.index);
  }

  /** Number of heredocs, without making them. */
  get heredocCount(): number {
    return this.int(NODE_HEREDOC_COUNT);
  }

  /** The first heredoc's index in the tables (`SourceTables.heredocName`, `heredocBody`). */
  get firstHeredoc(): number {
    return this.int(NODE_FIRST_HEREDOC);
  }

  get comments(): readonly string[] {
    return this.more?.comments ?? NO_COMMENTS;
  }

  get child(): RawNodeImpl | undefined {
    return this.more?.child;
  }

  get flags(): readonly string[] {
    return (this.flagsMemo ??= this.tables.texts(this.wordIndex, this.flagCount));
  }

  get args(): readonly string[] {
    return (this.argsMemo ??= this.tables.texts(this.wordIndex + this.flagCount, this.argCount));
  }

  get original(): string {
    return originalOf(this.tables, this.index, this.more);
  }

  get range(): SourceRange {
    return [this.start, this.end];
  }

  get keywordRange(): SourceRange {
    return [this.keywordStart, this.keywordEnd];
  }

}

/** A node's `original`: a source slice, its joined source pieces, or (a continued trigger) its kept text. */
function originalOf(tables: SourceTables, index: number, more: RawNodeExtra | undefined): string {
  const text = more?.originalText;
  if (text !== undefined) return text;
  const segments = tables.nodeInt(index, NODE_SEGMENT_COUNT);
  if (segments > 0) return tables.joined(tables.nodeInt(index, NODE_FIRST_SEGMENT), segments);
  return tables.source.slice(tables.nodeInt(index, NODE_START), tables.nodeInt(index, NODE_ORIGINAL_END));
}

const NO_FLAGS: readonly Flag[] = [];
const NO_MOUNTS: readonly RunMount[] = [];

function flagString(flags: readonly Flag[], name: string): string | undefined {
  return stringFlag(flags, name)?.value;
}

function flagStrings(flags: readonly Flag[], name: string): string[] {
  const values = stringFlags(flags, name);
  return values.length === 0 ? (NO_STRINGS as string[]) : values.map((flag) => flag.value);
}

/** RUN's `--mount` values parsed (the instruction layer reported their problems during the parse). */
function mountsOf(flags: readonly Flag[]): readonly RunMount[] {
  const values = stringFlags(flags, 'mount');
  return values.length === 0 ? NO_MOUNTS : values.map((flag) => parseRunMount(flag.value, flag.range).mount);
}

/** `handleJSONArgs`: exec form keeps the array; shell form joins the words with spaces. */
function commandOf(node: InstructionNode, from: number): CommandLine {
  const args = node.argSlice(from, node.argCount);
  if (node.isJson) return { form: 'exec', args };
  return { form: 'shell', script: args.join(' ') };
}

type NetworkMode = 'default' | 'none' | 'host';
type SecurityMode = 'sandbox' | 'insecure';
const NETWORK_MODES: readonly (NetworkMode | undefined)[] = [undefined, 'default', 'none', 'host'];
const SECURITY_MODES: readonly (SecurityMode | undefined)[] = [undefined, 'sandbox', 'insecure'];

/** RUN's `--network` and `--security` as the small number RunNode keeps. */
export function runModes(network: NetworkMode | undefined, security: SecurityMode | undefined): number {
  return NETWORK_MODES.indexOf(network) | (SECURITY_MODES.indexOf(security) << 2);
}

/** What an instruction keeps besides numbers and words: only some have any (`SourceTables.rare`). */
export interface RareParts {
  /** Its raw node's comments, trigger or joined text. */
  readonly more: RawNodeExtra | undefined;
  /** Flags that cannot be made again from the flag words (some were rejected, or the kind takes none). */
  readonly flagList: readonly Flag[] | undefined;
  /** The kind's own data (see each class). */
  readonly extra: unknown;
}

/**
 * What every typed instruction shares. The same few slots serve every kind (each class says what
 * it keeps in `bits`, `extra` and `memo`), so all instructions have one small shape.
 */
export abstract class InstructionNode {
  /** On each kind's prototype (`kindPrototype`), not on every instruction. */
  declare readonly kind: Instruction['kind'];
  /** The file's tables and this node's index in them (its raw node's numbers and words). */
  declare protected readonly tables: SourceTables;
  declare protected readonly index: number;
  declare readonly keyword: string;
  /** The kind's main derived value, made on first access. */
  declare protected memo: unknown;

  /** This instruction's rare parts, if it has any. */
  protected get rareParts(): RareParts | undefined {
    return this.tables.rare?.[this.index];
  }

  private get more(): RawNodeExtra | undefined {
    return this.rareParts?.more;
  }

  /** The kind's own data (see each class). */
  protected get extra(): unknown {
    return this.rareParts?.extra;
  }

  /** The kind's small number (see each class; `recordInstruction` sets it). */
  protected get bits(): number {
    return this.tables.nodeInt(this.index, NODE_BITS);
  }

  get raw(): RawNodeImpl {
    return this.tables.rawNode(this.index, this.keyword, this.more);
  }

  /** Makes `raw` the raw node (an ONBUILD trigger's, which its ONBUILD's raw node already holds). */
  keepRaw(raw: RawNodeImpl): void {
    const raws = (this.tables.raws ??= new Array<RawNodeImpl>(this.tables.nodeCount));
    raws[this.index] = raw;
  }

  get flags(): readonly Flag[] {
    const kept = this.rareParts?.flagList;
    if (kept !== undefined) return kept;
    if (this.tables.nodeInt(this.index, NODE_FLAG_COUNT) === 0) return NO_FLAGS;
    // Good flags are made again from their words, once.
    const memos = (this.tables.flagMemos ??= []);
    const made = memos[this.index];
    if (made !== undefined) return made;
    // Read from the tables: making the raw node for this would keep one object per instruction.
    const tables = this.tables;
    const wordIndex = tables.nodeInt(this.index, NODE_WORD_INDEX);
    const words = tables.texts(wordIndex, tables.nodeInt(this.index, NODE_FLAG_COUNT));
    return (memos[this.index] = parseFlags(words, tables, wordIndex, flagSpecOf(this.kind), this.keyword, this.keywordRange).flags);
  }

  get keywordRange(): SourceRange {
    return [this.tables.nodeInt(this.index, NODE_KEYWORD_START), this.tables.nodeInt(this.index, NODE_KEYWORD_END)];
  }

  get range(): SourceRange {
    return [this.tables.nodeInt(this.index, NODE_START), this.endOffset];
  }

  get startLine(): number {
    return this.tables.nodeInt(this.index, NODE_START_LINE);
  }

  get endLine(): number {
    return this.tables.nodeInt(this.index, NODE_END_LINE);
  }

  get text(): string {
    return goTrimSpace(originalOf(this.tables, this.index, this.more));
  }

  // The raw node's words, read without making it.
  get endOffset(): number {
    return this.tables.nodeInt(this.index, NODE_END);
  }

  get argCount(): number {
    return this.tables.argCount(this.index);
  }

  get isJson(): boolean {
    return (this.tables.nodeInt(this.index, NODE_SHAPE) & SHAPE_JSON) !== 0;
  }

  arg(i: number): string {
    return this.tables.argText(this.index, i);
  }

  argRange(i: number): SourceRange {
    return this.tables.argRange(this.index, i);
  }

  argSlice(from: number, to: number): string[] {
    return this.tables.argTexts(this.index, from, to);
  }

  get rawHeredocs(): readonly Heredoc[] {
    return this.tables.heredocsOf(this.index);
  }
}

/** FROM. `bits`: what `AS name` gave (0 nothing, 1 an `AS` with an invalid name, 2 a valid name); `extra`: `--platform`. */
class FromNode extends InstructionNode {
  declare readonly kind: 'from';


  get stageKind(): number {
    return this.bits;
  }

  get platform(): string | undefined {
    return this.extra as string | undefined;
  }

  get image(): string {
    return this.arg(0);
  }

  get imageRange(): SourceRange {
    return this.argRange(0);
  }

  get stageName(): string | undefined {
    return this.bits === 2 ? this.arg(2).toLowerCase() : undefined;
  }

  get stageNameRange(): SourceRange | undefined {
    return this.bits === 2 ? this.argRange(2) : undefined;
  }

  get asKeyword(): string | undefined {
    return this.bits === 0 ? undefined : this.arg(1);
  }
}

/** RUN. `bits`: `runModes(network, security)`; the mounts are made again from the `--mount` flags when asked. */
class RunNode extends InstructionNode {
  declare readonly kind: 'run';


  get command(): CommandLine {
    return (this.memo ??= commandOf(this, 0)) as CommandLine;
  }

  get mounts(): readonly RunMount[] {
    if (this.tables.nodeInt(this.index, NODE_FLAG_COUNT) === 0) return NO_MOUNTS;
    const memos = (this.tables.mountMemos ??= []);
    return (memos[this.index] ??= mountsOf(this.flags));
  }

  get network(): NetworkMode | undefined {
    return NETWORK_MODES[this.bits & 3];
  }

  get security(): SecurityMode | undefined {
    return SECURITY_MODES[this.bits >> 2];
  }

  get heredocs(): readonly Heredoc[] {
    return this.rawHeredocs;
  }
}

interface CopyHeredocSources {
  readonly sources: readonly string[];
  readonly sourceRanges: readonly SourceRange[];
  readonly heredocs: readonly Heredoc[];
}

/**
 * COPY/ADD. `bits`: 1 when some source words are heredocs; the sources, their ranges and the
 * heredocs are then made together when first asked (`withHeredocs`).
 */
class CopyNode extends InstructionNode {
  declare readonly kind: 'copy' | 'add';


  private get destinationIndex(): number {
    return this.argCount >= 2 ? this.argCount - 1 : -1;
  }

  /** The sources split from the heredoc words, when some are heredocs. */
  private get withHeredocs(): CopyHeredocSources | undefined {
    if (this.bits !== 1) return undefined;
    return (this.memo ??= copyHeredocSources(this, Math.max(0, this.destinationIndex))) as CopyHeredocSources;
  }

  get sources(): readonly string[] {
    const kept = this.withHeredocs;
    if (kept !== undefined) return kept.sources;
    return (this.memo ??= this.argSlice(0, Math.max(0, this.destinationIndex))) as readonly string[];
  }

  get sourceRanges(): readonly SourceRange[] {
    const kept = this.withHeredocs;
    if (kept !== undefined) return kept.sourceRanges;
    const count = Math.max(0, this.destinationIndex);
    const ranges = new Array<SourceRange>(count);
    for (let i = 0; i < count; i++) ranges[i] = this.argRange(i);
    return ranges;
  }

  get destination(): string {
    const index = this.destinationIndex;
    return index >= 0 ? this.arg(index) : '';
  }

  get destinationRange(): SourceRange {
    const index = this.destinationIndex;
    return index >= 0 ? this.argRange(index) : [this.endOffset, this.endOffset];
  }

  get json(): boolean {
    return this.isJson;
  }

  get heredocs(): readonly Heredoc[] {
    return this.withHeredocs?.heredocs ?? NO_HEREDOCS;
  }

  get from(): string | undefined {
    return flagString(this.flags, 'from');
  }

  get chown(): string | undefined {
    return flagString(this.flags, 'chown');
  }

  get chmod(): string | undefined {
    return flagString(this.flags, 'chmod');
  }

  get link(): boolean {
    return boolFlag(this.flags, 'link') ?? false;
  }

  get parents(): boolean {
    return boolFlag(this.flags, 'parents') ?? false;
  }

  get exclude(): readonly string[] {
    return flagStrings(this.flags, 'exclude');
  }

  get keepGitDir(): boolean | undefined {
    return this.kind === 'add' ? (boolFlag(this.flags, 'keep-git-dir') ?? false) : undefined;
  }

  get checksum(): string | undefined {
    return flagString(this.flags, 'checksum');
  }

  get unpack(): boolean | undefined {
    return boolFlag(this.flags, 'unpack');
  }
}

/**
 * COPY/ADD's first `sourceCount` words split into sources and heredocs: a heredoc word takes the
 * raw node's heredoc of that name (the same object), or an empty one when the line had none.
 */
function copyHeredocSources(node: CopyNode, sourceCount: number): CopyHeredocSources {
  const lists: { sources: string[]; sourceRanges: SourceRange[]; heredocs: Heredoc[] } = { sources: [], sourceRanges: [], heredocs: [] };
  const rawHeredocs = node.rawHeredocs;
  for (let i = 0; i < sourceCount; i++) {
    const word = node.arg(i);
    const marker = parseHeredocWord(word);
    if (marker.kind !== 'heredoc') {
      lists.sources.push(word);
      lists.sourceRanges.push(node.argRange(i));
      continue;
    }
    const found = rawHeredocs.find((heredoc) => heredoc.name === marker.heredoc.name);
    lists.heredocs.push(
      found ?? { name: marker.heredoc.name, content: '', expand: marker.heredoc.expand, chomp: marker.heredoc.chomp, range: node.argRange(i) },
    );
  }
  return lists;
}

class ArgNode extends InstructionNode {
  declare readonly kind: 'arg';


  get args(): readonly ArgDeclaration[] {
    if (this.memo === undefined) {
      const count = this.argCount;
      const out = new Array<ArgDeclaration>(count);
      for (let i = 0; i < count; i++) {
        const word = this.arg(i);
        const range = this.argRange(i);
        const eq = word.indexOf('=');
        out[i] = eq < 0 ? { name: word, range } : { name: word.slice(0, eq), value: word.slice(eq + 1), range };
      }
      this.memo = out;
    }
    return this.memo as readonly ArgDeclaration[];
  }
}

/** ENV/LABEL: the raw words are key, value, separator triples. `bits`: 1 for the legacy `k v` form. */
class KeyValueNode extends InstructionNode {
  declare readonly kind: 'env' | 'label';


  get legacyForm(): boolean {
    return this.bits === 1;
  }

  get pairs(): readonly KeyValuePair[] {
    if (this.memo === undefined) {
      const count = this.argCount;
      const out = new Array<KeyValuePair>(Math.floor(count / 3));
      for (let i = 0; i + 2 < count; i += 3) {
        const keyStart = this.argRange(i)[0];
        const valueEnd = this.argRange(i + 1)[1];
        out[i / 3] = { key: this.arg(i), value: this.arg(i + 1), range: [keyStart, Math.max(keyStart, valueEnd)] };
      }
      this.memo = out;
    }
    return this.memo as readonly KeyValuePair[];
  }
}

class SingleValueNode extends InstructionNode {
  declare readonly kind: 'workdir' | 'user' | 'stopsignal' | 'maintainer';


  get value(): string {
    return this.arg(0);
  }

  get valueRange(): SourceRange {
    return this.argCount > 0 ? this.argRange(0) : [this.endOffset, this.endOffset];
  }
}

class ExposeNode extends InstructionNode {
  declare readonly kind: 'expose';


  get ports(): readonly string[] {
    return (this.memo ??= this.argSlice(0, this.argCount)) as readonly string[];
  }
}

class VolumeNode extends InstructionNode {
  declare readonly kind: 'volume';


  get paths(): readonly string[] {
    if (this.memo === undefined) {
      const args = this.argSlice(0, this.argCount);
      this.memo = args.some((path) => goTrimSpace(path) !== path) ? args.map((path) => goTrimSpace(path)) : args;
    }
    return this.memo as readonly string[];
  }

  get json(): boolean {
    return this.isJson;
  }
}

class CommandNode extends InstructionNode {
  declare readonly kind: 'cmd' | 'entrypoint';


  get command(): CommandLine {
    return (this.memo ??= commandOf(this, 0)) as CommandLine;
  }
}

class ShellNode extends InstructionNode {
  declare readonly kind: 'shell';


  get shell(): readonly string[] {
    if (this.memo === undefined) {
      const args = this.argSlice(0, this.argCount);
      this.memo = this.isJson ? args : args.length > 0 ? [args.join(' ')] : [];
    }
    return this.memo as readonly string[];
  }
}

const NO_OPTIONS: HealthcheckOptions = {};

/**
 * HEALTHCHECK: NONE, or CMD with its options, made when first asked from its words and flags
 * (with no words at all, the command is an empty shell script and there are no options).
 */
class HealthcheckNode extends InstructionNode {
  declare readonly kind: 'healthcheck';


  get check(): HealthcheckInstruction['check'] {
    if (this.memo === undefined) {
      const count = this.argCount;
      if (count === 0) this.memo = { type: 'cmd', command: commandOf(this, 1), options: NO_OPTIONS };
      else if (this.arg(0).toUpperCase() === 'NONE') this.memo = { type: 'none' };
      else this.memo = { type: 'cmd', command: commandOf(this, 1), options: healthcheckOptions(this.flags, undefined) };
    }
    return this.memo as HealthcheckInstruction['check'];
  }
}

/** ONBUILD. `extra`: the expression and the typed trigger (when there is one). */
class OnbuildNode extends InstructionNode {
  declare readonly kind: 'onbuild';


  get expression(): string {
    return (this.extra as { expression: string }).expression;
  }

  get trigger(): Instruction | undefined {
    return (this.extra as { trigger: Instruction | undefined }).trigger;
  }
}

class UnknownNode extends InstructionNode {
  declare readonly kind: 'unknown';

}

/**
 * Typed instructions are recorded during the parse as numbers on their node (kind, `bits`) plus
 * rare parts, and made as objects when the file's instruction list is first read
 * (`instructionAt`): a big file's instructions are then no objects the parse's garbage
 * collections have to copy.
 */

/** Every kind, in the order of their NODE_SHAPE codes. */
const KINDS = [
  'from', 'run', 'cmd', 'entrypoint', 'copy', 'add', 'arg', 'env', 'label', 'workdir', 'user', 'stopsignal', 'maintainer', 'expose', 'volume',
  'shell', 'healthcheck', 'onbuild', 'unknown',
] as const satisfies readonly Instruction['kind'][];
type Kind = (typeof KINDS)[number];
const KIND_CODES = new Map<Kind, number>(KINDS.map((kind, i) => [kind, i + 1]));

/**
 * Records node `raw` as a typed instruction of `kind`: `bits` and `extra` are what its class
 * reads (see each class); `flags` is kept only when it cannot be made again from the flag words
 * (some were rejected, or the kind ignores its flag words).
 */
export function recordInstruction(raw: RawNodeImpl, kind: Kind, flags: readonly Flag[] | undefined, bits: number, extra: unknown): void {
  const tables = raw.tables;
  const at = raw.index * NODE_STRIDE;
  const ints = tables.nodeInts;
  ints[at + NODE_SHAPE] = ((ints[at + NODE_SHAPE] ?? 0) & ~SHAPE_KIND_MASK) | ((KIND_CODES.get(kind) ?? 0) << SHAPE_KIND_SHIFT);
  ints[at + NODE_BITS] = bits;
  const flagList = flags !== undefined && (ints[at + NODE_FLAG_COUNT] ?? 0) > 0 ? flags : undefined;
  const more = raw.more;
  if (more !== undefined || flagList !== undefined || extra !== undefined) (tables.rare ??= [])[raw.index] = { more, flagList, extra };
}

/**
 * Instructions are made by plain constructor functions whose prototypes are the classes above,
 * not by `new` on the classes: tsx (the CLI and the benchmarks) compiles with esbuild's keepNames,
 * which redefines every class's `name`, and V8 then constructs derived classes several times
 * slower.
 */
type NodeConstructor = new (tables: SourceTables, index: number, keyword: string) => InstructionNode;

function nodeConstructor(prototype: InstructionNode): NodeConstructor {
  const make = function (this: Record<string, unknown>, tables: SourceTables, index: number, keyword: string) {
    this['tables'] = tables;
    this['index'] = index;
    this['keyword'] = keyword;
    this['memo'] = undefined;
  };
  make.prototype = prototype;
  return make as unknown as NodeConstructor;
}

/** A prototype for one kind: the class's, with `kind` on it (so instructions do not each carry it). */
function kindPrototype(base: InstructionNode, kind: Instruction['kind']): InstructionNode {
  return Object.create(base, { kind: { value: kind, enumerable: true } }) as InstructionNode;
}

const KIND_CLASSES: Readonly<Record<Kind, InstructionNode>> = {
  from: FromNode.prototype,
  run: RunNode.prototype,
  cmd: CommandNode.prototype,
  entrypoint: CommandNode.prototype,
  copy: CopyNode.prototype,
  add: CopyNode.prototype,
  arg: ArgNode.prototype,
  env: KeyValueNode.prototype,
  label: KeyValueNode.prototype,
  workdir: SingleValueNode.prototype,
  user: SingleValueNode.prototype,
  stopsignal: SingleValueNode.prototype,
  maintainer: SingleValueNode.prototype,
  expose: ExposeNode.prototype,
  volume: VolumeNode.prototype,
  shell: ShellNode.prototype,
  healthcheck: HealthcheckNode.prototype,
  onbuild: OnbuildNode.prototype,
  unknown: UnknownNode.prototype,
};
/** By NODE_SHAPE kind code (0: a node the instruction layer never typed, made as `unknown`). */
const MAKERS: readonly NodeConstructor[] = [
  nodeConstructor(kindPrototype(UnknownNode.prototype, 'unknown')),
  ...KINDS.map((kind) => nodeConstructor(kindPrototype(KIND_CLASSES[kind], kind))),
];

/** The typed instruction recorded on node `index`, as a new object. */
export function instructionAt(tables: SourceTables, index: number): Instruction {
  const code = (tables.nodeInt(index, NODE_SHAPE) & SHAPE_KIND_MASK) >>> SHAPE_KIND_SHIFT;
  const make = MAKERS[code] ?? (MAKERS[0] as NodeConstructor);
  return new make(tables, index, tables.keywordOf(index)) as unknown as Instruction;
}

/** Every top-level node's instruction (ONBUILD triggers are their ONBUILD's), in file order. */
export function topLevelInstructions(tables: SourceTables): Instruction[] {
  const count = tables.nodeCount;
  const ints = tables.nodeInts;
  let topLevel = 0;
  for (let index = 0; index < count; index++) if (((ints[index * NODE_STRIDE + NODE_SHAPE] ?? 0) & SHAPE_TRIGGER) === 0) topLevel++;
  const out = new Array<Instruction>(topLevel);
  let at = 0;
  for (let index = 0; index < count; index++) {
    if (((ints[index * NODE_STRIDE + NODE_SHAPE] ?? 0) & SHAPE_TRIGGER) === 0) out[at++] = instructionAt(tables, index);
  }
  return out;
}

/** Where `instruction` (one of this module's nodes) ends, without making its range tuple. */
export function instructionEnd(instruction: Instruction): number {
  return (instruction as unknown as InstructionNode).endOffset;
}

/** A raw node as plain data, with its word ranges as tuples (`flagRanges`, `argRanges`), for JSON output. */
export function rawNodeToJson(node: RawNode): Record<string, unknown> {
  const impl = node as RawNodeImpl;
  const out: Record<string, unknown> = { keyword: node.keyword, flags: node.flags, args: node.args, json: node.json };
  out['heredocs'] = node.heredocs;
  out['original'] = node.original;
  out['startLine'] = node.startLine;
  out['endLine'] = node.endLine;
  out['range'] = node.range;
  out['keywordRange'] = node.keywordRange;
  out['comments'] = node.comments;
  const flagRanges: SourceRange[] = [];
  for (let i = 0; i < impl.flagCount; i++) flagRanges.push(impl.tables.range(impl.wordIndex + i));
  const argRanges: SourceRange[] = [];
  for (let i = 0; i < impl.argCount; i++) argRanges.push(impl.tables.range(impl.wordIndex + impl.flagCount + i));
  out['flagRanges'] = flagRanges;
  out['argRanges'] = argRanges;
  if (node.child !== undefined) out['child'] = rawNodeToJson(node.child);
  return out;
}

const BASE_KEYS = ['keyword', 'keywordRange', 'range', 'startLine', 'endLine', 'text', 'flags', 'raw'] as const;

/** The keys of each kind's plain-data form, in order (`kind` first unless noted). */
const KIND_KEYS: Readonly<Record<Instruction['kind'], readonly string[]>> = {
  from: ['kind', ...BASE_KEYS, 'image', 'imageRange', 'platform', 'stageName', 'stageNameRange', 'asKeyword'],
  run: ['kind', ...BASE_KEYS, 'command', 'mounts', 'heredocs', 'network', 'security'],
  copy: ['kind', ...BASE_KEYS, 'sources', 'sourceRanges', 'destination', 'destinationRange', 'json', 'heredocs', 'link', 'parents', 'exclude', 'from', 'chown', 'chmod', 'keepGitDir', 'checksum', 'unpack'],
  add: ['kind', ...BASE_KEYS, 'sources', 'sourceRanges', 'destination', 'destinationRange', 'json', 'heredocs', 'link', 'parents', 'exclude', 'from', 'chown', 'chmod', 'keepGitDir', 'checksum', 'unpack'],
  arg: ['kind', ...BASE_KEYS, 'args'],
  env: ['kind', ...BASE_KEYS, 'pairs', 'legacyForm'],
  label: ['kind', ...BASE_KEYS, 'pairs', 'legacyForm'],
  workdir: ['kind', ...BASE_KEYS, 'value', 'valueRange'],
  user: ['kind', ...BASE_KEYS, 'value', 'valueRange'],
  stopsignal: ['kind', ...BASE_KEYS, 'value', 'valueRange'],
  maintainer: ['kind', ...BASE_KEYS, 'value', 'valueRange'],
  expose: ['kind', ...BASE_KEYS, 'ports'],
  volume: ['kind', ...BASE_KEYS, 'paths', 'json'],
  cmd: ['kind', ...BASE_KEYS, 'command'],
  entrypoint: ['kind', ...BASE_KEYS, 'command'],
  shell: [...BASE_KEYS, 'kind', 'shell'],
  healthcheck: [...BASE_KEYS, 'kind', 'check'],
  onbuild: [...BASE_KEYS, 'kind', 'expression', 'trigger'],
  unknown: [...BASE_KEYS, 'kind'],
};

/**
 * An instruction as plain data: every property of its interface that is set, in order. `raw`
 * becomes `rawNodeToJson`'s form (or is left out when `withRaw` is false), a trigger recursively.
 */
export function instructionToJson(instruction: Instruction, withRaw: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const source = instruction as unknown as Record<string, unknown>;
  for (const key of KIND_KEYS[instruction.kind]) {
    if (key === 'raw') {
      if (withRaw) out[key] = rawNodeToJson(instruction.raw);
      continue;
    }
    const value = source[key];
    if (value === undefined) continue;
    out[key] = key === 'trigger' ? instructionToJson(value as Instruction, true) : value;
  }
  return out;
}
