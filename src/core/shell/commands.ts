// The commands the shell model runs exactly on the virtual filesystem, with busybox 1.35's output
// and error texts (verified against local/busybox:1 where noted in tests/core/shell). Every command
// returns its exit status and never throws.

import {
  baseName,
  concatFiles,
  decodeUtf8,
  guessOf,
  isPathWithin,
  joinPath,
  makeDir,
  makeFile,
  makeSymlink,
  makeSyntheticFile,
  normalizePath,
  parentPath,
  parseChown,
  withGuess,
  withMeta,
  type Entry,
  type FileEntry,
  type FsErrorCode,
  type WorkingFs,
} from '../fs/index.ts';
import type { Io } from './io.ts';
import { formatEcho, formatPrintf } from './format.ts';
import { evaluateTest } from './test-command.ts';
import { BUILDKIT_HOSTNAME, LEGACY_CONTAINER_ID_STAND_IN } from './container-files.ts';
import type { RunBuilder } from './runtime-mounts.ts';

/** What a command sees: its arguments, streams, the filesystem and the running user. */
export interface CommandContext {
  readonly argv: readonly string[];
  readonly io: Io;
  readonly fs: WorkingFs;
  readonly cwd: string;
  readonly uid: number;
  readonly gid: number;
  readonly env: Readonly<Record<string, string>>;
  readonly isBusybox: boolean;
  /** The /bin/sh implementation; echo differs between them. */
  readonly dialect: 'ash' | 'dash' | 'bash';
  /** The builder running the step (undefined when not given; see RunScriptOptions.builder). */
  readonly builder: RunBuilder | undefined;
  newFile(content: string | Uint8Array): FileEntry;
  canWrite(entry: { mode: number; uid: number; gid: number }): boolean;
  note(text: string): void;
  /** The command did something the model cannot (its output is `unknown`, a ContentGuess in fs/entry.ts); notes why. */
  markNotModelled(text: string): void;
  /** The command's output is a stand-in for text the build host or builder decides (`host-dependent`); notes why. */
  approximate(text: string): void;
  /**
   * The command read a file; its output inherits that file's guess mark, if any. Its exit status
   * does too when it decides on the text (`decidesOnText`: grep), or when a real build may not have
   * the file at all (a `conditional` or `partly-modelled` mark); a host-dependent text alone does not
   * make `cat /etc/hosts` fail.
   */
  readGuessed(entry: FileEntry, decidesOnText?: boolean): void;
  /** The command's exit status rests on a path a real build may or may not have (isUncertainPath). */
  decidedOnUncertainPath(): void;
  sleep(seconds: number): void;
  randomFingerprint(): string;
  runShell(argv: readonly string[], io: Io): number;
  runProgram(argv: string[], env: ReadonlyArray<readonly [string, string]>, io: Io): number;
}

/** A command implementation: returns the exit status. */
export type CommandImpl = (ctx: CommandContext) => number;

/** strerror(3) texts as musl/glibc print them. */
export function describeError(code: FsErrorCode): string {
  switch (code) {
    case 'ENOENT':
      return 'No such file or directory';
    case 'ENOTDIR':
      return 'Not a directory';
    case 'EISDIR':
      return 'Is a directory';
    case 'EEXIST':
      return 'File exists';
    case 'ENOTEMPTY':
      return 'Directory not empty';
    case 'ELOOP':
      return 'Symbolic link loop';
    case 'EINVAL':
      return 'Invalid argument';
    case 'EROFS':
      return 'Read-only file system';
    case 'EBUSY':
      return 'Device or resource busy';
  }
}

interface Parsed {
  readonly flags: Map<string, string | true>;
  readonly operands: string[];
}

// getopt(3) as busybox uses it: clustered flags (-rf), values attached or separate (-c5, -c 5),
// `--` ends options; `spec` lists letters, a trailing ':' marks a letter that takes a value.
function getopts(argv: readonly string[], spec: string): Parsed {
  const flags = new Map<string, string | true>();
  const operands: string[] = [];
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    for (let k = 1; k < a.length; k++) {
      const letter = a[k] ?? '';
      const at = spec.indexOf(letter);
      if (at >= 0 && spec[at + 1] === ':') {
        const rest = a.slice(k + 1);
        flags.set(letter, rest !== '' ? rest : (argv[++i] ?? ''));
        break;
      }
      flags.set(letter, true);
    }
  }
  for (; i < argv.length; i++) operands.push(argv[i] ?? '');
  return { flags, operands };
}

function abs(ctx: CommandContext, path: string): string {
  return normalizePath(path, ctx.cwd);
}

function text(entry: FileEntry | undefined): string {
  if (!entry) return '';
  return entry.body.kind === 'bytes' ? decodeUtf8(entry.body.data) : '';
}

// A write below `dir` needs write permission on it (root always has it).
function parentWritable(ctx: CommandContext, path: string): boolean {
  const parent = ctx.fs.stat(parentPath(path));
  return parent === undefined || ctx.canWrite(parent);
}

const echo: CommandImpl = (ctx) => {
  ctx.io.out.write(formatEcho(ctx.argv.slice(1), ctx.dialect === 'dash' ? 'dash' : 'busybox'));
  return 0;
};

const printf: CommandImpl = (ctx) => {
  const format = ctx.argv[1];
  if (format === undefined) {
    ctx.io.err.write('printf: usage: printf FORMAT [ARG]...\n');
    return 1;
  }
  const result = formatPrintf(format, ctx.argv.slice(2));
  ctx.io.out.write(result.text);
  for (const error of result.errors) ctx.io.err.write(`printf: ${error}\n`);
  return result.errors.length > 0 ? 1 : 0;
};

/**
 * Tells whether a path the model finds missing may exist in a real build: a step (this one or an
 * earlier one) made or deleted it under a condition the model could only guess (Layer.uncertainPaths).
 */
export function isUncertainPath(fs: WorkingFs, path: string): boolean {
  return fs.isUncertain(path) || fs.base.layers.some((layer) => layer.uncertainPaths.includes(path));
}

/**
 * Tells whether a real build may not have this file at all: it was written under a guessed
 * condition (`conditional`), or in a step that also ran a command the model does not (`partly-modelled`).
 */
export function isExistenceGuessed(entry: FileEntry): boolean {
  const guess = guessOf(entry);
  return guess === 'conditional' || guess === 'partly-modelled';
}

// Reads a file operand for cat/head/wc/…; '-' is stdin. Returns undefined after printing an error.
// `decidesOnText`: the command's status depends on what the file says (grep), see readGuessed.
function readOperand(ctx: CommandContext, name: string, applet: string, style: 'cat' | 'plain', decidesOnText = false): FileEntry | undefined | 'error' {
  if (name === '-') return ctx.io.stdin ?? makeFile('');
  if (name === '/dev/null') return makeFile('');
  if (name === '/dev/zero' || name === '/dev/urandom' || name === '/dev/random') {
    // `head -c 16 /dev/urandom` succeeds on a real engine: read as nothing, marked unknown, not as a failure.
    ctx.markNotModelled(`${applet} ${name}: reading an endless device is not modelled`);
    return withGuess(makeFile(''), 'unknown');
  }
  const r = ctx.fs.readFile(name, ctx.cwd);
  if (r.ok) {
    if (guessOf(r.value) !== undefined) ctx.readGuessed(r.value, decidesOnText);
    return r.value;
  }
  if (r.code === 'ENOENT' && isUncertainPath(ctx.fs, abs(ctx, name))) ctx.decidedOnUncertainPath();
  // The container's /proc and /sys are the build host kernel's (verified: /proc/version names the
  // host kernel under both builders); the simulated filesystem has neither.
  if (/^\/(proc|sys)(\/|$)/.test(abs(ctx, name)) && r.code === 'ENOENT') {
    ctx.markNotModelled(`${applet} ${name}: /proc and /sys come from the build host's kernel and are not modelled`);
    return makeFile('');
  }
  if (style === 'cat') {
    if (r.code === 'EISDIR') ctx.io.err.write(`${applet}: read error: Is a directory\n`);
    else ctx.io.err.write(`${applet}: can't open '${name}': ${describeError(r.code)}\n`);
  } else ctx.io.err.write(`${applet}: ${name}: ${describeError(r.code)}\n`);
  return 'error';
}

const cat: CommandImpl = (ctx) => {
  const { operands } = getopts(ctx.argv, 'nbvAetTsu');
  let status = 0;
  for (const name of operands.length === 0 ? ['-'] : operands) {
    const entry = readOperand(ctx, name, 'cat', 'cat');
    if (entry === 'error') status = 1;
    else if (entry) ctx.io.out.write(entry);
  }
  return status;
};

function copyEntryFor(ctx: CommandContext, entry: Entry, preserve: boolean): Entry {
  if (preserve || entry.type === 'symlink') return entry;
  return withMeta(entry, { uid: ctx.uid, gid: ctx.gid });
}

const cp: CommandImpl = (ctx) => {
  const { flags, operands } = getopts(ctx.argv, 'rRapfidLPvHnsTlu');
  const recursive = flags.has('r') || flags.has('R') || flags.has('a');
  const preserve = flags.has('a') || flags.has('p');
  const noDereference = flags.has('a') || flags.has('P') || flags.has('d');
  if (operands.length < 2) {
    ctx.io.err.write(`cp: missing file operand\n`);
    return 1;
  }
  const dest = operands[operands.length - 1] ?? '';
  const sources = operands.slice(0, -1);
  const destEntry = ctx.fs.stat(dest, ctx.cwd);
  // busybox treats the last operand of a multi-source cp as a directory even when it is missing
  // (verified: "cp: can't create '/notadir/1': No such file or directory").
  const intoDir = destEntry?.type === 'dir' || (sources.length > 1 && !destEntry);
  if (sources.length > 1 && destEntry && destEntry.type !== 'dir') {
    ctx.io.err.write(`cp: '${dest}' is not a directory\n`);
    return 1;
  }
  let status = 0;
  for (const source of sources) {
    const r = ctx.fs.resolve(source, { cwd: ctx.cwd, follow: !(recursive && noDereference) });
    const entry = r.ok ? r.value.entry : undefined;
    if (!r.ok || !entry) {
      ctx.io.err.write(`cp: can't stat '${source}': No such file or directory\n`);
      status = 1;
      continue;
    }
    const target = intoDir ? joinPath(abs(ctx, dest), baseName(abs(ctx, source))) : abs(ctx, dest);
    if (entry.type === 'dir') {
      if (!recursive) {
        ctx.io.err.write(`cp: omitting directory '${source}'\n`);
        status = 1;
        continue;
      }
      if (isPathWithin(target, r.value.path)) {
        ctx.io.err.write(`cp: can't copy a directory into itself: '${source}'\n`);
        status = 1;
        continue;
      }
      const existing = ctx.fs.stat(target);
      if (existing && existing.type !== 'dir') {
        ctx.io.err.write(`cp: can't create directory '${target}': File exists\n`);
        status = 1;
        continue;
      }
      if (!ctx.fs.lookup(parentPath(target))) {
        ctx.io.err.write(`cp: can't create directory '${target}': No such file or directory\n`);
        status = 1;
        continue;
      }
      ctx.fs.copyTree(ctx.fs, r.value.path, target, (e) => copyEntryFor(ctx, e, preserve));
      continue;
    }
    const shown = intoDir ? `${dest.replace(/\/+$/, '')}/${baseName(abs(ctx, source))}` : dest;
    if (!ctx.fs.stat(parentPath(target))) {
      ctx.io.err.write(`cp: can't create '${shown}': No such file or directory\n`);
      status = 1;
      continue;
    }
    const existing = ctx.fs.stat(target);
    if (existing?.type === 'dir') {
      ctx.io.err.write(`cp: can't create '${target}': Is a directory\n`);
      status = 1;
      continue;
    }
    if (!parentWritable(ctx, target)) {
      ctx.io.err.write(`cp: can't create '${target}': Permission denied\n`);
      status = 1;
      continue;
    }
    const copied = copyEntryFor(ctx, entry, preserve);
    if (copied.type === 'file') {
      // Overwriting keeps the destination's mode and owner; a new file takes the source's mode.
      const w = ctx.fs.writeFile(target, copied, { keepMeta: !preserve });
      if (!w.ok) {
        ctx.io.err.write(`cp: can't create '${target}': ${describeError(w.code)}\n`);
        status = 1;
      }
    } else {
      const parent = ctx.fs.lookup(parentPath(target));
      if (!parent) {
        ctx.io.err.write(`cp: can't create '${target}': No such file or directory\n`);
        status = 1;
      } else ctx.fs.setEntry(target, copied);
    }
  }
  return status;
};

const mv: CommandImpl = (ctx) => {
  const { operands } = getopts(ctx.argv, 'finTv');
  if (operands.length < 2) {
    ctx.io.err.write('mv: missing file operand\n');
    return 1;
  }
  const dest = operands[operands.length - 1] ?? '';
  const sources = operands.slice(0, -1);
  const intoDir = ctx.fs.stat(dest, ctx.cwd)?.type === 'dir';
  if (sources.length > 1 && !intoDir) {
    ctx.io.err.write(`mv: '${dest}' is not a directory\n`);
    return 1;
  }
  let status = 0;
  for (const source of sources) {
    const r = ctx.fs.resolve(source, { cwd: ctx.cwd, follow: false });
    if (!r.ok || !r.value.entry) {
      ctx.io.err.write(`mv: can't rename '${source}': No such file or directory\n`);
      status = 1;
      continue;
    }
    const from = r.value.path;
    const target = intoDir ? joinPath(abs(ctx, dest), baseName(from)) : abs(ctx, dest);
    if (target === from) continue;
    // rename(2) from or onto a mount point is EBUSY (verified: `mv /etc/hosts /x` and `mv /a /etc/hosts`
    // in a RUN, both builders).
    if (ctx.fs.mountWithin(from) !== undefined || ctx.fs.mountAt(target) !== undefined) {
      ctx.io.err.write(`mv: can't rename '${source}': Device or resource busy\n`);
      status = 1;
      continue;
    }
    if (isPathWithin(target, from)) {
      ctx.io.err.write(`mv: can't rename '${source}': Invalid argument\n`);
      status = 1;
      continue;
    }
    const targetParent = ctx.fs.stat(parentPath(target));
    if (!targetParent || targetParent.type !== 'dir') {
      ctx.io.err.write(`mv: can't rename '${source}': ${targetParent ? 'Not a directory' : 'No such file or directory'}\n`);
      status = 1;
      continue;
    }
    if (!parentWritable(ctx, from) || !parentWritable(ctx, target)) {
      ctx.io.err.write(`mv: can't rename '${source}': Permission denied\n`);
      status = 1;
      continue;
    }
    const existing = ctx.fs.lstat(target);
    if (existing?.type === 'dir' && r.value.entry.type === 'dir' && ctx.fs.childNames(target).length > 0) {
      ctx.io.err.write(`mv: can't rename '${source}': Directory not empty\n`);
      status = 1;
      continue;
    }
    if (existing) ctx.fs.remove(target, { recursive: true });
    ctx.fs.copyTree(ctx.fs, from, target);
    ctx.fs.remove(from, { recursive: true });
  }
  return status;
};

const rm: CommandImpl = (ctx) => {
  const { flags, operands } = getopts(ctx.argv, 'rRfivd');
  const recursive = flags.has('r') || flags.has('R');
  const force = flags.has('f');
  let status = 0;
  for (const name of operands) {
    const r = ctx.fs.resolve(name, { cwd: ctx.cwd, follow: false });
    const entry = r.ok ? r.value.entry : undefined;
    if (!r.ok || !entry) {
      if (!force) {
        ctx.io.err.write(`rm: can't remove '${name}': No such file or directory\n`);
        status = 1;
      }
      continue;
    }
    if (entry.type === 'dir' && !recursive && !(flags.has('d') && ctx.fs.childNames(r.value.path).length === 0)) {
      ctx.io.err.write(`rm: '${name}' is a directory\n`);
      status = 1;
      continue;
    }
    if (r.value.path === '/') {
      ctx.io.err.write(`rm: can't remove '/'\n`);
      status = 1;
      continue;
    }
    if (!parentWritable(ctx, r.value.path)) {
      ctx.io.err.write(`rm: can't remove '${name}': Permission denied\n`);
      status = 1;
      continue;
    }
    if (ctx.fs.mountWithin(r.value.path) !== undefined) {
      if (!removeAroundMounts(ctx, r.value.path)) status = 1;
      continue;
    }
    ctx.fs.remove(r.value.path, { recursive: true });
  }
  if (operands.length === 0 && !force) {
    ctx.io.err.write('rm: missing operand\n');
    return 1;
  }
  return status;
};

// `rm -r` of a directory holding a runtime mount point: busybox deletes everything else, reports
// each mount point (unlink is EBUSY) and leaves the directories above them (verified: `rm -rf /etc`
// in a RUN prints one "Device or resource busy" line per mounted file, both builders). False when
// something could not be removed.
function removeAroundMounts(ctx: CommandContext, path: string): boolean {
  if (ctx.fs.mountAt(path) !== undefined) {
    ctx.io.err.write(`rm: can't remove '${path}': Device or resource busy\n`);
    return false;
  }
  if (ctx.fs.mountWithin(path) === undefined) {
    ctx.fs.remove(path, { recursive: true });
    return true;
  }
  // Mount points come last, in mount order: the order busybox met them on the real engine.
  const mounts = ctx.fs.mountPoints();
  const rank = (name: string): number => mounts.indexOf(joinPath(path, name));
  const names = [...ctx.fs.childNames(path)].sort((a, b) => rank(a) - rank(b));
  let removed = true;
  for (const name of names) if (!removeAroundMounts(ctx, joinPath(path, name))) removed = false;
  return removed;
}

function parseOctalMode(mode: string): number | undefined {
  return /^[0-7]{1,4}$/.test(mode) ? Number.parseInt(mode, 8) : undefined;
}

// chmod's symbolic modes: [ugoa]*[+-=][rwxXst]*, comma-separated.
function applyMode(spec: string, current: number, isDir: boolean): number | undefined {
  const octal = parseOctalMode(spec);
  if (octal !== undefined) return octal;
  let mode = current;
  for (const clause of spec.split(',')) {
    const m = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause);
    if (!m) return undefined;
    const who = m[1] === '' || m[1] === undefined ? 'a' : m[1];
    const op = m[2];
    const perms = m[3] ?? '';
    let bits = 0;
    const masks = { u: 0o4700, g: 0o2070, o: 0o1007 } as const;
    const targets = who.includes('a') ? ['u', 'g', 'o'] : [...who];
    for (const t of targets) {
      const mask = masks[t as 'u' | 'g' | 'o'];
      for (const p of perms) {
        if (p === 'r') bits |= mask & 0o444;
        if (p === 'w') bits |= mask & 0o222;
        if (p === 'x' || (p === 'X' && (isDir || (current & 0o111) !== 0))) bits |= mask & 0o111;
        if (p === 's') bits |= mask & 0o6000;
        if (p === 't') bits |= 0o1000;
      }
    }
    if (op === '+') mode |= bits;
    else if (op === '-') mode &= ~bits;
    else {
      let clear = 0;
      for (const t of targets) clear |= masks[t as 'u' | 'g' | 'o'];
      mode = (mode & ~clear) | bits;
    }
  }
  return mode & 0o7777;
}

const mkdir: CommandImpl = (ctx) => {
  const { flags, operands } = getopts(ctx.argv, 'pvm:');
  const modeFlag = flags.get('m');
  const mode = typeof modeFlag === 'string' ? applyMode(modeFlag, 0o755, true) : undefined;
  if (typeof modeFlag === 'string' && mode === undefined) {
    ctx.io.err.write(`mkdir: invalid mode '${modeFlag}'\n`);
    return 1;
  }
  let status = 0;
  for (const name of operands) {
    const path = abs(ctx, name);
    if (!flags.has('p') && !parentWritable(ctx, path) && ctx.fs.lookup(parentPath(path))) {
      ctx.io.err.write(`mkdir: can't create directory '${name}': Permission denied\n`);
      status = 1;
      continue;
    }
    const r = ctx.fs.mkdir(path, { parents: flags.has('p'), uid: ctx.uid, gid: ctx.gid });
    if (!r.ok) {
      ctx.io.err.write(`mkdir: can't create directory '${name}': ${describeError(r.code)}\n`);
      status = 1;
      continue;
    }
    if (mode !== undefined) ctx.fs.changeMeta(r.value, { mode });
  }
  if (operands.length === 0) {
    ctx.io.err.write('mkdir: missing operand\n');
    return 1;
  }
  return status;
};

const rmdir: CommandImpl = (ctx) => {
  const { operands } = getopts(ctx.argv, 'p');
  let status = 0;
  for (const name of operands) {
    const r = ctx.fs.removeEmptyDir(name, ctx.cwd);
    if (!r.ok) {
      ctx.io.err.write(`rmdir: '${name}': ${describeError(r.code)}\n`);
      status = 1;
    }
  }
  return status;
};

const touch: CommandImpl = (ctx) => {
  const { flags, operands } = getopts(ctx.argv, 'cahmd:t:r:');
  let status = 0;
  for (const name of operands) {
    const r = ctx.fs.resolve(name, { cwd: ctx.cwd });
    if (r.ok && r.value.entry) {
      // A new mtime copies the file up into this layer: its bytes count again (verified).
      const touched = ctx.fs.changeMeta(r.value.path, {});
      if (!touched.ok) {
        ctx.io.err.write(`touch: ${name}: ${describeError(touched.code)}\n`);
        status = 1;
      }
      continue;
    }
    if (flags.has('c')) continue;
    if (!r.ok || !ctx.fs.lookup(parentPath(r.value.path))) {
      ctx.io.err.write(`touch: ${name}: No such file or directory\n`);
      status = 1;
      continue;
    }
    if (!parentWritable(ctx, r.value.path)) {
      ctx.io.err.write(`touch: ${name}: Permission denied\n`);
      status = 1;
      continue;
    }
    ctx.fs.writeFile(r.value.path, ctx.newFile(''));
  }
  return status;
};

// busybox dd's size suffixes (coreutils/dd.c dd_suffixes).
const DD_SUFFIXES: ReadonlyArray<readonly [string, number]> = [
  ['kB', 1000],
  ['kD', 1000],
  ['MB', 1000_000],
  ['MD', 1000_000],
  ['GB', 1000_000_000],
  ['GD', 1000_000_000],
  ['c', 1],
  ['w', 2],
  ['b', 512],
  ['k', 1024],
  ['K', 1024],
  ['M', 1024 * 1024],
  ['G', 1024 * 1024 * 1024],
];

function parseDdNumber(value: string): number | undefined {
  const m = /^(\d+)([a-zA-Z]*)$/.exec(value);
  if (!m?.[1]) return undefined;
  const base = Number(m[1]);
  const suffix = m[2] ?? '';
  if (suffix === '') return base;
  const factor = DD_SUFFIXES.find(([s]) => s === suffix)?.[1];
  return factor === undefined ? undefined : base * factor;
}

function sliceRange(entry: FileEntry, offset: number, length: number): FileEntry {
  const start = Math.min(entry.size, Math.max(0, offset));
  const n = Math.max(0, Math.min(entry.size - start, length));
  if (entry.body.kind === 'bytes') return withGuess(makeFile(entry.body.data.slice(start, start + n)), guessOf(entry));
  if (entry.body.fingerprint === 'zero') return makeSyntheticFile(n, 'zero');
  if (start === 0 && n === entry.size) return entry;
  return makeSyntheticFile(n, `${entry.body.fingerprint}[${start}:${n}]`);
}

const dd: CommandImpl = (ctx) => {
  const ops = new Map<string, string>();
  for (const arg of ctx.argv.slice(1)) {
    const eq = arg.indexOf('=');
    if (eq < 0) {
      ctx.io.err.write(`dd: invalid argument '${arg}'\n`);
      return 1;
    }
    ops.set(arg.slice(0, eq), arg.slice(eq + 1));
  }
  const num = (key: string, fallback: number | undefined): number | undefined | 'bad' => {
    const raw = ops.get(key);
    if (raw === undefined) return fallback;
    const n = parseDdNumber(raw);
    if (n === undefined) {
      ctx.io.err.write(`dd: invalid number '${raw}'\n`);
      return 'bad';
    }
    return n;
  };
  const bs = num('bs', undefined);
  const ibs = num('ibs', 512);
  const obs = num('obs', 512);
  const count = num('count', undefined);
  const skip = num('skip', 0);
  const seek = num('seek', 0);
  if (bs === 'bad' || ibs === 'bad' || obs === 'bad' || count === 'bad' || skip === 'bad' || seek === 'bad') return 1;
  const inBlock = bs ?? ibs ?? 512;
  const outBlock = bs ?? obs ?? 512;
  const input = ops.get('if');
  let data: FileEntry;
  if (input === '/dev/zero' || input === '/dev/urandom' || input === '/dev/random') {
    if (count === undefined) {
      ctx.markNotModelled(`dd if=${input} without count= never ends; not modelled`);
      return 0;
    }
    const size = count * inBlock;
    data = input === '/dev/zero' ? makeSyntheticFile(size, 'zero') : makeSyntheticFile(size, ctx.randomFingerprint());
  } else {
    let source: FileEntry;
    if (input === undefined || input === '-' || input === '/dev/stdin') source = ctx.io.stdin ?? makeFile('');
    else if (input === '/dev/null') source = makeFile('');
    else {
      const r = ctx.fs.readFile(input, ctx.cwd);
      if (!r.ok) {
        ctx.io.err.write(`dd: can't open '${input}': ${describeError(r.code)}\n`);
        return 1;
      }
      source = r.value;
    }
    const offset = (skip ?? 0) * inBlock;
    const limit = count === undefined ? Number.POSITIVE_INFINITY : count * inBlock;
    data = sliceRange(source, offset, limit);
  }
  const output = ops.get('of');
  if (output === undefined || output === '-' || output === '/dev/stdout') ctx.io.out.write(data);
  else if (output !== '/dev/null') {
    const r = ctx.fs.resolve(output, { cwd: ctx.cwd });
    if (!r.ok || r.value.entry?.type === 'dir' || !ctx.fs.lookup(parentPath(r.value.path))) {
      const reason = r.ok && r.value.entry?.type === 'dir' ? 'Is a directory' : 'No such file or directory';
      ctx.io.err.write(`dd: can't open '${output}': ${reason}\n`);
      return 1;
    }
    if (!parentWritable(ctx, r.value.path)) {
      ctx.io.err.write(`dd: can't open '${output}': Permission denied\n`);
      return 1;
    }
    const seekBytes = (seek ?? 0) * outBlock;
    const existing = r.value.entry?.type === 'file' ? r.value.entry : undefined;
    const notrunc = (ops.get('conv') ?? '').split(',').includes('notrunc');
    const parts: FileEntry[] = [];
    if (seekBytes > 0) parts.push(existing ? sliceRange(existing, 0, seekBytes) : makeSyntheticFile(seekBytes, 'zero'));
    parts.push(data);
    if (notrunc && existing && existing.size > seekBytes + data.size) parts.push(sliceRange(existing, seekBytes + data.size, existing.size));
    ctx.fs.writeFile(r.value.path, concatFiles(parts, { uid: ctx.uid, gid: ctx.gid }));
  }
  if (ops.get('status') !== 'none') {
    const records = (bytes: number, block: number): string => `${Math.floor(bytes / block)}+${bytes % block > 0 ? 1 : 0}`;
    // busybox 1.35 prints only the two record lines (verified: "256+0 records in").
    ctx.io.err.write(`${records(data.size, inBlock)} records in\n${records(data.size, outBlock)} records out\n`);
  }
  return 0;
};

function modeString(entry: Entry): string {
  const type = entry.type === 'dir' ? 'd' : entry.type === 'symlink' ? 'l' : '-';
  const m = entry.mode;
  const bit = (mask: number, ch: string): string => ((m & mask) !== 0 ? ch : '-');
  const exec = (mask: number, special: number, on: string, off: string): string =>
    (m & special) !== 0 ? ((m & mask) !== 0 ? on : off) : bit(mask, 'x');
  return (
    type +
    bit(0o400, 'r') +
    bit(0o200, 'w') +
    exec(0o100, 0o4000, 's', 'S') +
    bit(0o040, 'r') +
    bit(0o020, 'w') +
    exec(0o010, 0o2000, 's', 'S') +
    bit(0o004, 'r') +
    bit(0o002, 'w') +
    exec(0o001, 0o1000, 't', 'T')
  );
}

const RUNTIME_DIRS: ReadonlySet<string> = new Set(['/', '/etc', '/dev', '/proc', '/sys', '/run']);

const ls: CommandImpl = (ctx) => {
  const { flags, operands } = getopts(ctx.argv, 'aAlndR1hFCx');
  const long = flags.has('l') || flags.has('n');
  const all = flags.has('a');
  const almostAll = flags.has('A');
  let status = 0;
  const lines: string[] = [];
  const files: Array<{ name: string; entry: Entry }> = [];
  const dirs: Array<{ name: string; path: string }> = [];
  for (const name of operands.length === 0 ? ['.'] : operands) {
    // A symlink operand is listed as itself with -l or when dangling, else followed (busybox ls).
    const own = ctx.fs.lstat(name, ctx.cwd);
    const target = ctx.fs.stat(name, ctx.cwd);
    if (!own) {
      ctx.io.err.write(`ls: ${name}: No such file or directory\n`);
      status = 1;
      continue;
    }
    const followed = own.type === 'symlink' && !long && target ? target : own;
    if (followed.type === 'dir' && !flags.has('d')) {
      const r = ctx.fs.resolve(name, { cwd: ctx.cwd });
      dirs.push({ name, path: r.ok ? r.value.path : abs(ctx, name) });
    } else files.push({ name, entry: own });
  }
  if (long) ctx.approximate('ls -l: file times come from the build\'s clock, which is not modelled; they show as Jan  1 00:00');
  // The container's runtime mounts (/proc, /sys, /dev) show up in these directories on a real
  // engine. In /etc the model has the builder's mounted files (runtime-mounts.ts), which is all
  // BuildKit puts there; the legacy builder's container also has an /etc/mtab link (verified:
  // `ls -la /etc` in a RUN on local/busybox:1, both builders).
  if (dirs.some((d) => RUNTIME_DIRS.has(d.path) && !(d.path === '/etc' && ctx.builder === 'buildkit'))) {
    ctx.approximate('ls: the container\'s runtime mounts (/proc, /sys, /dev, the legacy builder\'s /etc/mtab) are not modelled');
  }
  const format = (name: string, entry: Entry, path: string): string => {
    if (!long) return name;
    const links = entry.type === 'dir' ? 2 + ctx.fs.childNames(path).filter((c) => ctx.fs.lookup(joinPath(path, c))?.type === 'dir').length : 1;
    const size = entry.type === 'file' ? entry.size : entry.type === 'symlink' ? entry.target.length : 4096;
    // The build's clock is unknown: a fixed date keeps output deterministic.
    const line = `${modeString(entry)} ${String(links).padStart(4)} ${String(entry.uid).padEnd(8)} ${String(entry.gid).padEnd(8)} ${String(size).padStart(9)} Jan  1 00:00 ${name}`;
    return entry.type === 'symlink' ? `${line} -> ${entry.target}` : line;
  };
  files.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const f of files) lines.push(format(f.name, f.entry, abs(ctx, f.name)));
  dirs.sort((a, b) => (a.name < b.name ? -1 : 1));
  const showHeaders = operands.length > 1 || flags.has('R');
  const queue = [...dirs];
  let first = files.length === 0;
  while (queue.length > 0) {
    const dir = queue.shift();
    if (!dir) break;
    if (!first) lines.push('');
    first = false;
    if (showHeaders) lines.push(`${dir.name}:`);
    let names = [...ctx.fs.childNames(dir.path)];
    if (!all && !almostAll) names = names.filter((n) => !n.startsWith('.'));
    if (all) names = ['.', '..', ...names];
    if (long) {
      let blocks = 0;
      for (const n of names) {
        const e = n === '.' || n === '..' ? undefined : ctx.fs.lookup(joinPath(dir.path, n));
        blocks += e?.type === 'file' ? Math.ceil(e.size / 4096) * 4 : 4;
      }
      lines.push(`total ${blocks}`);
    }
    const sub: Array<{ name: string; path: string }> = [];
    for (const n of names) {
      const path = n === '.' ? dir.path : n === '..' ? parentPath(dir.path) : joinPath(dir.path, n);
      const e = ctx.fs.lookup(path) ?? makeDir();
      lines.push(format(n, e, path));
      if (flags.has('R') && e.type === 'dir' && n !== '.' && n !== '..') sub.push({ name: `${dir.name.replace(/\/$/, '')}/${n}`, path });
    }
    queue.unshift(...sub);
  }
  if (lines.length > 0) ctx.io.out.write(`${lines.join('\n')}\n`);
  return status;
};

const chmod: CommandImpl = (ctx) => {
  const args = ctx.argv.slice(1);
  const recursive = args[0] === '-R';
  const rest = recursive ? args.slice(1) : args;
  const spec = rest[0];
  if (spec === undefined || rest.length < 2) {
    ctx.io.err.write('chmod: missing operand\n');
    return 1;
  }
  let status = 0;
  for (const name of rest.slice(1)) {
    const r = ctx.fs.resolve(name, { cwd: ctx.cwd });
    const entry = r.ok ? r.value.entry : undefined;
    if (!r.ok || !entry) {
      ctx.io.err.write(`chmod: ${name}: No such file or directory\n`);
      status = 1;
      continue;
    }
    const targets: Array<[string, Entry]> = [[r.value.path, entry]];
    if (recursive && entry.type === 'dir') for (const [, path, e] of ctx.fs.walk(r.value.path)) targets.push([path, e]);
    for (const [path, e] of targets) {
      if (e.type === 'symlink') continue;
      const mode = applyMode(spec, e.mode, e.type === 'dir');
      if (mode === undefined) {
        ctx.io.err.write(`chmod: invalid mode '${spec}'\n`);
        return 1;
      }
      if (ctx.uid !== 0 && e.uid !== ctx.uid) {
        ctx.io.err.write(`chmod: ${name}: Operation not permitted\n`);
        status = 1;
        continue;
      }
      const changed = ctx.fs.changeMeta(path, { mode });
      if (!changed.ok) {
        ctx.io.err.write(`chmod: ${name}: ${describeError(changed.code)}\n`);
        status = 1;
      }
    }
  }
  return status;
};

const chown: CommandImpl = (ctx) => {
  const { flags, operands } = getopts(ctx.argv, 'RhLHPfv');
  const spec = operands[0];
  if (spec === undefined || operands.length < 2) {
    ctx.io.err.write('chown: missing operand\n');
    return 1;
  }
  const ids = parseChown(spec.replace('.', ':'), ctx.fs, 'buildkit');
  if ('error' in ids) {
    const who = spec.split(/[:.]/)[0] ?? spec;
    ctx.io.err.write(`chown: unknown user ${who}\n`);
    return 1;
  }
  const group = spec.includes(':') || spec.includes('.');
  let status = 0;
  for (const name of operands.slice(1)) {
    const r = ctx.fs.resolve(name, { cwd: ctx.cwd });
    const entry = r.ok ? r.value.entry : undefined;
    if (!r.ok || !entry) {
      ctx.io.err.write(`chown: ${name}: No such file or directory\n`);
      status = 1;
      continue;
    }
    if (ctx.uid !== 0) {
      ctx.io.err.write(`chown: ${name}: Operation not permitted\n`);
      status = 1;
      continue;
    }
    const meta = group ? ids : { uid: ids.uid };
    const changed = ctx.fs.changeMeta(r.value.path, meta);
    if (!changed.ok) {
      ctx.io.err.write(`chown: ${name}: ${describeError(changed.code)}\n`);
      status = 1;
      continue;
    }
    if (flags.has('R') && entry.type === 'dir') for (const [, path] of [...ctx.fs.walk(r.value.path)]) ctx.fs.setEntry(path, withMeta(ctx.fs.lookup(path) ?? makeDir(), meta));
  }
  return status;
};

const ln: CommandImpl = (ctx) => {
  const { flags, operands } = getopts(ctx.argv, 'sfnTvb');
  if (operands.length === 0) {
    ctx.io.err.write('ln: missing operand\n');
    return 1;
  }
  const target = operands[0] ?? '';
  const linkArg = operands.length > 1 ? (operands[operands.length - 1] ?? '') : baseName(normalizePath(target));
  let linkPath = abs(ctx, linkArg);
  const existing = flags.has('n') ? ctx.fs.lstat(linkPath) : ctx.fs.stat(linkPath);
  if (existing?.type === 'dir' && !flags.has('T')) linkPath = joinPath(ctx.fs.resolve(linkPath).ok ? linkPath : linkPath, baseName(normalizePath(target)));
  const r = ctx.fs.resolve(parentPath(linkPath));
  const dir = r.ok && r.value.entry?.type === 'dir' ? r.value.path : undefined;
  if (!dir) {
    ctx.io.err.write(`ln: ${linkArg}: No such file or directory\n`);
    return 1;
  }
  const finalPath = joinPath(dir, baseName(linkPath));
  if (ctx.fs.lstat(finalPath)) {
    if (!flags.has('f')) {
      const shown = linkPath === abs(ctx, linkArg) ? linkArg : `${linkArg.replace(/\/+$/, '')}/${baseName(linkPath)}`;
      ctx.io.err.write(`ln: ${shown}: File exists\n`);
      return 1;
    }
    // busybox ln -f unlinks first; a mount point refuses (EBUSY) and the link then finds the name
    // taken (verified: `ln -sf /a /etc/hosts` in a RUN prints "ln: /etc/hosts: File exists", both builders).
    if (!ctx.fs.remove(finalPath, { recursive: false }).ok && ctx.fs.mountAt(finalPath) !== undefined) {
      ctx.io.err.write(`ln: ${linkArg}: File exists\n`);
      return 1;
    }
  }
  if (flags.has('s')) {
    ctx.fs.setEntry(finalPath, makeSymlink(target, { uid: ctx.uid, gid: ctx.gid }));
    return 0;
  }
  const source = ctx.fs.stat(target, ctx.cwd);
  if (!source) {
    ctx.io.err.write(`ln: ${target}: No such file or directory\n`);
    return 1;
  }
  if (source.type === 'dir') {
    ctx.io.err.write(`ln: ${target}: Is a directory\n`);
    return 1;
  }
  ctx.note('hard links are modelled as copies: a layer holding both names counts the bytes twice, Docker once');
  ctx.fs.setEntry(finalPath, source);
  return 0;
};

function countArg(value: string | true | undefined): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^\+?(\d+)([a-zA-Z]*)$/.exec(value);
  if (!m?.[1]) return undefined;
  const n = Number(m[1]);
  const suffix = m[2] ?? '';
  const factor = suffix === '' ? 1 : suffix === 'b' ? 512 : suffix === 'k' || suffix === 'K' ? 1024 : suffix === 'm' || suffix === 'M' ? 1024 * 1024 : undefined;
  return factor === undefined ? undefined : n * factor;
}

function headOrTail(ctx: CommandContext, applet: 'head' | 'tail'): number {
  const argv = ctx.argv.map((a, i) => (i > 0 && /^-\d+$/.test(a) ? `-n${a.slice(1)}` : a));
  const { flags, operands } = getopts(argv, 'c:n:qvf');
  const bytes = countArg(flags.get('c'));
  const lines = countArg(flags.get('n')) ?? 10;
  if (flags.has('c') && bytes === undefined) {
    ctx.io.err.write(`${applet}: invalid number '${String(flags.get('c'))}'\n`);
    return 1;
  }
  const fromStart = applet === 'tail' && typeof flags.get('n') === 'string' && String(flags.get('n')).startsWith('+');
  const names = operands.length === 0 ? ['-'] : operands;
  let status = 0;
  names.forEach((name, index) => {
    const entry = readOperand(ctx, name, applet, 'plain');
    if (entry === 'error' || !entry) {
      status = 1;
      return;
    }
    if (names.length > 1 && !flags.has('q')) ctx.io.out.write(`${index > 0 ? '\n' : ''}==> ${name === '-' ? 'standard input' : name} <==\n`);
    if (bytes !== undefined) {
      ctx.io.out.write(applet === 'head' ? sliceRange(entry, 0, bytes) : sliceRange(entry, entry.size - bytes, bytes));
      return;
    }
    if (entry.body.kind !== 'bytes') {
      ctx.markNotModelled(`${applet} -n on binary data is not modelled`);
      return;
    }
    const content = text(entry);
    const all = content.split('\n');
    const trailing = content.endsWith('\n');
    if (trailing) all.pop();
    let picked: string[];
    if (applet === 'head') picked = all.slice(0, lines);
    else if (fromStart) picked = all.slice(Math.max(0, lines - 1));
    else picked = all.slice(Math.max(0, all.length - lines));
    const lastIncluded = applet === 'head' ? picked.length === all.length : true;
    ctx.io.out.write(picked.join('\n') + (picked.length > 0 && (trailing || !lastIncluded) ? '\n' : ''));
  });
  return status;
}

const wc: CommandImpl = (ctx) => {
  const { flags, operands } = getopts(ctx.argv, 'clwmL');
  const wanted = ['l', 'w', 'c'].filter((f) => flags.has(f) || (f === 'c' && flags.has('m')));
  const columns = wanted.length === 0 ? ['l', 'w', 'c'] : wanted;
  const names = operands.length === 0 ? ['-'] : operands;
  const totals = { l: 0, w: 0, c: 0 };
  const rows: Array<{ counts: number[]; name: string | undefined }> = [];
  let status = 0;
  for (const name of names) {
    const entry = readOperand(ctx, name, 'wc', 'plain');
    if (entry === 'error' || !entry) {
      status = 1;
      continue;
    }
    const counts = { l: 0, w: 0, c: entry.size };
    if (entry.body.kind === 'bytes') {
      const t = text(entry);
      counts.l = (t.match(/\n/g) ?? []).length;
      counts.w = t.split(/\s+/).filter((s) => s !== '').length;
    } else if (columns.some((c) => c !== 'c') && entry.body.fingerprint !== 'zero') {
      ctx.markNotModelled('wc -l/-w on binary data is not modelled');
    }
    totals.l += counts.l;
    totals.w += counts.w;
    totals.c += counts.c;
    rows.push({ counts: columns.map((c) => counts[c as 'l' | 'w' | 'c']), name: name === '-' && operands.length === 0 ? undefined : name });
  }
  if (names.length > 1) rows.push({ counts: columns.map((c) => totals[c as 'l' | 'w' | 'c']), name: 'total' });
  // busybox: one column for one input prints bare; otherwise every count is %9u (verified).
  const bare = columns.length === 1 && names.length === 1;
  for (const row of rows) {
    const counts = row.counts.map((n) => (bare ? String(n) : String(n).padStart(9))).join(' ');
    ctx.io.out.write(`${counts}${row.name === undefined ? '' : ` ${row.name}`}\n`);
  }
  return status;
};

const env: CommandImpl = (ctx) => {
  const args = ctx.argv.slice(1);
  let i = 0;
  let clear = false;
  const extra: Array<[string, string]> = [];
  for (; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '-i' || a === '-') clear = true;
    else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) extra.push([a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]);
    else break;
  }
  const rest = args.slice(i);
  if (rest.length === 0) {
    // A real RUN's environment also has the shell's PWD and SHLVL, and HOSTNAME under the legacy
    // builder (verified: `env | sort` in a RUN on Engine 20.10, both builders).
    ctx.approximate('env: the listing is approximated (a real RUN also has PWD, SHLVL and, under the legacy builder, HOSTNAME)');
    const merged = new Map<string, string>(clear ? [] : Object.entries(ctx.env));
    for (const [k, v] of extra) merged.set(k, v);
    ctx.io.out.write([...merged].map(([k, v]) => `${k}=${v}\n`).join(''));
    return 0;
  }
  if (clear) ctx.note('env -i: the command still sees the full environment in the simulator');
  return ctx.runProgram(rest, extra, ctx.io);
};

const sleep: CommandImpl = (ctx) => {
  let total = 0;
  for (const arg of ctx.argv.slice(1)) {
    const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(arg);
    if (!m?.[1]) {
      ctx.io.err.write(`sleep: invalid number '${arg}'\n`);
      return 1;
    }
    const unit = m[2] === 'm' ? 60 : m[2] === 'h' ? 3600 : m[2] === 'd' ? 86400 : 1;
    total += Number(m[1]) * unit;
  }
  if (ctx.argv.length < 2) {
    ctx.io.err.write('sleep: missing operand\n');
    return 1;
  }
  ctx.sleep(total);
  return 0;
};

const test: CommandImpl = (ctx) => {
  const name = ctx.argv[0] ?? 'test';
  let args = ctx.argv.slice(1);
  // test and [ are ash builtins: their errors carry the applet name `sh` (verified: "sh: missing ]").
  if (baseName(name) === '[') {
    if (args[args.length - 1] !== ']') {
      ctx.io.err.write('sh: missing ]\n');
      return 2;
    }
    args = args.slice(0, -1);
  }
  // A file test on a path a real build may or may not have (written or deleted under a guessed
  // condition) is a guess, whichever answer the model gives.
  const checked = (path: string, entry: Entry | undefined): Entry | undefined => {
    const uncertain = entry?.type === 'file' ? isExistenceGuessed(entry) : isUncertainPath(ctx.fs, normalizePath(path, ctx.cwd));
    if (uncertain) ctx.decidedOnUncertainPath();
    return entry;
  };
  const result = evaluateTest(args, {
    stat: (p) => checked(p, ctx.fs.stat(p, ctx.cwd)),
    lstat: (p) => checked(p, ctx.fs.lstat(p, ctx.cwd)),
    canWrite: (e) => ctx.canWrite(e),
    uid: ctx.uid,
  });
  if (typeof result === 'string') {
    ctx.io.err.write(`sh: ${result}\n`);
    return 2;
  }
  return result ? 0 : 1;
};

const tee: CommandImpl = (ctx) => {
  const { flags, operands } = getopts(ctx.argv, 'ai');
  const input = ctx.io.stdin ?? makeFile('');
  let status = 0;
  for (const name of operands) {
    const r = ctx.fs.resolve(name, { cwd: ctx.cwd });
    if (!r.ok || !ctx.fs.lookup(parentPath(r.value.path)) || r.value.entry?.type === 'dir') {
      ctx.io.err.write(`tee: ${name}: ${r.ok && r.value.entry?.type === 'dir' ? 'Is a directory' : 'No such file or directory'}\n`);
      status = 1;
      continue;
    }
    const parts = r.value.entry?.type === 'file' && flags.has('a') ? [r.value.entry, input] : [input];
    const written = ctx.fs.writeFile(r.value.path, concatFiles(parts, { uid: ctx.uid, gid: ctx.gid }));
    if (!written.ok) {
      ctx.io.err.write(`tee: ${name}: ${describeError(written.code)}\n`);
      status = 1;
    }
  }
  ctx.io.out.write(input);
  return status;
};

// The container's hostname: BuildKit's is always `buildkitsandbox`, the legacy builder's the RUN
// container's random id (verified: `hostname` in a RUN on Engine 20.10, both builders). Setting it
// (`hostname NAME`, `-F`) needs CAP_SYS_ADMIN and other flags query the network: not modelled.
const hostname: CommandImpl = (ctx) => {
  const args = ctx.argv.slice(1);
  if (args.some((a) => a !== '-s')) {
    ctx.markNotModelled(`hostname ${args.join(' ')}: not modelled by the simulator; assumed to succeed without changing files`);
    return 0;
  }
  if (ctx.builder === 'buildkit') {
    ctx.io.out.write(`${BUILDKIT_HOSTNAME}\n`);
    return 0;
  }
  ctx.approximate(ctx.builder === 'legacy'
    ? 'hostname: the legacy builder names the RUN container by its random id; the simulator prints a stand-in'
    : 'hostname: `buildkitsandbox` under BuildKit, the RUN container\'s random id under the legacy builder; the simulator prints a stand-in');
  ctx.io.out.write(`${LEGACY_CONTAINER_ID_STAND_IN}\n`);
  return 0;
};

const grep: CommandImpl = (ctx) => {
  const { flags, operands } = getopts(ctx.argv, 'qvicnEFwxlhHsoe:');
  const patternFlag = flags.get('e');
  const pattern = typeof patternFlag === 'string' ? patternFlag : operands.shift();
  if (pattern === undefined) {
    ctx.io.err.write('grep: usage: grep PATTERN [FILE]...\n');
    return 2;
  }
  let source = flags.has('F') ? pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : pattern;
  if (!flags.has('E') && !flags.has('F')) source = source.replace(/\\([(){}|+?])/g, '$1');
  if (flags.has('w')) source = `\\b(?:${source})\\b`;
  if (flags.has('x')) source = `^(?:${source})$`;
  let re: RegExp;
  try {
    re = new RegExp(source, flags.has('i') ? 'i' : '');
  } catch {
    ctx.io.err.write(`grep: bad regex '${pattern}'\n`);
    return 2;
  }
  const names = operands.length === 0 ? ['-'] : operands;
  let matched = 0;
  let status = 0;
  for (const name of names) {
    const entry = readOperand(ctx, name, 'grep', 'plain', true);
    if (entry === 'error' || !entry) {
      status = 2;
      continue;
    }
    const lines = text(entry).split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    let count = 0;
    for (const line of lines) {
      if (re.test(line) === flags.has('v')) continue;
      count++;
      if (flags.has('q') || flags.has('c') || flags.has('l')) continue;
      const prefix = names.length > 1 && !flags.has('h') ? `${name}:` : '';
      if (flags.has('o') && !flags.has('v')) {
        for (const m of line.matchAll(new RegExp(re.source, `${re.flags}g`))) if (m[0] !== '') ctx.io.out.write(`${prefix}${m[0]}\n`);
      } else ctx.io.out.write(`${prefix}${line}\n`);
    }
    if (flags.has('c')) ctx.io.out.write(`${names.length > 1 ? `${name}:` : ''}${count}\n`);
    if (flags.has('l') && count > 0) ctx.io.out.write(`${name}\n`);
    matched += count;
  }
  if (status === 2 && !flags.has('q')) return 2;
  return matched > 0 ? 0 : 1;
};

function readAccountFile(ctx: CommandContext, path: string): string {
  const r = ctx.fs.readFile(path);
  return r.ok ? text(r.value) : '';
}

function appendLine(ctx: CommandContext, path: string, line: string): void {
  const current = readAccountFile(ctx, path);
  const prefix = current === '' || current.endsWith('\n') ? current : `${current}\n`;
  if (!ctx.fs.lookup(parentPath(path))) ctx.fs.mkdir(parentPath(path), { parents: true });
  ctx.fs.writeFile(path, makeFile(`${prefix}${line}\n`));
}

function nextId(content: string, from: number): number {
  const used = new Set(content.split('\n').map((l) => Number(l.split(':')[2])));
  let id = from;
  while (used.has(id)) id++;
  return id;
}

// busybox addgroup [-g GID] [-S] GROUP, and shadow's groupadd [-g GID] [-r] GROUP.
const addgroup: CommandImpl = (ctx) => {
  const { flags, operands } = getopts(ctx.argv, 'g:Sr');
  const name = operands[operands.length - 1];
  if (!name) {
    ctx.io.err.write(`${ctx.argv[0] ?? 'addgroup'}: missing operand\n`);
    return 1;
  }
  const groups = readAccountFile(ctx, '/etc/group');
  if (groups.split('\n').some((l) => l.split(':')[0] === name)) {
    ctx.io.err.write(`${ctx.argv[0] ?? 'addgroup'}: group '${name}' in use\n`);
    return 1;
  }
  const gidFlag = flags.get('g');
  const gid = typeof gidFlag === 'string' ? Number(gidFlag) : nextId(groups, flags.has('S') || flags.has('r') ? 100 : 1000);
  appendLine(ctx, '/etc/group', `${name}:x:${gid}:`);
  return 0;
};

// busybox adduser [-D] [-S] [-H] [-u UID] [-G GROUP] [-h HOME] [-s SHELL] USER, and shadow's
// useradd [-m] [-r] [-u UID] [-g GROUP] [-d HOME] [-s SHELL] USER.
const adduser: CommandImpl = (ctx) => {
  const isUseradd = baseName(ctx.argv[0] ?? '') === 'useradd';
  const { flags, operands } = getopts(ctx.argv, isUseradd ? 'mMrNUu:g:G:d:s:c:' : 'DSHu:G:h:s:g:k:');
  const name = operands[0];
  if (!name) {
    ctx.io.err.write(`${ctx.argv[0] ?? 'adduser'}: missing operand\n`);
    return 1;
  }
  const passwd = readAccountFile(ctx, '/etc/passwd');
  if (passwd.split('\n').some((l) => l.split(':')[0] === name)) {
    ctx.io.err.write(`${ctx.argv[0] ?? 'adduser'}: user '${name}' in use\n`);
    return 1;
  }
  const system = flags.has('S') || flags.has('r');
  const uidFlag = flags.get('u');
  const uid = typeof uidFlag === 'string' ? Number(uidFlag) : nextId(passwd, system ? 100 : 1000);
  const groupName = flags.get(isUseradd ? 'g' : 'G');
  let groups = readAccountFile(ctx, '/etc/group');
  let gid: number;
  if (typeof groupName === 'string') {
    const line = groups.split('\n').find((l) => l.split(':')[0] === groupName || l.split(':')[2] === groupName);
    if (!line) {
      ctx.io.err.write(`${ctx.argv[0] ?? 'adduser'}: unknown group ${groupName}\n`);
      return 1;
    }
    gid = Number(line.split(':')[2]);
  } else if (isUseradd && flags.has('N')) gid = 100;
  else {
    gid = groups.split('\n').some((l) => l.split(':')[2] === String(uid)) ? nextId(groups, uid) : uid;
    appendLine(ctx, '/etc/group', `${name}:x:${gid}:`);
    groups = readAccountFile(ctx, '/etc/group');
  }
  const homeFlag = flags.get(isUseradd ? 'd' : 'h');
  const home = typeof homeFlag === 'string' ? homeFlag : `/home/${name}`;
  const shellFlag = flags.get('s');
  const shell = typeof shellFlag === 'string' ? shellFlag : system ? '/sbin/nologin' : '/bin/sh';
  appendLine(ctx, '/etc/passwd', `${name}:x:${uid}:${gid}:Linux User,,,:${home}:${shell}`);
  const makeHome = isUseradd ? flags.has('m') : !flags.has('H') && !system;
  if (makeHome && !ctx.fs.stat(home)) {
    ctx.fs.mkdir(home, { parents: true });
    ctx.fs.changeMeta(home, { uid, gid, mode: isUseradd ? 0o750 : 0o755 });
  }
  if (!isUseradd && !flags.has('D') && !system) ctx.note('adduser without -D would prompt for a password; the simulator assumes -D');
  return 0;
};

const basename: CommandImpl = (ctx) => {
  const [path = '', suffix] = ctx.argv.slice(1);
  let name = path === '' ? '' : path.replace(/\/+$/, '').split('/').pop() || '/';
  if (suffix && name !== suffix && name.endsWith(suffix)) name = name.slice(0, -suffix.length);
  ctx.io.out.write(`${name}\n`);
  return 0;
};

const dirname: CommandImpl = (ctx) => {
  const path = ctx.argv[1] ?? '.';
  const trimmed = path.replace(/\/+$/, '');
  const cut = trimmed.lastIndexOf('/');
  ctx.io.out.write(`${cut < 0 ? '.' : cut === 0 ? '/' : trimmed.slice(0, cut)}\n`);
  return 0;
};

const which: CommandImpl = (ctx) => {
  let status = 0;
  for (const name of ctx.argv.slice(1)) {
    const dirs = (ctx.env['PATH'] ?? '').split(':');
    const hit = dirs.map((d) => normalizePath(name, d || '/')).find((p) => ctx.fs.stat(p)?.type === 'file');
    if (hit) ctx.io.out.write(`${hit}\n`);
    else status = 1;
  }
  return status;
};

const whoami: CommandImpl = (ctx) => {
  const line = readAccountFile(ctx, '/etc/passwd')
    .split('\n')
    .find((l) => l.split(':')[2] === String(ctx.uid));
  if (!line) {
    ctx.io.err.write(`whoami: unknown uid ${ctx.uid}\n`);
    return 1;
  }
  ctx.io.out.write(`${line.split(':')[0] ?? ''}\n`);
  return 0;
};

const id: CommandImpl = (ctx) => {
  const name = (path: string, idValue: number): string => {
    const line = readAccountFile(ctx, path)
      .split('\n')
      .find((l) => l.split(':')[2] === String(idValue));
    return line ? `${idValue}(${line.split(':')[0] ?? ''})` : String(idValue);
  };
  const args = ctx.argv.slice(1);
  if (args.includes('-u')) ctx.io.out.write(`${ctx.uid}\n`);
  else if (args.includes('-g')) ctx.io.out.write(`${ctx.gid}\n`);
  else {
    // The supplementary groups are the builder's choice: on local/busybox:1 the legacy builder's
    // RUN prints `uid=0 gid=0 groups=0`, BuildKit's `uid=0 gid=0` (verified, Engine 20.10).
    ctx.approximate('id: the supplementary groups depend on the builder; the groups= part is approximated');
    ctx.io.out.write(`uid=${name('/etc/passwd', ctx.uid)} gid=${name('/etc/group', ctx.gid)} groups=${name('/etc/group', ctx.gid)}\n`);
  }
  return 0;
};

const pwd: CommandImpl = (ctx) => {
  ctx.io.out.write(`${ctx.cwd}\n`);
  return 0;
};

const readlink: CommandImpl = (ctx) => {
  const { flags, operands } = getopts(ctx.argv, 'fnvsq');
  let status = 0;
  for (const name of operands) {
    if (flags.has('f')) {
      const r = ctx.fs.resolve(name, { cwd: ctx.cwd });
      if (!r.ok) {
        status = 1;
        continue;
      }
      ctx.io.out.write(`${r.value.path}${flags.has('n') ? '' : '\n'}`);
      continue;
    }
    const entry = ctx.fs.lstat(name, ctx.cwd);
    if (entry?.type !== 'symlink') {
      status = 1;
      continue;
    }
    ctx.io.out.write(`${entry.target}${flags.has('n') ? '' : '\n'}`);
  }
  return status;
};

const realpath: CommandImpl = (ctx) => {
  let status = 0;
  for (const name of ctx.argv.slice(1)) {
    const r = ctx.fs.resolve(name, { cwd: ctx.cwd });
    if (!r.ok || !r.value.entry) {
      ctx.io.err.write(`realpath: ${name}: No such file or directory\n`);
      status = 1;
      continue;
    }
    ctx.io.out.write(`${r.value.path}\n`);
  }
  return status;
};

function inputLines(ctx: CommandContext, operands: readonly string[], applet: string): { lines: string[]; status: number } {
  const lines: string[] = [];
  let status = 0;
  for (const name of operands.length === 0 ? ['-'] : operands) {
    const entry = readOperand(ctx, name, applet, 'plain');
    if (entry === 'error' || !entry) {
      status = 1;
      continue;
    }
    const content = text(entry).split('\n');
    if (content[content.length - 1] === '') content.pop();
    lines.push(...content);
  }
  return { lines, status };
}

// cut -c LIST | -b LIST | -f LIST [-d DELIM] [-s]; LIST is N, N-, -M, N-M, comma-separated.
const cut: CommandImpl = (ctx) => {
  const { flags, operands } = getopts(ctx.argv, 'b:c:f:d:sn');
  const list = flags.get('c') ?? flags.get('b') ?? flags.get('f');
  if (typeof list !== 'string') {
    ctx.io.err.write('cut: expected a list of bytes, characters, or fields\n');
    return 1;
  }
  const ranges = list.split(',').map((r) => {
    const m = /^(\d*)(-?)(\d*)$/.exec(r) ?? ['', '', '', ''];
    const lo = m[1] ? Number(m[1]) : 1;
    const hi = m[2] ? (m[3] ? Number(m[3]) : Number.POSITIVE_INFINITY) : lo;
    return [lo, hi] as const;
  });
  const pick = (n: number): boolean => ranges.some(([lo, hi]) => n >= lo && n <= hi);
  const { lines, status } = inputLines(ctx, operands, 'cut');
  const delimFlag = flags.get('d');
  const delim = typeof delimFlag === 'string' ? delimFlag : '\t';
  for (const line of lines) {
    if (flags.has('f')) {
      if (!line.includes(delim)) {
        if (!flags.has('s')) ctx.io.out.write(`${line}\n`);
        continue;
      }
      ctx.io.out.write(`${line.split(delim).filter((_, i) => pick(i + 1)).join(delim)}\n`);
    } else ctx.io.out.write(`${[...line].filter((_, i) => pick(i + 1)).join('')}\n`);
  }
  return status;
};

const seq: CommandImpl = (ctx) => {
  const nums = ctx.argv.slice(1).filter((a) => !a.startsWith('-') || /^-\d/.test(a)).map(Number);
  const [first, step, last] = nums.length === 1 ? [1, 1, nums[0] ?? 1] : nums.length === 2 ? [nums[0] ?? 1, 1, nums[1] ?? 1] : [nums[0] ?? 1, nums[1] ?? 1, nums[2] ?? 1];
  if ([first, step, last].some((n) => !Number.isFinite(n)) || step === 0) {
    ctx.io.err.write('seq: invalid number\n');
    return 1;
  }
  const out: string[] = [];
  for (let n = first; step > 0 ? n <= last : n >= last; n += step) {
    out.push(String(n));
    if (out.length > 100_000) break;
  }
  if (out.length > 0) ctx.io.out.write(`${out.join('\n')}\n`);
  return 0;
};

function expandTrSet(set: string): string[] {
  const chars: string[] = [];
  const classes: Record<string, string> = {
    '[:lower:]': 'abcdefghijklmnopqrstuvwxyz',
    '[:upper:]': 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    '[:digit:]': '0123456789',
    '[:space:]': ' \t\n\r\f\v',
  };
  let s = set;
  for (const [name, value] of Object.entries(classes)) s = s.split(name).join(value);
  s = s.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (s[i + 1] === '-' && i + 2 < s.length) {
      const end = s.charCodeAt(i + 2);
      for (let k = c.charCodeAt(0); k <= end; k++) chars.push(String.fromCharCode(k));
      i += 2;
    } else chars.push(c);
  }
  return chars;
}

const tr: CommandImpl = (ctx) => {
  const { flags, operands } = getopts(ctx.argv, 'dsc');
  const input = text(ctx.io.stdin);
  const from = expandTrSet(operands[0] ?? '');
  const to = expandTrSet(operands[1] ?? '');
  let out = '';
  let previous = '';
  for (const c of input) {
    const index = from.indexOf(c);
    let mapped = c;
    if (flags.has('d')) {
      if (index >= 0) continue;
    } else if (index >= 0 && to.length > 0) mapped = to[Math.min(index, to.length - 1)] ?? c;
    if (flags.has('s') && mapped === previous && (to.includes(mapped) || from.includes(mapped))) continue;
    out += mapped;
    previous = mapped;
  }
  ctx.io.out.write(out);
  return 0;
};

const sort: CommandImpl = (ctx) => {
  const { flags, operands } = getopts(ctx.argv, 'rnuf');
  const { lines, status } = inputLines(ctx, operands, 'sort');
  const sorted = [...lines].sort((a, b) => {
    if (flags.has('n')) return (Number.parseFloat(a) || 0) - (Number.parseFloat(b) || 0);
    const x = flags.has('f') ? a.toUpperCase() : a;
    const y = flags.has('f') ? b.toUpperCase() : b;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  if (flags.has('r')) sorted.reverse();
  const result = flags.has('u') ? sorted.filter((l, i) => i === 0 || l !== sorted[i - 1]) : sorted;
  if (result.length > 0) ctx.io.out.write(`${result.join('\n')}\n`);
  return status;
};

const uniq: CommandImpl = (ctx) => {
  const { flags, operands } = getopts(ctx.argv, 'cdu');
  const { lines, status } = inputLines(ctx, operands.slice(0, 1), 'uniq');
  const groups: Array<{ line: string; count: number }> = [];
  for (const line of lines) {
    const last = groups[groups.length - 1];
    if (last && last.line === line) last.count++;
    else groups.push({ line, count: 1 });
  }
  for (const g of groups) {
    if (flags.has('d') && g.count < 2) continue;
    if (flags.has('u') && g.count > 1) continue;
    ctx.io.out.write(flags.has('c') ? `${String(g.count).padStart(7)} ${g.line}\n` : `${g.line}\n`);
  }
  return status;
};

const uname: CommandImpl = (ctx) => {
  const args = ctx.argv.slice(1).join('');
  // The build platform of the recordings: linux/amd64.
  if (args.includes('a') || /[rvno]/.test(args)) {
    ctx.markNotModelled(`uname ${args}: the build host's kernel details are not modelled`);
    ctx.io.out.write('Linux\n');
  } else if (args.includes('m')) ctx.io.out.write('x86_64\n');
  else ctx.io.out.write('Linux\n');
  return 0;
};

// expr with one binary operator (the common `expr $a + 1`); other forms are not modelled.
const expr: CommandImpl = (ctx) => {
  const args = ctx.argv.slice(1);
  const [a = '', op = '', b = ''] = args;
  const isInt = (v: string): boolean => /^-?\d+$/.test(v);
  let result: string | undefined;
  if (args.length === 1) result = a;
  else if (args.length === 2 && a === 'length') result = String(op.length);
  else if (args.length === 3) {
    const numeric = isInt(a) && isInt(b);
    const x = Number(a);
    const y = Number(b);
    switch (op) {
      case '+': result = numeric ? String(x + y) : undefined; break;
      case '-': result = numeric ? String(x - y) : undefined; break;
      case '*': result = numeric ? String(x * y) : undefined; break;
      case '/':
      case '%':
        if (numeric && y === 0) {
          ctx.io.err.write('expr: division by zero\n');
          return 2;
        }
        result = numeric ? String(op === '/' ? Math.trunc(x / y) : x % y) : undefined;
        break;
      case '=': result = a === b ? '1' : '0'; break;
      case '!=': result = a !== b ? '1' : '0'; break;
      case '<': result = (numeric ? x < y : a < b) ? '1' : '0'; break;
      case '>': result = (numeric ? x > y : a > b) ? '1' : '0'; break;
      case '<=': result = (numeric ? x <= y : a <= b) ? '1' : '0'; break;
      case '>=': result = (numeric ? x >= y : a >= b) ? '1' : '0'; break;
    }
    if (result === undefined && ['+', '-', '*', '/', '%'].includes(op)) {
      ctx.io.err.write('expr: non-numeric argument\n');
      return 2;
    }
  }
  if (result === undefined) {
    ctx.markNotModelled(`expr ${args.join(' ')}: this form is not modelled`);
    return 0;
  }
  ctx.io.out.write(`${result}\n`);
  return result === '0' || result === '' ? 1 : 0;
};

/** Every command the model runs exactly, by name. */
export const COMMANDS: Readonly<Record<string, CommandImpl>> = {
  echo,
  printf,
  cat,
  cp,
  mv,
  rm,
  mkdir,
  rmdir,
  touch,
  dd,
  ls,
  chmod,
  chown,
  ln,
  head: (ctx) => headOrTail(ctx, 'head'),
  tail: (ctx) => headOrTail(ctx, 'tail'),
  wc,
  env,
  sleep,
  test,
  '[': test,
  true: () => 0,
  false: () => 1,
  tee,
  grep,
  hostname,
  addgroup,
  groupadd: addgroup,
  adduser,
  useradd: adduser,
  basename,
  dirname,
  which,
  whoami,
  id,
  pwd,
  sh: (ctx) => ctx.runShell(ctx.argv, ctx.io),
  ash: (ctx) => ctx.runShell(ctx.argv, ctx.io),
  bash: (ctx) => ctx.runShell(ctx.argv, ctx.io),
  dash: (ctx) => ctx.runShell(ctx.argv, ctx.io),
  sync: () => 0,
  readlink,
  realpath,
  cut,
  seq,
  tr,
  sort,
  uniq,
  uname,
  expr,
};

// `busybox --list` of local/busybox:1 (Debian busybox-static 1:1.35.0-4+deb12u1), recorded here.
const BUSYBOX_LIST =
  '[ [[ acpid adjtimex ar arch arp arping ascii ash awk base64 basename bc blkdiscard blockdev brctl bunzip2 busybox bzcat bzip2 cal cat chgrp chmod chown ' +
  'chroot chvt clear cmp cp cpio crc32 crond crontab cttyhack cut date dc dd deallocvt depmod devmem df diff dirname dmesg dnsdomainname dos2unix dpkg ' +
  'dpkg-deb du dumpkmap dumpleases echo ed egrep env expand expr factor fallocate false fatattr fdisk fgrep find findfs fold free freeramdisk fsfreeze ' +
  'fstrim ftpget ftpput getopt getty grep groups gunzip gzip halt head hexdump hostid hostname httpd hwclock i2cdetect i2cdump i2cget i2cset i2ctransfer ' +
  'id ifconfig ifdown ifup init insmod ionice ip ipcalc ipneigh kill killall klogd last less link linux32 linux64 linuxrc ln loadfont loadkmap logger ' +
  'login logname logread losetup ls lsmod lsscsi lzcat lzma lzop md5sum mdev microcom mim mkdir mkdosfs mke2fs mkfifo mknod mkpasswd mkswap mktemp ' +
  'modinfo modprobe more mount mt mv nameif nc netstat nl nologin nproc nsenter nslookup nuke od openvt partprobe passwd paste patch pidof ping ping6 ' +
  'pivot_root poweroff printf ps pwd rdate readlink realpath reboot renice reset resume rev rm rmdir rmmod route rpm rpm2cpio run-init run-parts sed ' +
  'seq setkeycodes setpriv setsid sh sha1sum sha256sum sha3sum sha512sum shred shuf sleep sort ssl_client start-stop-daemon stat strings stty su sulogin ' +
  'svc svok swapoff swapon switch_root sync sysctl syslogd tac tail tar taskset tc tee telnet telnetd test tftp time timeout top touch tr traceroute ' +
  'traceroute6 true truncate ts tty tunctl ubirename udhcpc udhcpd uevent umount uname uncompress unexpand uniq unix2dos unlink unlzma unshare unxz ' +
  'unzip uptime usleep uudecode uuencode vconfig vi w watch watchdog wc wget which who whoami xargs xxd xz xzcat yes zcat';

/**
 * Applets of the busybox in local/busybox:1: in a busybox shell they run even without a symlink
 * on PATH (standalone shell, verified with chmod and ln); the ones not in COMMANDS are "not modelled".
 */
export const BUSYBOX_APPLETS: ReadonlySet<string> = new Set(BUSYBOX_LIST.split(' '));
