// Raw nodes → typed instructions grouped into stages, as BuildKit's `instructions.Parse`
// (frontend/dockerfile/instructions/parse.go) does: per-instruction argument counts, flags,
// FROM/AS, HEALTHCHECK options, ONBUILD triggers, meta ARGs before the first FROM. BuildKit stops
// at the first error and prints `dockerfile parse error on line N: <message>`; here every problem
// becomes a diagnostic carrying that text, and the instruction is still built as well as it can be.

import type { Diagnostic, DiagnosticCode, SourceRange } from '../diagnostics.ts';
import type {
  ArgDeclaration,
  ArgInstruction,
  CommandLine,
  CopyInstruction,
  Flag,
  FromInstruction,
  Heredoc,
  HealthcheckOptions,
  Instruction,
  KeyValuePair,
  CommandInstruction,
  EnvInstruction,
  ExposeInstruction,
  LabelInstruction,
  SingleValueInstruction,
  VolumeInstruction,
  RawNode,
  RunInstruction,
  RunMount,
  Stage,
} from './ast.ts';
import { parseFlags, type FlagType, type ParsedFlags } from './flags.ts';
import { goQuote, goTrimSpace, lowerKeyword } from './go-text.ts';
import { parseGoDuration, parseGoInt } from './go-values.ts';
import { parseHeredocWord } from './heredoc.ts';
import { parseRunMount } from './run-mount.ts';
import { suggest, withSuggestion } from './suggest.ts';
import type { WordRangeTable } from './word-ranges.ts';

/** Every instruction BuildKit knows (command.Commands), upper-cased for suggestions. */
export const INSTRUCTION_NAMES = [
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN',
  'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
] as const;

const NO_FLAGS: Readonly<Record<string, FlagType>> = {};
const NO_FLAGS_LIST: readonly Flag[] = [];
const NO_MOUNTS: RunMount[] = [];
const NO_STRINGS: string[] = [];
const NO_RANGES: SourceRange[] = [];
const NO_HEREDOCS: readonly Heredoc[] = [];
const COPY_FLAGS: Readonly<Record<string, FlagType>> = {
  chown: 'string', from: 'string', chmod: 'string', link: 'bool', parents: 'bool', exclude: 'strings',
};
const ADD_FLAGS: Readonly<Record<string, FlagType>> = {
  chown: 'string', chmod: 'string', link: 'bool', 'keep-git-dir': 'bool', checksum: 'string', unpack: 'bool', exclude: 'strings',
};
/** Upper-case names for messages, made once instead of once per instruction. */
const KEYWORD_NAMES = {
  copy: 'COPY', add: 'ADD', env: 'ENV', label: 'LABEL', workdir: 'WORKDIR', user: 'USER', stopsignal: 'STOPSIGNAL', maintainer: 'MAINTAINER',
} as const;
const FROM_FLAGS: Readonly<Record<string, FlagType>> = { platform: 'string' };
const RUN_FLAGS: Readonly<Record<string, FlagType>> = { mount: 'strings', network: 'string', security: 'string', device: 'strings' };
const HEALTHCHECK_FLAGS: Readonly<Record<string, FlagType>> = {
  interval: 'string', timeout: 'string', 'start-period': 'string', 'start-interval': 'string', retries: 'string',
};
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const STAGE_NAME = /^[a-z][a-z0-9\-_.]*$/;
const SYMBOLIC_CHMOD = /^[ugoa]*([-+=]([rwxXst]*|[ugo]))+(,[ugoa]*([-+=]([rwxXst]*|[ugo]))+)*$/;

export interface InstructionLayer {
  readonly instructions: Instruction[];
  readonly metaArgs: ArgInstruction[];
  readonly stages: Stage[];
  readonly diagnostics: Diagnostic[];
}

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
  node: RawNode;
  readonly words: WordRangeTable;
  readonly report: Reporter;
  /** BuildKit's parser already rejected the node; do not repeat argument-count errors. */
  rejected: boolean;
  /** The node's heredoc bodies before `<<-` chomping, when it has heredocs. */
  rawHeredocContent: readonly string[] | undefined;
  readonly diagnostics: Diagnostic[];
}

/** Pair index in `ctx.words` of the node's argument `index`. */
function argWord(ctx: Context, index: number): number {
  return ctx.node.wordIndex + ctx.node.flags.length + index;
}

/** A fresh tuple for argument `index` (only for ranges the AST keeps or a diagnostic needs). */
function argRange(ctx: Context, index: number): SourceRange {
  const node = ctx.node;
  if (index < 0 || index >= node.args.length) return [node.keywordRange[1], node.keywordRange[1]];
  return ctx.words.range(argWord(ctx, index));
}

/** The range of all arguments, or the keyword when there are none. */
function argsRange(ctx: Context): SourceRange {
  const node = ctx.node;
  if (node.args.length === 0) return node.keywordRange;
  const start = ctx.words.start(argWord(ctx, 0));
  return [start, Math.max(start, ctx.words.end(argWord(ctx, node.args.length - 1)))];
}

function checkFlags(ctx: Context, spec: Readonly<Record<string, FlagType>>): ParsedFlags {
  const node = ctx.node;
  const parsed = parseFlags(node.flags, ctx.words, node.wordIndex, spec, node.keyword, node.keywordRange);
  for (const problem of parsed.problems) ctx.report.parse(problem.code, problem.message, problem.range, problem.engine);
  return parsed;
}

/** `handleJSONArgs`: exec form keeps the array; shell form joins the words with spaces. */
function commandLine(node: RawNode, args: readonly string[]): CommandLine {
  if (node.json) return { form: 'exec', args };
  return { form: 'shell', script: args.join(' ') };
}

function exactlyOne(ctx: Context, name: string): void {
  if (ctx.node.args.length !== 1 && !ctx.rejected) {
    ctx.report.parse(
      ctx.node.args.length === 0 ? 'MISSING_ARGUMENTS' : 'TOO_MANY_ARGUMENTS',
      `${name} needs exactly one value after the keyword.`,
      ctx.node.args.length === 0 ? ctx.node.keywordRange : argsRange(ctx),
      `${name} requires exactly one argument`,
    );
  }
}

function atLeastOne(ctx: Context, name: string, count: number, example: string): boolean {
  if (count > 0 || ctx.rejected) return true;
  ctx.report.parse('MISSING_ARGUMENTS', `${name} needs at least one argument, for example "${example}".`, ctx.node.keywordRange, `${name} requires at least one argument`);
  return false;
}

function base(node: RawNode, flags: readonly Flag[]) {
  return {
    keyword: node.keyword,
    keywordRange: node.keywordRange,
    range: node.range,
    startLine: node.startLine,
    endLine: node.endLine,
    text: goTrimSpace(node.original),
    flags,
    raw: node,
  };
}

function parseFrom(ctx: Context): FromInstruction {
  const { node, report } = ctx;
  const args = node.args;
  let stageName: string | undefined;
  let stageNameRange: SourceRange | undefined;
  let asKeyword: string | undefined;
  if (args.length === 3 && (args[1] ?? '').toLowerCase() === 'as') {
    asKeyword = args[1];
    const name = (args[2] ?? '').toLowerCase();
    stageNameRange = argRange(ctx, 2);
    if (STAGE_NAME.test(name)) stageName = name;
    else {
      report.parse(
        'INVALID_STAGE_NAME',
        `"${args[2] ?? ''}" cannot name a stage: start with a letter and use only letters, digits, "-", "_" and ".".`,
        stageNameRange,
        `invalid name for build stage: ${goQuote(args[2] ?? '')}, name can't start with a number or contain symbols`,
      );
    }
  } else if (args.length !== 1) {
    report.parse(
      'FROM_ARGUMENT_COUNT',
      args.length === 0
        ? 'FROM needs an image (or an earlier stage name), for example "FROM alpine:3.20".'
        : 'FROM takes an image, optionally followed by "AS <name>": for example "FROM golang:1.22 AS build".',
      args.length === 0 ? node.keywordRange : argsRange(ctx),
      'FROM requires either one or three arguments',
    );
  }
  const flags = checkFlags(ctx, FROM_FLAGS);
  const platform = flags.string('platform')?.value;
  const image = args[0] ?? '';
  const imageRange: SourceRange = args.length > 0 ? argRange(ctx, 0) : [node.keywordRange[1], node.keywordRange[1]];
  if (platform === undefined && stageName !== undefined && stageNameRange !== undefined && asKeyword !== undefined) {
    // The usual `FROM image AS name` as one literal: properties added afterwards would need a
    // second, out-of-object store in every such instruction.
    return {
      kind: 'from',
      keyword: node.keyword,
      keywordRange: node.keywordRange,
      range: node.range,
      startLine: node.startLine,
      endLine: node.endLine,
      text: goTrimSpace(node.original),
      flags: flags.flags,
      raw: node,
      image,
      imageRange,
      stageName,
      stageNameRange,
      asKeyword,
    };
  }
  const from: Mutable<FromInstruction> = {
    kind: 'from',
    keyword: node.keyword,
    keywordRange: node.keywordRange,
    range: node.range,
    startLine: node.startLine,
    endLine: node.endLine,
    text: goTrimSpace(node.original),
    flags: flags.flags,
    raw: node,
    image,
    imageRange,
  };
  if (platform !== undefined) from.platform = platform;
  if (stageName !== undefined && stageNameRange !== undefined) {
    from.stageName = stageName;
    from.stageNameRange = stageNameRange;
  }
  if (asKeyword !== undefined) from.asKeyword = asKeyword;
  return from;
}

function parseRun(ctx: Context): Instruction {
  const { node, report } = ctx;
  const flags = checkFlags(ctx, RUN_FLAGS);
  const mountFlags = flags.strings('mount');
  const mounts: RunMount[] = mountFlags.length === 0 ? NO_MOUNTS : new Array<RunMount>(mountFlags.length);
  let mountCount = 0;
  for (const { value, range } of mountFlags) {
    const { mount, problem } = parseRunMount(value, range);
    mounts[mountCount++] = mount;
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
  const run: Mutable<RunInstruction> = {
    kind: 'run',
    keyword: node.keyword,
    keywordRange: node.keywordRange,
    range: node.range,
    startLine: node.startLine,
    endLine: node.endLine,
    text: goTrimSpace(node.original),
    flags: flags.flags,
    raw: node,
    command: commandLine(node, node.args),
    mounts,
    heredocs: node.heredocs,
  };
  if (network !== undefined) run.network = network;
  if (security !== undefined) run.security = security;
  return run;
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

function parseCopy(ctx: Context, kind: 'copy' | 'add'): CopyInstruction {
  const { node, report } = ctx;
  const name = KEYWORD_NAMES[kind];
  const args = node.args;
  if (args.length < 2 && !ctx.rejected) {
    report.parse(
      'MISSING_ARGUMENTS',
      `${name} needs a source and a destination, for example "${name} app.js /app/".`,
      args.length === 0 ? node.keywordRange : argsRange(ctx),
      `${name} requires at least two arguments, but only one was provided. Destination could not be determined`,
    );
  }
  const flags = checkFlags(ctx, kind === 'copy' ? COPY_FLAGS : ADD_FLAGS);
  checkChmod(ctx, flags.string('chmod'));
  const destinationIndex = args.length >= 2 ? args.length - 1 : -1;
  const destination = destinationIndex >= 0 ? (args[destinationIndex] ?? '') : '';
  const destinationRange: SourceRange =
    destinationIndex >= 0 ? argRange(ctx, destinationIndex) : [node.range[1], node.range[1]];
  if (destinationIndex >= 0 && parseHeredocWord(destination).kind === 'heredoc') {
    report.parse(
      'HEREDOC_AS_DESTINATION',
      `A heredoc can be a source of ${name} but not its destination. Put a path last.`,
      destinationRange,
      `${name} cannot accept a heredoc as a destination`,
    );
  }
  const sourceCount = destinationIndex >= 0 ? destinationIndex : 0;
  // Exact-size arrays (the AST keeps them); heredoc sources, rare, are taken out afterwards.
  let sources: string[] = sourceCount === 0 ? NO_STRINGS : new Array<string>(sourceCount);
  let sourceRanges: SourceRange[] = sourceCount === 0 ? NO_RANGES : new Array<SourceRange>(sourceCount);
  let heredocs: Heredoc[] | undefined;
  let kept = 0;
  for (let i = 0; i < sourceCount; i++) {
    const word = args[i] ?? '';
    const marker = parseHeredocWord(word);
    if (marker.kind === 'heredoc') {
      heredocs ??= [];
      const found = node.heredocs.find((heredoc) => heredoc.name === marker.heredoc.name);
      heredocs.push(
        found ?? {
          name: marker.heredoc.name,
          content: '',
          expand: marker.heredoc.expand,
          chomp: marker.heredoc.chomp,
          range: argRange(ctx, i),
        },
      );
    } else {
      sources[kept] = word;
      sourceRanges[kept++] = argRange(ctx, i);
    }
  }
  if (kept < sourceCount) {
    sources = kept === 0 ? NO_STRINGS : sources.slice(0, kept);
    sourceRanges = kept === 0 ? NO_RANGES : sourceRanges.slice(0, kept);
  }
  const from = flags.string('from')?.value;
  const chown = flags.string('chown')?.value;
  const chmod = flags.string('chmod')?.value;
  const checksum = flags.string('checksum')?.value;
  const unpack = flags.bool('unpack');
  const excludeFlags = flags.strings('exclude');
  const exclude: string[] = excludeFlags.length === 0 ? NO_STRINGS : excludeFlags.map((flag) => flag.value);
  if (from !== undefined && chmod === undefined && kind === 'copy' && checksum === undefined && unpack === undefined) {
    // `COPY --from=… [--chown=…]` as one literal (see parseFrom).
    const text = goTrimSpace(node.original);
    const copyHeredocs = heredocs === undefined ? NO_HEREDOCS : heredocs.slice();
    const link = flags.bool('link') ?? false;
    const parents = flags.bool('parents') ?? false;
    if (chown === undefined) {
      return {
        kind, keyword: node.keyword, keywordRange: node.keywordRange, range: node.range, startLine: node.startLine, endLine: node.endLine,
        text, flags: flags.flags, raw: node, sources, sourceRanges, destination, destinationRange, json: node.json,
        heredocs: copyHeredocs, link, parents, exclude, from,
      };
    }
    return {
      kind, keyword: node.keyword, keywordRange: node.keywordRange, range: node.range, startLine: node.startLine, endLine: node.endLine,
      text, flags: flags.flags, raw: node, sources, sourceRanges, destination, destinationRange, json: node.json,
      heredocs: copyHeredocs, link, parents, exclude, from, chown,
    };
  }
  const copy: Mutable<CopyInstruction> = {
    kind: kind,
    keyword: node.keyword,
    keywordRange: node.keywordRange,
    range: node.range,
    startLine: node.startLine,
    endLine: node.endLine,
    text: goTrimSpace(node.original),
    flags: flags.flags,
    raw: node,
    sources,
    sourceRanges,
    destination,
    destinationRange,
    json: node.json,
    heredocs: heredocs === undefined ? NO_HEREDOCS : heredocs.slice(),
    link: flags.bool('link') ?? false,
    parents: flags.bool('parents') ?? false,
    exclude,
  };
  if (from !== undefined) copy.from = from;
  if (chown !== undefined) copy.chown = chown;
  if (chmod !== undefined) copy.chmod = chmod;
  if (kind === 'add') copy.keepGitDir = flags.bool('keep-git-dir') ?? false;
  if (checksum !== undefined) copy.checksum = checksum;
  if (unpack !== undefined) copy.unpack = unpack;
  return copy;
}

function parseArg(ctx: Context): ArgInstruction {
  const { node, report } = ctx;
  atLeastOne(ctx, 'ARG', node.args.length, 'ARG VERSION=1.0');
  const args: ArgDeclaration[] = new Array<ArgDeclaration>(node.args.length);
  for (let i = 0; i < node.args.length; i++) {
    const word = node.args[i] ?? '';
    const range = argRange(ctx, i);
    const eq = word.indexOf('=');
    if (eq < 0) {
      args[i] = { name: word, range };
      continue;
    }
    const name = word.slice(0, eq);
    if (name === '') {
      report.parse('INVALID_NAME_VALUE', 'An ARG needs a name before "=", for example "ARG VERSION=1.0".', range, 'ARG names can not be blank');
    }
    args[i] = { name, value: word.slice(eq + 1), range };
  }
  // BuildKit's parseArg never validates flags, so `ARG --x NAME` passes; keep them as given.
  const arg: Mutable<ArgInstruction> = {
    kind: 'arg',
    keyword: node.keyword,
    keywordRange: node.keywordRange,
    range: node.range,
    startLine: node.startLine,
    endLine: node.endLine,
    text: goTrimSpace(node.original),
    flags: NO_FLAGS_LIST,
    raw: node,
    args,
  };
  return arg;
}

function parseKeyValues(ctx: Context, kind: 'env' | 'label'): Instruction {
  const { node, report } = ctx;
  const name = KEYWORD_NAMES[kind];
  const flags = checkFlags(ctx, NO_FLAGS);
  const pairs: KeyValuePair[] = new Array<KeyValuePair>(Math.floor(node.args.length / 3));
  let legacyForm = false;
  atLeastOne(ctx, name, node.args.length, `${name} KEY=value`);
  for (let i = 0; i + 2 < node.args.length; i += 3) {
    const key = node.args[i] ?? '';
    const value = node.args[i + 1] ?? '';
    const keyStart = ctx.words.start(argWord(ctx, i));
    const valueEnd = ctx.words.end(argWord(ctx, i + 1));
    if ((node.args[i + 2] ?? '') === '') legacyForm = true;
    if (key === '') {
      report.parse(
        'INVALID_NAME_VALUE',
        `Each ${name} entry needs a name before "=", for example "${name} KEY=value".`,
        ctx.words.range(argWord(ctx, i)),
        `${name} names can not be blank`,
      );
    }
    pairs[i / 3] = { key, value, range: [keyStart, Math.max(keyStart, valueEnd)] };
  }
  const instruction: Mutable<EnvInstruction | LabelInstruction> = {
    kind: kind,
    keyword: node.keyword,
    keywordRange: node.keywordRange,
    range: node.range,
    startLine: node.startLine,
    endLine: node.endLine,
    text: goTrimSpace(node.original),
    flags: flags.flags,
    raw: node,
    pairs,
    legacyForm,
  };
  return instruction;
}

function parseSingleValue(ctx: Context, kind: 'workdir' | 'user' | 'stopsignal' | 'maintainer'): Instruction {
  const name = KEYWORD_NAMES[kind];
  exactlyOne(ctx, name);
  // BuildKit's parseStopSignal never validates flags.
  const flags = kind === 'stopsignal' ? undefined : checkFlags(ctx, NO_FLAGS);
  const instruction: Mutable<SingleValueInstruction> = {
    kind: kind,
    keyword: ctx.node.keyword,
    keywordRange: ctx.node.keywordRange,
    range: ctx.node.range,
    startLine: ctx.node.startLine,
    endLine: ctx.node.endLine,
    text: goTrimSpace(ctx.node.original),
    flags: flags?.flags ?? NO_FLAGS_LIST,
    raw: ctx.node,
    value: ctx.node.args[0] ?? '',
    valueRange: ctx.node.args.length > 0 ? argRange(ctx, 0) : [ctx.node.range[1], ctx.node.range[1]],
  };
  return instruction;
}

function parseShell(ctx: Context): Instruction {
  const { node, report } = ctx;
  const flags = checkFlags(ctx, NO_FLAGS);
  const shell = node.json ? node.args : node.args.length > 0 ? [node.args.join(' ')] : [];
  if (shell.length === 0) {
    atLeastOne(ctx, 'SHELL', 0, 'SHELL ["/bin/bash", "-c"]');
  } else if (!node.json && !ctx.rejected) {
    report.parse('INVALID_JSON', 'SHELL must be a JSON array, for example SHELL ["/bin/bash", "-c"].', argsRange(ctx), notJsonMessage('SHELL', node.original));
  }
  return { ...base(node, flags.flags), kind: 'shell', shell };
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

type HealthCheck = Extract<Instruction, { kind: 'healthcheck' }>['check'];

/** A HEALTHCHECK instruction (one literal, keys in the order `{ ...base(), kind, check }` gave). */
function healthcheck(node: RawNode, check: HealthCheck, flags: readonly Flag[]): Instruction {
  return {
    keyword: node.keyword,
    keywordRange: node.keywordRange,
    range: node.range,
    startLine: node.startLine,
    endLine: node.endLine,
    text: goTrimSpace(node.original),
    flags,
    raw: node,
    kind: 'healthcheck',
    check,
  };
}

const HEALTHCHECK_DURATIONS = [
  ['interval', 'intervalMs'],
  ['timeout', 'timeoutMs'],
  ['start-period', 'startPeriodMs'],
  ['start-interval', 'startIntervalMs'],
] as const;

function parseHealthcheck(ctx: Context): Instruction {
  const { node, report } = ctx;
  const args = node.args;
  if (!atLeastOne(ctx, 'HEALTHCHECK', args.length, 'HEALTHCHECK CMD curl -f http://localhost/')) {
    return healthcheck(node, { type: 'cmd', command: { form: 'shell', script: '' }, options: {} }, []);
  }
  const type = (args[0] ?? '').toUpperCase();
  if (type === 'NONE') {
    if (args.length > 1) {
      report.parse('INVALID_HEALTHCHECK', 'HEALTHCHECK NONE turns the check off and takes nothing after NONE.', argsRange(ctx), 'HEALTHCHECK NONE takes no arguments');
    }
    // BuildKit defines no flags for NONE and never parses them: `HEALTHCHECK --interval=5s NONE` passes.
    return healthcheck(node, { type: 'none' }, []);
  }
  const flags = checkFlags(ctx, HEALTHCHECK_FLAGS);
  const rest = args.slice(1);
  const command = commandLine(node, rest);
  if (type === 'CMD') {
    if (rest.length === 0) {
      report.parse('INVALID_HEALTHCHECK', 'HEALTHCHECK CMD needs the command to run, for example "HEALTHCHECK CMD curl -f http://localhost/".', argRange(ctx, 0), 'Missing command after HEALTHCHECK CMD');
    }
  } else {
    report.parse(
      'INVALID_HEALTHCHECK',
      `HEALTHCHECK expects CMD (or NONE) here, not "${args[0] ?? ''}".`,
      argRange(ctx, 0),
      `Unknown type ${goQuote(type)} in HEALTHCHECK (try CMD)`,
    );
  }
  const options: { -readonly [K in keyof HealthcheckOptions]: HealthcheckOptions[K] } = {};
  for (const [flagName, key] of HEALTHCHECK_DURATIONS) {
    const flag = flags.string(flagName);
    if (!flag || flag.value === '') continue;
    const parsed = parseGoDuration(flag.value);
    if ('error' in parsed) {
      report.parse('INVALID_HEALTHCHECK', `--${flagName} takes a duration such as 30s, 1m30s or 500ms, not "${flag.value}".`, flag.range, parsed.error);
      continue;
    }
    if (parsed.nanos === 0) continue;
    if (parsed.nanos < 1e6) {
      report.parse('INVALID_HEALTHCHECK', `--${flagName} must be at least 1ms (or 0 for the default).`, flag.range, `Interval ${goQuote(flagName)} cannot be less than 1ms`);
      continue;
    }
    options[key] = parsed.nanos / 1e6;
  }
  const retries = flags.string('retries');
  if (retries && retries.value !== '') {
    const parsed = parseGoInt(retries.value, 32);
    if ('error' in parsed) {
      report.parse('INVALID_HEALTHCHECK', `--retries takes a whole number, not "${retries.value}".`, retries.range, parsed.error);
    } else if (parsed.value < 0) {
      report.parse('INVALID_HEALTHCHECK', '--retries cannot be negative.', retries.range, `--retries cannot be negative (${parsed.value})`);
    } else if (parsed.value > 0) {
      options.retries = parsed.value;
    }
  }
  return healthcheck(node, { type: 'cmd', command, options }, flags.flags);
}

function parseOnbuild(ctx: Context, parseTrigger: (node: RawNode) => Instruction): Instruction {
  const { node, report } = ctx;
  const child = node.child;
  const flags = checkFlags(ctx, NO_FLAGS);
  const expression = onbuildExpression(node, ctx.rawHeredocContent);
  if (!child) {
    atLeastOne(ctx, 'ONBUILD', 0, 'ONBUILD RUN make');
    return { ...base(node, flags.flags), kind: 'onbuild', expression };
  }
  const trigger = goTrimSpace(child.keyword).toUpperCase();
  if (trigger === 'ONBUILD') {
    report.parse('INVALID_ONBUILD', 'An ONBUILD trigger cannot be another ONBUILD.', child.keywordRange, 'Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed');
  } else if (trigger === 'MAINTAINER' || trigger === 'FROM') {
    report.parse('INVALID_ONBUILD', `${trigger} cannot be an ONBUILD trigger.`, child.keywordRange, `${trigger} isn't allowed as an ONBUILD trigger`);
  }
  return { ...base(node, flags.flags), kind: 'onbuild', expression, trigger: parseTrigger(child) };
}

/** `OnbuildCommand.Expression`: the text after `ONBUILD`, with heredoc bodies re-appended. */
function onbuildExpression(node: RawNode, rawContent: readonly string[] | undefined): string {
  let expression = node.original.replace(/^[\t\n\f\r ]*onbuild[\t\n\f\r ]*/i, '');
  node.heredocs.forEach((heredoc, i) => {
    expression += `\n${rawContent?.[i] ?? heredoc.content}${heredoc.name}`;
  });
  return expression;
}

function parseUnknown(ctx: Context): Instruction {
  const { node, report } = ctx;
  const match = suggest(node.keyword, INSTRUCTION_NAMES, false);
  const hint = match === undefined ? ' Check the spelling, or see the list of Dockerfile instructions.' : ` Did you mean ${match}?`;
  report.parse(
    'UNKNOWN_INSTRUCTION',
    node.keyword === '' ? 'This line has no instruction keyword.' : `${node.keyword} is not a Dockerfile instruction.${hint}`,
    node.keyword === '' ? node.range : node.keywordRange,
    withSuggestion(`unknown instruction: ${node.keyword}`, match),
  );
  return { ...base(node, []), kind: 'unknown' };
}

/** Types an ONBUILD trigger (BuildKit parses it only when a later build runs it). */
function parseTrigger(parent: Context, child: RawNode): Instruction {
  const ctx: Context = {
    node: child,
    words: parent.words,
    report: new Reporter(parent.diagnostics, child.startLine, true),
    rejected: false,
    rawHeredocContent: undefined,
    diagnostics: parent.diagnostics,
  };
  return parseWithContext(ctx);
}

/** Turns one raw node into a typed instruction (BuildKit `ParseInstruction`). */
function parseWithContext(ctx: Context): Instruction {
  const node = ctx.node;
  const kind = lowerKeyword(node.keyword);
  switch (kind) {
    case 'from':
      return parseFrom(ctx);
    case 'run':
      return parseRun(ctx);
    case 'cmd':
    case 'entrypoint': {
      const flags = checkFlags(ctx, NO_FLAGS);
  const instruction: Mutable<CommandInstruction> = {
    kind: kind as 'cmd' | 'entrypoint',
    keyword: node.keyword,
    keywordRange: node.keywordRange,
    range: node.range,
    startLine: node.startLine,
    endLine: node.endLine,
    text: goTrimSpace(node.original),
    flags: flags.flags,
    raw: node,
    command: commandLine(node, node.args),
  };
      return instruction;
    }
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
      return parseSingleValue(ctx, kind as 'workdir' | 'user' | 'stopsignal' | 'maintainer');
    case 'expose': {
      atLeastOne(ctx, 'EXPOSE', node.args.length, 'EXPOSE 8080');
      const flags = checkFlags(ctx, NO_FLAGS);
      const expose: ExposeInstruction = {
        kind: 'expose', keyword: node.keyword, keywordRange: node.keywordRange, range: node.range, startLine: node.startLine,
        endLine: node.endLine, text: goTrimSpace(node.original), flags: flags.flags, raw: node, ports: node.args,
      };
      return expose;
    }
    case 'volume': {
      atLeastOne(ctx, 'VOLUME', node.args.length, 'VOLUME /data');
      const flags = checkFlags(ctx, NO_FLAGS);
      // The words themselves when trimming changes none of them (the usual case): no second array.
      const paths = node.args.some((path) => goTrimSpace(path) !== path) ? node.args.map((path) => goTrimSpace(path)) : node.args;
      const empty = paths.indexOf('');
      if (empty >= 0) {
        ctx.report.parse('MISSING_ARGUMENTS', 'A VOLUME path cannot be empty.', argRange(ctx, empty), 'VOLUME specified can not be an empty string');
      }
      const volume: VolumeInstruction = {
        kind: 'volume', keyword: node.keyword, keywordRange: node.keywordRange, range: node.range, startLine: node.startLine,
        endLine: node.endLine, text: goTrimSpace(node.original), flags: flags.flags, raw: node, paths, json: node.json,
      };
      return volume;
    }
    case 'shell':
      return parseShell(ctx);
    case 'healthcheck':
      return parseHealthcheck(ctx);
    case 'onbuild':
      return parseOnbuild(ctx, (child) => parseTrigger(ctx, child));
    default:
      return parseUnknown(ctx);
  }
}

/**
 * A stage runs from its FROM to the furthest end of its instructions: one tuple per stage, made
 * when the stage ends (a stage without instructions keeps its FROM's range).
 */
function closeStage(stage: Mutable<Stage> | undefined, end: number): void {
  if (stage === undefined || stage.instructions.length === 0) return;
  stage.range = [stage.range[0], Math.max(stage.range[1], end)];
}

/**
 * Types raw nodes one at a time, as the line parser makes them, and groups them into stages
 * (BuildKit `instructions.Parse`): ARGs before the first FROM are meta ARGs; any other instruction
 * there has no stage to run in.
 */
export class InstructionLayerBuilder {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly instructions: Instruction[] = [];
  private readonly metaArgs: ArgInstruction[] = [];
  private readonly stages: (Mutable<Stage> & { instructions: Instruction[] })[] = [];
  private first: RawNode | undefined;
  private reportedNoStage = false;
  /** The furthest end of the current stage's instructions, set on its range when the stage ends. */
  private stageEnd = -1;
  /** One context for the whole file, pointed at each node in turn. */
  private ctx: Context | undefined;

  /** Types `node` (a top-level node, in file order). */
  add(node: RawNode, words: WordRangeTable, rejected: boolean, rawHeredocContent: readonly string[] | undefined): void {
    let ctx = this.ctx;
    if (ctx === undefined) {
      this.first = node;
      ctx = this.ctx = {
        node,
        words,
        report: new Reporter(this.diagnostics, 0, false),
        rejected,
        rawHeredocContent,
        diagnostics: this.diagnostics,
      };
    }
    ctx.node = node;
    ctx.rejected = rejected;
    ctx.rawHeredocContent = rawHeredocContent;
    ctx.report.line = node.startLine;
    const instruction = parseWithContext(ctx);
    this.instructions.push(instruction);
    const stages = this.stages;
    if (instruction.kind === 'from') {
      closeStage(stages[stages.length - 1], this.stageEnd);
      this.stageEnd = -1;
      // One literal per shape (a name added afterwards would need out-of-object storage); keys
      // in the order they have always had.
      const name = instruction.stageName;
      stages.push(
        name === undefined
          ? { index: stages.length, from: instruction, instructions: [], range: instruction.range }
          : { index: stages.length, from: instruction, instructions: [], range: instruction.range, name },
      );
      return;
    }
    const stage = stages[stages.length - 1];
    if (stage) {
      stage.instructions.push(instruction);
      if (instruction.range[1] > this.stageEnd) this.stageEnd = instruction.range[1];
      return;
    }
    if (instruction.kind === 'arg') {
      this.metaArgs.push(instruction);
      return;
    }
    if (instruction.kind === 'unknown') return;
    this.reportedNoStage = true;
    this.diagnostics.push({
      code: 'INSTRUCTION_BEFORE_FROM',
      severity: 'error',
      message: `${node.keyword.toUpperCase()} comes before the first FROM, so there is no stage for it to run in. Only ARG may come before FROM: move it below a FROM line.`,
      range: node.keywordRange,
      engineMessage: 'no build stage in current context',
    });
  }

  /** Closes the last stage and returns the layer. */
  finish(): InstructionLayer {
    const { stages, diagnostics, first } = this;
    closeStage(stages[stages.length - 1], this.stageEnd);
    if (stages.length === 0 && first && !this.reportedNoStage && !diagnostics.some((d) => d.code === 'UNKNOWN_INSTRUCTION' && d.severity === 'error')) {
      diagnostics.push({
        code: 'NO_STAGES',
        severity: 'error',
        message: 'There is no FROM line, so there is nothing to build. Add a stage, for example "FROM alpine:3.20".',
        range: first.range,
        engineMessage: 'dockerfile contains no stages to build',
      });
    }
    return { instructions: this.instructions, metaArgs: this.metaArgs, stages, diagnostics };
  }
}
