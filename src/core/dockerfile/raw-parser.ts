// The line parser: text → `RawNode`s, as BuildKit's `parser.Parse` (frontend/dockerfile/parser/
// parser.go) reads a Dockerfile. One pass over the string with char codes: physical lines are found
// with indexOf('\n'), an instruction's continuation lines are joined from source slices, and every
// word the line parsers produce is mapped back to its source offsets.
//
// Where BuildKit stops at the first error, this keeps going and reports each problem as a
// diagnostic, so an editor always gets the whole file.

import type { Diagnostic, DiagnosticCode, SourceRange } from '../diagnostics.ts';
import type { ParserDirectives } from './ast.ts';
import { directiveWord, matchDirective, parseCheckOptions, type DirectiveMatch } from './directives.ts';
import { goTrimSpace, isGoSpace, utf8Length } from './go-text.ts';
import { heredocsFromLine } from './heredoc.ts';
import { LineNodeSlot, parseInstructionLine, type LineNode, type Span } from './line-parsers.ts';
import { WordRangeTable } from './word-ranges.ts';
import { RawNodeImpl, SourceTables } from './nodes.ts';

/** bufio.Scanner's default buffer: a line of this many bytes or more fails the scan. */
const MAX_LINE_BYTES = 64 * 1024;

export interface RawParseResult {
  /** Every node's numbers and words (the nodes themselves went to the sink). */
  readonly tables: SourceTables;
  readonly directives: ParserDirectives;
  readonly escapeToken: '\\' | '`';
  readonly diagnostics: Diagnostic[];
}

/**
 * Receives each top-level node as soon as it is made, so the instruction layer types it while its
 * words are fresh (parser.ts): nothing per node has to be kept for a second pass.
 */
export type RawNodeSink = (
  node: RawNodeImpl,
  /** What the line parser made of it (its spans index into `lineText`). */
  line: LineNode,
  lineText: string,
  /** The node's `original` text (made when asked). */
  original: { readonly text: string },
  words: WordRangeTable,
  /** BuildKit's parser would have rejected the node; the instruction layer does not repeat its errors. */
  rejected: boolean,
) => void;

/**
 * Maps offsets in a joined instruction line back to the source. Most instructions are one line,
 * so the first segment lives in fields and only continuation segments use the arrays.
 */
class JoinedLine {
  /** The joined text so far; a one-segment line's is made only when asked (`text`). */
  private joinedText: string | undefined = '';
  /** Length of the joined text. */
  length = 0;
  private source = '';
  private firstSource = 0;
  private firstLength = 0;
  // Continuation segments as triples (joined start, source start, length) in `moreScratch`, which
  // is reused and never truncated (truncating drops an array's storage); `moreLength` entries count.
  private more: number[] | undefined;
  private moreLength = 0;
  private moreScratch: number[] = [];
  private cursor = 0; // index in `more` of the segment the last lookup found

  /** Empties the line for the next instruction (one instance serves a whole file). */
  reset(): void {
    this.joinedText = '';
    this.source = '';
    this.length = 0;
    this.direct = false;
    this.firstSource = 0;
    this.firstLength = 0;
    this.more = undefined;
    this.moreLength = 0;
    this.cursor = 0;
    // A huge continued instruction must not keep its big array for the rest of the session.
    if (this.moreScratch.length > 30_000) this.moreScratch = [];
  }

  add(source: string, start: number, end: number): void {
    if (this.more === undefined) {
      this.source = source;
      this.firstSource = start;
      this.firstLength = end - start;
      this.joinedText = undefined;
      this.length = end - start;
      this.more = NO_SEGMENTS;
      return;
    }
    if (this.more === NO_SEGMENTS) this.more = this.moreScratch;
    const more = this.more;
    const at = this.moreLength;
    more[at] = this.length;
    more[at + 1] = start;
    more[at + 2] = end - start;
    this.moreLength = at + 3;
    this.joinedText = undefined;
    this.length += end - start;
  }

  /** The joined text (for a one-segment line, a slice of the source made now). */
  get text(): string {
    if (this.joinedText === undefined) {
      const source = this.source;
      const more = this.more ?? NO_SEGMENTS;
      const moreLength = this.moreLength;
      if (moreLength === 0) this.joinedText = source.slice(this.firstSource, this.firstSource + this.firstLength);
      else {
        let text = source.slice(this.firstSource, this.firstSource + this.firstLength);
        for (let k = 0; k < moreLength; k += 3) text += source.slice(more[k + 1] ?? 0, (more[k + 1] ?? 0) + (more[k + 2] ?? 0));
        this.joinedText = text;
      }
    }
    return this.joinedText;
  }

  /** Whether the joined text contains `<<` (a heredoc marker may follow), without making it. */
  hasHeredocMarker(): boolean {
    if (this.joinedText !== undefined || this.more !== NO_SEGMENTS) return this.text.indexOf('<<') >= 0;
    const source = this.source;
    const end = this.firstSource + this.firstLength - 1;
    for (let i = this.firstSource; i < end; i++) if (source.charCodeAt(i) === 0x3c && source.charCodeAt(i + 1) === 0x3c) return true;
    return false;
  }

  /** Records the line's source pieces in `tables`; returns how many. */
  segmentsInto(tables: SourceTables): number {
    tables.addSegment(this.firstSource, this.firstSource + this.firstLength);
    const more = this.more ?? NO_SEGMENTS;
    for (let k = 0; k < this.moreLength; k += 3) tables.addSegment(more[k + 1] ?? 0, (more[k + 1] ?? 0) + (more[k + 2] ?? 0));
    return 1 + this.moreLength / 3;
  }

  /** True while the line is one segment: the line parsers then read the source itself, so offsets are already source offsets. */
  direct = false;

  /** Whether the line is a single segment of the source. */
  isSingle(): boolean {
    return this.more === NO_SEGMENTS;
  }

  /** Source offset of joined offset `at`; at a segment boundary, `asEnd` picks the earlier segment. */
  toSource(at: number, asEnd: boolean): number {
    if (this.direct) return at;
    const firstLength = this.firstLength;
    if (at < firstLength || (asEnd && at === firstLength && firstLength > 0)) return this.firstSource + Math.max(0, at);
    const more = this.more;
    const moreLength = this.moreLength;
    if (more === undefined || moreLength === 0) return this.firstSource + firstLength;
    // Words are mapped left to right: resume from the segment of the previous lookup when every
    // segment before it ends before `at`, so a long continued instruction stays linear.
    let k = this.cursor < moreLength && at > (more[this.cursor] ?? 0) ? this.cursor : 0;
    for (; k < moreLength; k += 3) {
      const start = more[k] ?? 0;
      const length = more[k + 2] ?? 0;
      if (at < start + length || (asEnd && at === start + length && length > 0)) {
        this.cursor = k;
        return (more[k + 1] ?? 0) + Math.max(0, at - start);
      }
    }
    return (more[moreLength - 2] ?? 0) + (more[moreLength - 1] ?? 0);
  }

  range(span: Span): SourceRange {
    const start = this.toSource(span[0], false);
    if (span[1] <= span[0]) return [start, start];
    return [start, Math.max(start, this.toSource(span[1], true))];
  }

  /**
   * Maps each start, end pair of `spans` to the source and appends it, with word `k`'s text
   * `texts[k]`, to `table`. `verbatimWhenSameLength`: the line parsers make such a word as the
   * line's slice at its span (argument words: JSON strings are always shorter than their span,
   * trimmed words too), so the text is the source slice when its span, its source range and it
   * have one length; other words are compared.
   */
  pushAll(spans: readonly number[], texts: readonly string[] | null, table: WordRangeTable, verbatimWhenSameLength: boolean, line: string): void {
    // A one-line instruction's spans are source offsets, and texts-free words are their slices.
    if (texts === null && this.direct) {
      table.pushSlices(spans);
      return;
    }
    for (let i = 0; i + 1 < spans.length; i += 2) {
      const from = spans[i] as number;
      const to = spans[i + 1] as number;
      const start = this.toSource(from, false);
      const end = to <= from ? start : Math.max(start, this.toSource(to, true));
      if (texts === null) {
        // The word is the line's slice at its span: the source's too, unless it spans a continuation.
        if (end - start === to - from) table.push(start, end);
        else table.pushWord(start, end, line.slice(from, to));
        continue;
      }
      const text = texts[i >> 1] ?? '';
      if (verbatimWhenSameLength && to - from === text.length && end - start === text.length) table.push(start, end);
      else table.pushWord(start, end, text);
    }
  }
}

const NO_SEGMENTS: number[] = [];

/** One joined line and one line node serve every parse (parsing is synchronous and never re-entered). */
const sharedJoined = new JoinedLine();
const lineSlot = new LineNodeSlot();
/** Shared and never written to: code that appends checks for it first. */
const NO_COMMENTS: string[] = [];

const EMPTY_WARNING_HINT =
  'Delete the empty line, or end it with the escape character too; Docker warns now and will reject this in a future release.';

function report(
  diagnostics: Diagnostic[],
  code: DiagnosticCode,
  severity: Diagnostic['severity'],
  message: string,
  range: SourceRange,
  engineMessage?: string,
): void {
  diagnostics.push(engineMessage === undefined ? { code, severity, message, range } : { code, severity, message, range, engineMessage });
}

/** Parses Dockerfile text into raw nodes (BuildKit `parser.Parse`), handing each to `sink`. Never throws. */
export function parseRawNodes(source: string, sink: RawNodeSink): RawParseResult {
  const diagnostics: Diagnostic[] = [];
  let nodeCount = 0;
  const words = new WordRangeTable(source);
  const tables = new SourceTables(source);

  const length = source.length;
  // Every top-level node is this one object pointed at the next record: the sink types it at once
  // and keeps numbers, not the node (a big file's nodes would otherwise all survive the parse).
  const cursor = new RawNodeImpl(tables, 0, '', undefined);
  let escape = 0x5c;
  let escapeToken: '\\' | '`' = '\\';
  const directives: { syntax?: DirectiveValue; escape?: { value: '\\' | '`'; range: SourceRange }; check?: DirectiveValue } = {};
  const seenDirectives = new Set<string>();
  let directivesDone = false;
  // The comment lines above the next instruction: a fresh array once there is one, appended to in
  // place (copying it per line was quadratic in a long comment block), handed to that node.
  let comments: string[] = NO_COMMENTS;
  let pos = 0;
  let lineNumber = 0;

  // Every physical line goes through here first (bufio.Scanner + trimNewline).
  let lineStart = 0;
  let lineEnd = 0; // end of the content, trailing \r removed
  let lineBreak = 0; // index of the '\n', or length
  const readLine = (): void => {
    lineStart = pos;
    const newline = source.indexOf('\n', pos);
    lineBreak = newline < 0 ? length : newline;
    pos = newline < 0 ? length : newline + 1;
    lineNumber++;
    let end = lineBreak;
    while (end > lineStart && source.charCodeAt(end - 1) === 0x0d) end--;
    lineEnd = end;
    if (lineBreak - lineStart >= MAX_LINE_BYTES / 3 && utf8Length(source, lineStart, lineBreak) >= MAX_LINE_BYTES) {
      report(
        diagnostics,
        'LINE_TOO_LONG',
        'error',
        `Line ${lineNumber} is longer than the 65535 bytes Docker can read in one line. Split it with line continuations.`,
        [lineStart, lineBreak],
        `dockerfile line greater than max allowed size of ${MAX_LINE_BYTES - 1}`,
      );
    }
  };

  /** The continuation test `([^E])E[ \t]*$|^E[ \t]*$`: returns where the kept text ends, or -1. */
  const continuationEnd = (start: number, end: number): number => {
    let e = end;
    while (e > start) {
      const code = source.charCodeAt(e - 1);
      if (code !== 0x20 && code !== 0x09) break;
      e--;
    }
    if (e > start && source.charCodeAt(e - 1) === escape && (e - 1 === start || source.charCodeAt(e - 2) !== escape)) return e - 1;
    return -1;
  };

  const applyDirective = (match: DirectiveMatch, contentStart: number): boolean => {
    const valueStart = contentStart + match.valueOffset;
    const range: SourceRange = [valueStart, valueStart + match.value.length];
    if (seenDirectives.has(match.name)) {
      report(
        diagnostics,
        'DUPLICATE_DIRECTIVE',
        'error',
        `The ${match.name} directive is already set above. Keep only one "# ${match.name}=" line.`,
        [contentStart, lineEnd],
        `only one ${match.name} parser directive can be used`,
      );
      return true;
    }
    seenDirectives.add(match.name);
    if (match.name === 'escape') {
      if (match.value !== '\\' && match.value !== '`') {
        report(
          diagnostics,
          'INVALID_ESCAPE_DIRECTIVE',
          'error',
          'The escape directive accepts only a backslash (\\) or a backtick (`). Change the value to one of them.',
          range,
          `invalid escape token '${match.value}' does not match \` or \\`,
        );
        return true;
      }
      escapeToken = match.value;
      escape = escapeToken.charCodeAt(0);
      directives.escape = { value: escapeToken, range };
    } else if (match.name === 'syntax') {
      directives.syntax = { value: match.value, range };
    } else {
      directives.check = { value: match.value, range };
      const parsed = parseCheckOptions(directiveWord(match.value));
      if ('error' in parsed) {
        report(
          diagnostics,
          'INVALID_CHECK_DIRECTIVE',
          'error',
          'The check directive is not understood. Write it as "# check=skip=<rules|all>;error=<true|false>;experimental=<rules|all>".',
          range,
          parsed.error,
        );
      }
    }
    return true;
  };

  while (pos < length) {
    readLine();
    let contentStart = lineStart;
    if (lineNumber === 1 && source.charCodeAt(0) === 0xfeff) contentStart = 1;
    const first = skipGoSpaceUnits(source, contentStart, lineBreak);
    const isComment = first < lineBreak && source.charCodeAt(first) === 0x23;
    if (isComment) {
      // BuildKit drops the line's first byte (`bytesRead[1:]`), which is the `#` only when the line
      // has no indentation.
      const comment = goTrimSpace(source.slice(contentStart + 1, lineBreak));
      if (comment === '') comments = NO_COMMENTS;
      else if (comments === NO_COMMENTS) comments = [comment];
      else comments.push(comment);
    }
    const trimmedStart = first < lineEnd ? first : lineEnd;
    if (!directivesDone) {
      const match = matchDirective(source.slice(trimmedStart, lineEnd));
      if (match) {
        if (applyDirective(match, trimmedStart) && isComment && comments !== NO_COMMENTS) {
          comments.pop();
          if (comments.length === 0) comments = NO_COMMENTS;
        }
      } else {
        directivesDone = true;
      }
    }
    if (isComment || trimmedStart >= lineEnd) continue;

    // The first line of an instruction.
    const startLine = lineNumber;
    const instructionStart = trimmedStart;
    const joined = sharedJoined;
    joined.reset();
    let keptEnd = continuationEnd(trimmedStart, lineEnd);
    let ended = keptEnd < 0;
    joined.add(source, trimmedStart, ended ? lineEnd : keptEnd);
    let lastEnd = lineEnd;
    let emptyLine: SourceRange | undefined;
    while (!ended && pos < length) {
      readLine();
      lastEnd = lineEnd;
      const firstChar = skipGoSpaceUnits(source, lineStart, lineBreak);
      if (firstChar < lineBreak && source.charCodeAt(firstChar) === 0x23) continue;
      if (firstChar >= lineEnd) {
        emptyLine ??= [lineStart, lineEnd];
        continue;
      }
      keptEnd = continuationEnd(lineStart, lineEnd);
      ended = keptEnd < 0;
      joined.add(source, lineStart, ended ? lineEnd : keptEnd);
    }
    // A one-line instruction (most of them) is parsed in place in the source: no offset mapping,
    // no copy of its text, and the scanners read a flat string instead of a slice of it.
    joined.direct = joined.isSingle();
    const lineLength = joined.length;
    const lineText = joined.direct ? source : joined.text;
    const lineStartAt = joined.direct ? trimmedStart : 0;
    if (emptyLine) {
      report(
        diagnostics,
        'EMPTY_CONTINUATION_LINE',
        'warning',
        `This blank line sits inside a continued instruction. ${EMPTY_WARNING_HINT}`,
        emptyLine,
        `Empty continuation line found in: ${joined.text}`,
      );
    }

    const parsed = parseInstructionLine(lineText, lineStartAt, lineStartAt + lineLength, escape, lineSlot);
    let rejectedNode = false;
    if (parsed.error) {
      rejectedNode = true;
      const range = joined.range(parsed.error.span);
      const message =
        parsed.error.code === 'JSON_NOT_STRINGS'
          ? 'Every element of an exec-form JSON array must be a "quoted string". Quote this element or use shell form.'
          : parsed.error.code === 'MISSING_ARGUMENTS'
            ? `${parsed.keyword.toUpperCase()} needs a value: write "${parsed.keyword.toUpperCase()} name=value" (or "name value").`
            : 'Every word here must be a name=value pair. Add the "=" or quote the value so it stays one word.';
      report(diagnostics, parsed.error.code, 'error', message, range, parsed.error.message);
    }
    const invalidJson = parsed.invalidJsonSpan ?? parsed.child?.invalidJsonSpan;
    if (invalidJson) {
      report(
        diagnostics,
        'INVALID_JSON',
        'warning',
        'This starts like a JSON array but is not valid JSON (use double quotes and commas), so Docker treats it as shell form.',
        joined.range(invalidJson),
      );
    }

    // Heredocs: only RUN/COPY/ADD (or ONBUILD of those) in shell form (`canContainHeredoc`).
    // Each heredoc is recorded as numbers in the tables (nodes.ts makes its object when read).
    const firstHeredoc = tables.heredocCount;
    const target = parsed.child && parsed.lower === 'onbuild' ? parsed.child : parsed;
    const targetKeyword = target.lower;
    if (
      (targetKeyword === 'run' || targetKeyword === 'copy' || targetKeyword === 'add') &&
      !target.json &&
      joined.hasHeredocMarker()
    ) {
      const found = heredocsFromLine(joined.text);
      if (found.error !== undefined) {
        rejectedNode = true;
        report(
          diagnostics,
          'INVALID_HEREDOC',
          'error',
          'This heredoc marker cannot be read: check that its quotes are balanced.',
          [instructionStart, lastEnd],
          found.error,
        );
      }
      for (const marker of found.heredocs) {
        const bodyStart = pos;
        let terminated = false;
        let bodyEnd = pos;
        let terminatorEnd = pos;
        let nameStart = -1;
        while (pos < length) {
          readLine();
          let candidate = lineStart;
          if (marker.chomp) while (candidate < lineEnd && source.charCodeAt(candidate) === 0x09) candidate++;
          if (lineEnd - candidate === marker.name.length && source.startsWith(marker.name, candidate)) {
            terminated = true;
            bodyEnd = lineStart;
            terminatorEnd = lineEnd;
            nameStart = candidate;
            break;
          }
        }
        if (!terminated) {
          bodyEnd = length;
          terminatorEnd = length;
          rejectedNode = true;
          report(
            diagnostics,
            'UNTERMINATED_HEREDOC',
            'error',
            `The heredoc "${marker.name}" never ends. Add a line that is exactly "${marker.name}" after its content.`,
            [instructionStart, length],
            'unterminated heredoc',
          );
        }
        lastEnd = terminatorEnd;
        tables.addHeredoc(bodyStart, bodyEnd, terminatorEnd, nameStart, marker.name, marker.expand, marker.chomp, marker.fileDescriptor);
        if (!terminated) break;
      }
    }

    const heredocCount = tables.heredocCount - firstHeredoc;
    const node = toRawNode(tables, parsed, joined, words, lineText, lineLength, startLine, lineNumber, instructionStart, lastEnd, firstHeredoc, heredocCount, comments, cursor);
    nodeCount++;
    sink(node, parsed, lineText, joined, words, rejectedNode);
    comments = NO_COMMENTS;
  }

  if (!directives.syntax && !directives.check) detectAfterShebang(source, directives);

  if (length === 0) {
    report(
      diagnostics,
      'EMPTY_FILE',
      'error',
      'The Dockerfile is empty. Start it with a FROM instruction, for example "FROM alpine:3.20".',
      [0, 0],
      'the Dockerfile cannot be empty',
    );
  } else if (nodeCount === 0) {
    report(
      diagnostics,
      'NO_INSTRUCTIONS',
      'error',
      'This Dockerfile has only comments or blank lines. Add instructions, starting with FROM.',
      [0, length],
      'file with no instructions',
    );
  }

  tables.finish(words);
  // The shared line objects must not keep this file's text or words alive until the next parse.
  sharedJoined.reset();
  lineSlot.release();
  return {
    tables,
    directives: directives as ParserDirectives,
    escapeToken,
    diagnostics,
  };
}

interface DirectiveValue {
  value: string;
  range: SourceRange;
}

/**
 * BuildKit finds `# syntax=` and `# check=` with `parser.DetectSyntax`/`ParseDirective`, which skip
 * a leading `#!` line (directives.go `discardShebang`); the main parser does not, so after a
 * shebang these two are still honoured while `# escape=` is not. Lines are not left-trimmed there.
 */
function detectAfterShebang(source: string, directives: { syntax?: DirectiveValue; check?: DirectiveValue }): void {
  const start = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (!source.startsWith('#!', start)) return;
  let pos = source.indexOf('\n', start);
  const seen = new Set<string>();
  while (pos >= 0 && pos < source.length) {
    const lineStart = pos + 1;
    const newline = source.indexOf('\n', lineStart);
    let lineEnd = newline < 0 ? source.length : newline;
    if (lineEnd > lineStart && source.charCodeAt(lineEnd - 1) === 0x0d) lineEnd--;
    const match = matchDirective(source.slice(lineStart, lineEnd));
    if (!match || seen.has(match.name)) return;
    seen.add(match.name);
    const valueStart = lineStart + match.valueOffset;
    const value: DirectiveValue = { value: match.value, range: [valueStart, valueStart + match.value.length] };
    if (match.name === 'syntax') directives.syntax = value;
    if (match.name === 'check') directives.check = value;
    pos = newline;
  }
}

/** Like skipGoSpace, but stops at `end` and is used on raw lines (where `\r` counts as space). */
function skipGoSpaceUnits(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && isGoSpace(text.charCodeAt(i))) i++;
  return i;
}

function toRawNode(
  tables: SourceTables,
  parsed: LineNode,
  joined: JoinedLine,
  words: WordRangeTable,
  /** The text `parsed`'s spans index into (the source itself for a one-line instruction). */
  spanText: string,
  /** Length of the joined line. */
  lineLength: number,
  startLine: number,
  endLine: number,
  start: number,
  end: number,
  firstHeredoc: number,
  heredocCount: number,
  comments: readonly string[],
  /** Reused for a top-level node (see `RawNodeImpl.moveTo`); undefined for a kept one. */
  cursor: RawNodeImpl | undefined,
  isChild = false,
): RawNodeImpl {
  const keywordStart = joined.toSource(parsed.spanStart, false);
  const keywordEnd = parsed.keywordEnd <= parsed.spanStart ? keywordStart : Math.max(keywordStart, joined.toSource(parsed.keywordEnd, true));
  const wordIndex = words.count;
  joined.pushAll(parsed.flagSpans, parsed.flags, words, false, spanText);
  joined.pushAll(parsed.argSpans, parsed.args, words, true, spanText);
  let child: RawNodeImpl | undefined;
  if (parsed.child) {
    const lineChild = parsed.child;
    const childRange = joined.range([lineChild.spanStart, lineChild.spanEnd]);
    child = toRawNode(tables, lineChild, joined, words, spanText, lineLength, startLine, endLine, childRange[0], childRange[1], 0, 0, NO_COMMENTS, undefined, true);
  }
  // A top-level node's Original is the whole joined line; an ONBUILD child's is its trimmed text.
  // Either is a slice of the source unless continuation lines were joined.
  // (A child's range starts where its text does: `start` is the original's start either way.)
  // A continued top-level node keeps where its pieces are; a continued trigger (rare) its text.
  let originalEnd = 0;
  let originalText: string | undefined;
  let firstSegment = 0;
  let segmentCount = 0;
  if (joined.direct) {
    originalEnd = isChild ? parsed.spanEnd : start + lineLength;
  } else if (isChild) {
    originalText = spanText.slice(parsed.spanStart, parsed.spanEnd);
  } else {
    segmentCount = joined.segmentsInto(tables);
    firstSegment = tables.segmentCount - segmentCount;
  }
  const index = tables.addNode(
    parsed.keyword, wordIndex, parsed.flags.length, parsed.argSpans.length >> 1, parsed.json, isChild, startLine, endLine, start, end,
    keywordStart, keywordEnd, originalEnd, firstSegment, segmentCount, firstHeredoc, heredocCount,
  );
  const plain = comments.length === 0 && originalText === undefined && child === undefined;
  const more = plain ? undefined : { comments, originalText, child };
  return cursor ? cursor.moveTo(index, parsed.keyword, more) : new RawNodeImpl(tables, index, parsed.keyword, more);
}

