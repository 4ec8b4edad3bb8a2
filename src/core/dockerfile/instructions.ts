// Raw nodes → typed instructions grouped into stages, as BuildKit's `instructions.Parse`
// (frontend/dockerfile/instructions/parse.go) does: per-instruction argument counts, flags,
// FROM/AS, HEALTHCHECK options, ONBUILD triggers, meta ARGs before the first FROM. BuildKit stops
// at the first error and prints `dockerfile parse error on line N: <message>`; here every problem
// becomes a diagnostic carrying that text, and the instruction is still built as well as it can be.

import type { Diagnostic, DiagnosticCode, SourceRange } from '../diagnostics.ts';
import type { ArgInstruction, Flag, FromInstruction, Instruction, Stage } from './ast.ts';
import { flagSpecOf, NO_FLAGS, NO_PARSED_FLAGS, parseFlags, type FlagType, type ParsedFlags } from './flags.ts';
import { goQuote, goTrimSpace } from './go-text.ts';
import { healthcheckOptions } from './healthcheck-options.ts';
import { parseHeredocWord } from './heredoc.ts';
import { parseRunMount } from './run-mount.ts';
import { suggest, withSuggestion } from './suggest.ts';
import { lineArg, lineArgCount, type LineNode } from './line-parsers.ts';
import { instructionAt, instructionEnd, RawNodeImpl, recordInstruction, runModes } from './nodes.ts';
import type { WordRangeTable } from './word-ranges.ts';

/** Every instruction BuildKit knows (command.Commands), upper-cased for suggestions. */
export const INSTRUCTION_NAMES = [
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN',
  'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
] as const;

const NO_FLAGS_LIST: readonly Flag[] = [];
/** Upper-case names for messages, made once instead of once per instruction. */
const KEYWORD_NAMES = {
  copy: 'COPY', add: 'ADD', env: 'ENV', label: 'LABEL', workdir: 'WORKDIR', user: 'USER', stopsignal: 'STOPSIGNAL', maintainer: 'MAINTAINER',
} as const;

const STAGE_NAME = /^[a-z][a-z0-9\-_.]*$/;
const SYMBOLIC_CHMOD = /^[ugoa]*([-+=]([rwxXst]*|[ugo]))+(,[ugoa]*([-+=]([rwxXst]*|[ugo]))+)*$/;

/** Collects the diagnostics of one instruction, with BuildKit's wrapping of its error texts. */
class Reporter {
  constructor(
    private readonly out: Diagnostic[],
    /** The instruction's start line; the reporter is reused from one instruction to the next. */
    public line: number,
    private readonly asTrigger: boolean,
  ) {}

  /** A problem `instructions.Parse` reports (`dockerfile parse error on line N: …`). */
  parse(code: DiagnosticCode, message: string, range: SourceRange, engine: string): void {
    this.push(code, message, range, `dockerfile parse error on line ${this.line}: ${engine}`);
  }

  /** A problem BuildKit finds later, while converting the stage (its text is not wrapped). */
  later(code: DiagnosticCode, message: string, range: SourceRange, engine: string): void {
    this.push(code, message, range, engine);
  }

  private push(code: DiagnosticCode, message: string, range: SourceRange, engineMessage: string): void {
    if (this.asTrigger) {
      // A trigger is only checked when a later build runs it (BuildKit parses it then).
      this.out.push({
        code,
        severity: 'warning',
        message: `This ONBUILD trigger will fail when an image built FROM this one runs it: ${message}`,
        range,
        engineMessage,
      });
      return;
    }
    this.out.push({ code, severity: 'error', message, range, engineMessage });
  }
}

interface Context {
  node: RawNodeImpl;
  /** The node's words as the line parser made them (the node reads its own from the tables once the parse ends). */
  /** Number of argument words (read them with `argText`). */
  argCount: number;
  /** The text the line node's spans index into (the source, or a continued line's joined text). */
  lineText: string;
  flagWords: readonly string[];
  line: LineNode;
  /** The node's `original` (also `node.original`), made when asked. */
  original: { readonly text: string };
  readonly words: WordRangeTable;
  readonly report: Reporter;
  /** BuildKit's parser already rejected the node; do not repeat argument-count errors. */
  rejected: boolean;
  readonly diagnostics: Diagnostic[];
}

/** Argument `index`'s text (made now: most words are never needed as strings). */
function argText(ctx: Context, index: number): string {
  return lineArg(ctx.line, ctx.lineText, index);
}

/** Argument `index`'s length, without making the word. */
function argLength(ctx: Context, index: number): number {
  const args = ctx.line.args;
  if (args !== null) return (args[index] ?? '').length;
  return (ctx.line.argSpans[2 * index + 1] ?? 0) - (ctx.line.argSpans[2 * index] ?? 0);
}

/** Argument `index`'s first character code (NaN for an empty word), without making the word. */
function argFirstCode(ctx: Context, index: number): number {
  const args = ctx.line.args;
  if (args !== null) return (args[index] ?? '').charCodeAt(0);
  return argLength(ctx, index) === 0 ? Number.NaN : ctx.lineText.charCodeAt(ctx.line.argSpans[2 * index] ?? 0);
}

/** Whether argument `index` is `word` in any case (ASCII), without making it. */
function argIsWord(ctx: Context, index: number, word: string): boolean {
  if (argLength(ctx, index) !== word.length) return false;
  return argText(ctx, index).toLowerCase() === word;
}

/** Whether argument `index` contains `text`, without making the word. */
function argContains(ctx: Context, index: number, text: string): boolean {
  const args = ctx.line.args;
  if (args !== null) return (args[index] ?? '').indexOf(text) >= 0;
  // Bounded by hand: for a one-line instruction `lineText` is the whole file.
  const spans = ctx.line.argSpans;
  const line = ctx.lineText;
  const last = (spans[2 * index + 1] ?? 0) - text.length;
  const first = text.charCodeAt(0);
  for (let at = spans[2 * index] ?? 0; at <= last; at++) if (line.charCodeAt(at) === first && line.startsWith(text, at)) return true;
  return false;
}

/** Pair index in `ctx.words` of the node's argument `index`. */
function argWord(ctx: Context, index: number): number {
  return ctx.node.wordIndex + ctx.node.flagCount + index;
}

/** A fresh tuple for argument `index` (only for ranges the AST keeps or a diagnostic needs). */
function argRange(ctx: Context, index: number): SourceRange {
  const node = ctx.node;
  if (index < 0 || index >= ctx.argCount) return [node.keywordEnd, node.keywordEnd];
  return ctx.words.range(argWord(ctx, index));
}

/** The range of all arguments, or the keyword when there are none. */
function argsRange(ctx: Context): SourceRange {
  const node = ctx.node;
  if (ctx.argCount === 0) return node.keywordRange;
  const start = ctx.words.start(argWord(ctx, 0));
  return [start, Math.max(start, ctx.words.end(argWord(ctx, ctx.argCount - 1)))];
}

/**
 * What a node keeps of its validated flags: nothing when they are all good (the node makes them
 * again from its flag words when asked, with the spec its kind has), else the list.
 */
function keptFlags(parsed: ParsedFlags): readonly Flag[] | undefined {
  return parsed.flags.length > 0 && parsed.problems.length === 0 ? undefined : parsed.flags;
}

function checkFlags(ctx: Context, spec: Readonly<Record<string, FlagType>>): ParsedFlags {
  if (ctx.flagWords.length === 0) return NO_PARSED_FLAGS;
  const node = ctx.node;
  const parsed = parseFlags(ctx.flagWords, ctx.words, node.wordIndex, spec, node.keyword, node.keywordRange);
  for (const problem of parsed.problems) ctx.report.parse(problem.code, problem.message, problem.range, problem.engine);
  return parsed;
}

function exactlyOne(ctx: Context, name: string): void {
  if (ctx.argCount !== 1 && !ctx.rejected) {
    ctx.report.parse(
      ctx.argCount === 0 ? 'MISSING_ARGUMENTS' : 'TOO_MANY_ARGUMENTS',
      `${name} needs exactly one value after the keyword.`,
      ctx.argCount === 0 ? ctx.node.keywordRange : argsRange(ctx),
      `${name} requires exactly one argument`,
    );
  }
}

function atLeastOne(ctx: Context, name: string, count: number, example: string): boolean {
  if (count > 0 || ctx.rejected) return true;
  ctx.report.parse('MISSING_ARGUMENTS', `${name} needs at least one argument, for example "${example}".`, ctx.node.keywordRange, `${name} requires at least one argument`);
  return false;
}

function parseFrom(ctx: Context): 'from' {
  const { node, report } = ctx;
  const count = ctx.argCount;
  let stage: 0 | 1 | 2 = 0;
  if (count === 3 && argIsWord(ctx, 1, 'as')) {
    stage = 1;
    const name = argText(ctx, 2).toLowerCase();
    if (STAGE_NAME.test(name)) stage = 2;
    else {
      report.parse(
        'INVALID_STAGE_NAME',
        `"${argText(ctx, 2)}" cannot name a stage: start with a letter and use only letters, digits, "-", "_" and ".".`,
        argRange(ctx, 2),
        `invalid name for build stage: ${goQuote(argText(ctx, 2))}, name can't start with a number or contain symbols`,
      );
    }
  } else if (count !== 1) {
    report.parse(
      'FROM_ARGUMENT_COUNT',
      count === 0
        ? 'FROM needs an image (or an earlier stage name), for example "FROM alpine:3.20".'
        : 'FROM takes an image, optionally followed by "AS <name>": for example "FROM golang:1.22 AS build".',
      count === 0 ? node.keywordRange : argsRange(ctx),
      'FROM requires either one or three arguments',
    );
  }
  const flags = checkFlags(ctx, flagSpecOf('from'));
  return recorded(node, 'from', keptFlags(flags), stage, flags.string('platform')?.value);
}

/** Records `node` as an instruction of `kind` (nodes.ts `recordInstruction`) and returns the kind. */
function recorded<K extends Instruction['kind']>(node: RawNodeImpl, kind: K, flags: readonly Flag[] | undefined, bits: number, extra: unknown): K {
  recordInstruction(node, kind, flags, bits, extra);
  return kind;
}

function parseRun(ctx: Context): Instruction['kind'] {
  const { node, report } = ctx;
  const flags = checkFlags(ctx, flagSpecOf('run'));
  // The node makes its mounts again from these flags when they are read; here only their problems count.
  for (const { value, range } of flags.strings('mount')) {
    const { problem } = parseRunMount(value, range);
    if (problem) {
      if (problem.atParse) report.parse('INVALID_MOUNT', problem.message, range, problem.engine);
      else report.later('INVALID_MOUNT', problem.message, range, problem.engine);
    }
  }
  const networkFlag = flags.string('network');
  let network: 'default' | 'none' | 'host' | undefined;
  if (networkFlag) {
    const value = networkFlag.value;
    if (value === 'default' || value === 'none' || value === 'host') network = value;
    else {
      report.parse(
        'FLAG_INVALID_VALUE',
        `--network accepts default, none or host, not "${value}".`,
        networkFlag.range,
        `invalid network mode ${goQuote(value)}`,
      );
    }
  }
  const securityFlag = flags.string('security');
  let security: 'sandbox' | 'insecure' | undefined;
  if (securityFlag) {
    const value = securityFlag.value;
    if (value === 'sandbox' || value === 'insecure') security = value;
    else {
      report.parse(
        'FLAG_INVALID_VALUE',
        `--security accepts sandbox or insecure, not "${value}".`,
        securityFlag.range,
        `security ${goQuote(value)} is not valid`,
      );
    }
  }
  for (const device of flags.strings('device')) {
    report.parse(
      'UNKNOWN_FLAG',
      'RUN --device needs the labs channel of the Dockerfile frontend ("# syntax=docker/dockerfile:1-labs").',
      device.range,
      'device feature is only supported in Dockerfile frontend 1.14.0-labs or later',
    );
  }
  return recorded(node, 'run', keptFlags(flags), runModes(network, security), undefined);
}

function checkChmod(ctx: Context, flag: { value: string; range: SourceRange } | undefined): void {
  if (!flag || flag.value.indexOf('$') >= 0) return;
  const value = flag.value;
  const octal = /^[0-7]+$/.test(value) ? parseInt(value, 8) : undefined;
  if ((octal !== undefined && octal <= 0o7777) || (octal === undefined && SYMBOLIC_CHMOD.test(value))) return;
  ctx.report.later(
    'FLAG_INVALID_VALUE',
    `--chmod takes an octal mode between 0 and 7777 (such as 755) or a symbolic mode (such as u+x), not "${value}".`,
    flag.range,
    `invalid chmod parameter: '${value}'. it should be octal string and between 0 and 07777`,
  );
}

function parseCopy(ctx: Context, kind: 'copy' | 'add'): Instruction['kind'] {
  const { node, report } = ctx;
  const name = KEYWORD_NAMES[kind];
  const count = ctx.argCount;
  if (count < 2 && !ctx.rejected) {
    report.parse(
      'MISSING_ARGUMENTS',
      `${name} needs a source and a destination, for example "${name} app.js /app/".`,
      count === 0 ? node.keywordRange : argsRange(ctx),
      `${name} requires at least two arguments, but only one was provided. Destination could not be determined`,
    );
  }
  const flags = checkFlags(ctx, flagSpecOf(kind));
  checkChmod(ctx, flags.string('chmod'));
  const destinationIndex = count >= 2 ? count - 1 : -1;
  if (destinationIndex >= 0 && argContains(ctx, destinationIndex, '<<') && parseHeredocWord(argText(ctx, destinationIndex)).kind === 'heredoc') {
    report.parse(
      'HEREDOC_AS_DESTINATION',
      `A heredoc can be a source of ${name} but not its destination. Put a path last.`,
      argRange(ctx, destinationIndex),
      `${name} cannot accept a heredoc as a destination`,
    );
  }
  // Heredoc sources (rare): the node splits its words into sources and heredocs when they are
  // read (`copyHeredocSources`, nodes.ts); here it only notes that some source is a heredoc.
  const sourceCount = destinationIndex >= 0 ? destinationIndex : 0;
  // A heredoc word holds `<<`, so only such words are made and read.
  let heredocSources = false;
  for (let i = 0; i < sourceCount && !heredocSources; i++) {
    heredocSources = argContains(ctx, i, '<<') && parseHeredocWord(argText(ctx, i)).kind === 'heredoc';
  }
  return recorded(node, kind, keptFlags(flags), heredocSources ? 1 : 0, undefined);
}

function parseArg(ctx: Context): Instruction['kind'] {
  const { report } = ctx;
  atLeastOne(ctx, 'ARG', ctx.argCount, 'ARG VERSION=1.0');
  for (let i = 0; i < ctx.argCount; i++) {
    if (argFirstCode(ctx, i) === 0x3d) {
      report.parse('INVALID_NAME_VALUE', 'An ARG needs a name before "=", for example "ARG VERSION=1.0".', argRange(ctx, i), 'ARG names can not be blank');
    }
  }
  // BuildKit's parseArg never validates flags, so `ARG --x NAME` passes (the typed ARG has none).
  return recorded(ctx.node, 'arg', NO_FLAGS_LIST, 0, undefined);
}

function parseKeyValues(ctx: Context, kind: 'env' | 'label'): Instruction['kind'] {
  const { report } = ctx;
  const name = KEYWORD_NAMES[kind];
  const count = ctx.argCount;
  const flags = checkFlags(ctx, NO_FLAGS);
  let legacyForm = false;
  atLeastOne(ctx, name, count, `${name} KEY=value`);
  for (let i = 0; i + 2 < count; i += 3) {
    if (argLength(ctx, i + 2) === 0) legacyForm = true;
    if (argLength(ctx, i) === 0) {
      report.parse(
        'INVALID_NAME_VALUE',
        `Each ${name} entry needs a name before "=", for example "${name} KEY=value".`,
        ctx.words.range(argWord(ctx, i)),
        `${name} names can not be blank`,
      );
    }
  }
  return recorded(ctx.node, kind, flags.flags, legacyForm ? 1 : 0, undefined);
}

function parseSingleValue(ctx: Context, kind: 'workdir' | 'user' | 'stopsignal' | 'maintainer'): Instruction['kind'] {
  const name = KEYWORD_NAMES[kind];
  exactlyOne(ctx, name);
  // BuildKit's parseStopSignal never validates flags.
  const flags = kind === 'stopsignal' ? undefined : checkFlags(ctx, NO_FLAGS);
  return recorded(ctx.node, kind, flags?.flags ?? NO_FLAGS_LIST, 0, undefined);
}

function parseShell(ctx: Context): Instruction['kind'] {
  const { node, report } = ctx;
  const flags = checkFlags(ctx, NO_FLAGS);
  if (ctx.argCount === 0) {
    atLeastOne(ctx, 'SHELL', 0, 'SHELL ["/bin/bash", "-c"]');
  } else if (!node.json && !ctx.rejected) {
    report.parse('INVALID_JSON', 'SHELL must be a JSON array, for example SHELL ["/bin/bash", "-c"].', argsRange(ctx), notJsonMessage('SHELL', ctx.original.text));
  }
  return recorded(node, 'shell', flags.flags, 0, undefined);
}

/** BuildKit's `errNotJSON`, including its hint about unescaped Windows paths. */
function notJsonMessage(command: string, original: string): string {
  const lower = original.toLowerCase();
  let extra = '';
  if (/"[a-z]:\\/.test(lower) && lower.indexOf('\\\\') < 0 && lower.indexOf('[') >= 0 && lower.indexOf(']') >= 0) {
    extra = `. It looks like '${original}' includes a file path without an escaped back-slash. JSON requires back-slashes to be escaped such as ["c:\\\\path\\\\to\\\\file.exe", "/parameter"]`;
  }
  return `${command} requires the arguments to be in JSON form${extra}`;
}

function parseHealthcheck(ctx: Context): Instruction['kind'] {
  const { node, report } = ctx;
  const count = ctx.argCount;
  if (!atLeastOne(ctx, 'HEALTHCHECK', count, 'HEALTHCHECK CMD curl -f http://localhost/')) {
    return recorded(node, 'healthcheck', NO_FLAGS_LIST, 0, undefined);
  }
  const type = argText(ctx, 0).toUpperCase();
  if (type === 'NONE') {
    if (count > 1) {
      report.parse('INVALID_HEALTHCHECK', 'HEALTHCHECK NONE turns the check off and takes nothing after NONE.', argsRange(ctx), 'HEALTHCHECK NONE takes no arguments');
    }
    // BuildKit defines no flags for NONE and never parses them: `HEALTHCHECK --interval=5s NONE` passes.
    return recorded(node, 'healthcheck', NO_FLAGS_LIST, 0, undefined);
  }
  const flags = checkFlags(ctx, flagSpecOf('healthcheck'));
  if (type === 'CMD') {
    if (count === 1) {
      report.parse('INVALID_HEALTHCHECK', 'HEALTHCHECK CMD needs the command to run, for example "HEALTHCHECK CMD curl -f http://localhost/".', argRange(ctx, 0), 'Missing command after HEALTHCHECK CMD');
    }
  } else {
    report.parse(
      'INVALID_HEALTHCHECK',
      `HEALTHCHECK expects CMD (or NONE) here, not "${argText(ctx, 0)}".`,
      argRange(ctx, 0),
      `Unknown type ${goQuote(type)} in HEALTHCHECK (try CMD)`,
    );
  }
  // The node makes its options again from these flags when they are read; here only their problems count.
  if (flags.flags.length > 0) healthcheckOptions(flags.flags, (range, message, engine) => report.parse('INVALID_HEALTHCHECK', message, range, engine));
  return recorded(node, 'healthcheck', keptFlags(flags), 0, undefined);
}

function parseOnbuild(ctx: Context): Instruction['kind'] {
  const { node, report } = ctx;
  const child = node.child;
  const lineChild = ctx.line.child;
  const flags = checkFlags(ctx, NO_FLAGS);
  const expression = onbuildExpression(node, ctx.original.text);
  if (!child || !lineChild) {
    atLeastOne(ctx, 'ONBUILD', 0, 'ONBUILD RUN make');
    return recorded(node, 'onbuild', flags.flags, 0, { expression, trigger: undefined });
  }
  const trigger = goTrimSpace(child.keyword).toUpperCase();
  if (trigger === 'ONBUILD') {
    report.parse('INVALID_ONBUILD', 'An ONBUILD trigger cannot be another ONBUILD.', child.keywordRange, 'Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed');
  } else if (trigger === 'MAINTAINER' || trigger === 'FROM') {
    report.parse('INVALID_ONBUILD', `${trigger} cannot be an ONBUILD trigger.`, child.keywordRange, `${trigger} isn't allowed as an ONBUILD trigger`);
  }
  const typedTrigger = parseTrigger(ctx, child, lineChild);
  // The trigger's raw node is the one its ONBUILD's raw node holds (one object, as in the dump).
  (typedTrigger as unknown as { keepRaw(raw: RawNodeImpl): void }).keepRaw(child);
  return recorded(node, 'onbuild', flags.flags, 0, { expression, trigger: typedTrigger });
}

/** `OnbuildCommand.Expression`: the text after `ONBUILD`, with heredoc bodies re-appended as written (before `<<-` chomping). */
function onbuildExpression(node: RawNodeImpl, original: string): string {
  let expression = original.replace(/^[\t\n\f\r ]*onbuild[\t\n\f\r ]*/i, '');
  const first = node.firstHeredoc;
  for (let i = 0; i < node.heredocCount; i++) expression += `\n${node.tables.heredocBody(first + i)}${node.tables.heredocName(first + i)}`;
  return expression;
}

function parseUnknown(ctx: Context): Instruction['kind'] {
  const { node, report } = ctx;
  const match = suggest(node.keyword, INSTRUCTION_NAMES, false);
  const hint = match === undefined ? ' Check the spelling, or see the list of Dockerfile instructions.' : ` Did you mean ${match}?`;
  report.parse(
    'UNKNOWN_INSTRUCTION',
    node.keyword === '' ? 'This line has no instruction keyword.' : `${node.keyword} is not a Dockerfile instruction.${hint}`,
    node.keyword === '' ? node.range : node.keywordRange,
    withSuggestion(`unknown instruction: ${node.keyword}`, match),
  );
  return recorded(node, 'unknown', NO_FLAGS_LIST, 0, undefined);
}

/** Types an ONBUILD trigger (BuildKit parses it only when a later build runs it). */
function parseTrigger(parent: Context, child: RawNodeImpl, line: LineNode): Instruction {
  const ctx: Context = {
    node: child,
    line,
    argCount: lineArgCount(line),
    lineText: parent.lineText,
    flagWords: line.flags,
    original: { text: child.original },
    words: parent.words,
    report: new Reporter(parent.diagnostics, child.startLine, true),
    rejected: false,
    diagnostics: parent.diagnostics,
  };
  parseWithContext(ctx);
  return instructionAt(child.tables, child.index);
}

/** Turns one raw node into a typed instruction (BuildKit `ParseInstruction`). */
function parseWithContext(ctx: Context): Instruction['kind'] {
  const node = ctx.node;
  // The line parser lower-cased the keyword already (an interned literal for the known ones).
  const kind = ctx.line.lower;
  switch (kind) {
    case 'from':
      return parseFrom(ctx);
    case 'run':
      return parseRun(ctx);
    case 'cmd':
    case 'entrypoint':
      return recorded(node, kind, checkFlags(ctx, NO_FLAGS).flags, 0, undefined);
    case 'copy':
      return parseCopy(ctx, 'copy');
    case 'add':
      return parseCopy(ctx, 'add');
    case 'arg':
      return parseArg(ctx);
    case 'env':
      return parseKeyValues(ctx, 'env');
    case 'label':
      return parseKeyValues(ctx, 'label');
    case 'workdir':
    case 'user':
    case 'stopsignal':
    case 'maintainer':
      return parseSingleValue(ctx, kind);
    case 'expose': {
      atLeastOne(ctx, 'EXPOSE', ctx.argCount, 'EXPOSE 8080');
      return recorded(node, 'expose', checkFlags(ctx, NO_FLAGS).flags, 0, undefined);
    }
    case 'volume': {
      atLeastOne(ctx, 'VOLUME', ctx.argCount, 'VOLUME /data');
      const flags = checkFlags(ctx, NO_FLAGS);
      for (let i = 0; i < ctx.argCount; i++) {
        if (goTrimSpace(argText(ctx, i)) === '') {
          ctx.report.parse('MISSING_ARGUMENTS', 'A VOLUME path cannot be empty.', argRange(ctx, i), 'VOLUME specified can not be an empty string');
          break;
        }
      }
      return recorded(node, 'volume', flags.flags, 0, undefined);
    }
    case 'shell':
      return parseShell(ctx);
    case 'healthcheck':
      return parseHealthcheck(ctx);
    case 'onbuild':
      return parseOnbuild(ctx);
    default:
      return parseUnknown(ctx);
  }
}

/**
 * Types raw nodes one at a time, as the line parser makes them (BuildKit `instructions.Parse`):
 * each is recorded on its node in the file's tables, and `Dockerfile.instructions` / `stages` are
 * made from them when first read (parser.ts). ARGs before the first FROM are meta ARGs; any other
 * instruction there has no stage to run in.
 */
export class InstructionLayerBuilder {
  private readonly diagnostics: Diagnostic[] = [];
  /** The first node's range (the node object itself is reused for the next line). */
  private first: SourceRange | undefined;
  private reportedNoStage = false;
  private seenFrom = false;
  /** One context for the whole file, pointed at each node in turn. */
  private ctx: Context | undefined;

  /** Types `node` (a top-level node, in file order). */
  add(node: RawNodeImpl, line: LineNode, lineText: string, original: { readonly text: string }, words: WordRangeTable, rejected: boolean): void {
    let ctx = this.ctx;
    if (ctx === undefined) {
      this.first = node.range;
      ctx = this.ctx = {
        node,
        line,
        argCount: lineArgCount(line),
        lineText,
        flagWords: line.flags,
        original,
        words,
        report: new Reporter(this.diagnostics, 0, false),
        rejected,
        diagnostics: this.diagnostics,
      };
    }
    ctx.node = node;
    ctx.line = line;
    ctx.argCount = lineArgCount(line);
    ctx.lineText = lineText;
    ctx.flagWords = line.flags;
    ctx.original = original;
    ctx.rejected = rejected;
    ctx.report.line = node.startLine;
    const kind = parseWithContext(ctx);
    if (kind === 'from') this.seenFrom = true;
    if (this.seenFrom || kind === 'arg' || kind === 'unknown') return;
    this.reportedNoStage = true;
    this.diagnostics.push({
      code: 'INSTRUCTION_BEFORE_FROM',
      severity: 'error',
      message: `${node.keyword.toUpperCase()} comes before the first FROM, so there is no stage for it to run in. Only ARG may come before FROM: move it below a FROM line.`,
      range: node.keywordRange,
      engineMessage: 'no build stage in current context',
    });
  }

  /** The layer's diagnostics, once every node is typed. */
  finish(): Diagnostic[] {
    const { diagnostics, first } = this;
    if (!this.seenFrom && first && !this.reportedNoStage && !diagnostics.some((d) => d.code === 'UNKNOWN_INSTRUCTION' && d.severity === 'error')) {
      diagnostics.push({
        code: 'NO_STAGES',
        severity: 'error',
        message: 'There is no FROM line, so there is nothing to build. Add a stage, for example "FROM alpine:3.20".',
        range: first,
        engineMessage: 'dockerfile contains no stages to build',
      });
    }
    return diagnostics;
  }
}

/**
 * The stages of `instructions` (a file's top-level instructions): each FROM and the instructions
 * up to the next one. A stage runs from its FROM to the furthest end of its instructions.
 */
export function stagesOf(instructions: readonly Instruction[]): Stage[] {
  const stages: Stage[] = [];
  let i = 0;
  while (i < instructions.length && (instructions[i] as Instruction).kind !== 'from') i++;
  while (i < instructions.length) {
    const from = instructions[i] as FromInstruction;
    let end = i + 1;
    let rangeEnd = instructionEnd(from);
    while (end < instructions.length && (instructions[end] as Instruction).kind !== 'from') {
      rangeEnd = Math.max(rangeEnd, instructionEnd(instructions[end] as Instruction));
      end++;
    }
    const range: SourceRange = [from.range[0], rangeEnd];
    const name = from.stageName;
    const index = stages.length;
    const stageInstructions = instructions.slice(i + 1, end);
    // One literal per shape, keys in the order they have always had.
    stages.push(
      name === undefined ? { index, from, instructions: stageInstructions, range } : { index, from, instructions: stageInstructions, range, name },
    );
    i = end;
  }
  return stages;
}

/** ARG instructions before the first FROM (the meta ARGs). */
export function metaArgsOf(instructions: readonly Instruction[]): ArgInstruction[] {
  const out: ArgInstruction[] = [];
  for (const instruction of instructions) {
    if (instruction.kind === 'from') break;
    if (instruction.kind === 'arg') out.push(instruction);
  }
  return out;
}
