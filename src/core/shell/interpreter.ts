// Runs a parsed script against a working layer of the virtual filesystem, the way busybox ash
// behind `/bin/sh -c` does in a RUN step: exit statuses, `set -e`, `cd`, redirections, pipes and
// command lookup through PATH. Messages follow busybox 1.35 (verified with local/busybox:1).
//
// Choice for what the model cannot run: a command that exists in the image but is neither
// implemented here nor answered by the knowledge-base hook succeeds (status 0) with a
// "not modelled" note and `modelled: false` on the result; the engine reports it as a guess.
// Unsupported syntax is a syntax error only when ash would reject it too. Output the model could
// only guess (an unmodelled command's, host-dependent text such as `ls -l` times) marks the files it
// lands in (FileEntry.guess, fs/entry.ts), through pipes, `$(...)`, variables and heredocs, so nothing downstream shows
// a guess as the file's real text.

import type { AndOrNode, CommandNode, ListNode, PipelineNode, Redirect, Word } from './ast.ts';
import { BufferSink, LogSink, NullSink, type Io, type LogLine, type Sink } from './io.ts';
import { expandWordToFields, expandWordToPattern, expandWordToString, matchShellPattern, type ExpansionHost } from './expand.ts';
import { parseScript } from './parser.ts';
import { COMMANDS, BUSYBOX_APPLETS, isExistenceGuessed, type CommandContext } from './commands.ts';
import { LEGACY_CONTAINER_ID_STAND_IN } from './container-files.ts';
import { mountRuntimeFiles, unmountRuntimeFiles, type RunBuilder } from './runtime-mounts.ts';
import {
  baseName,
  concatFiles,
  decodeUtf8,
  guessOf,
  joinPath,
  makeFile,
  matchSegment,
  normalizePath,
  parseChown,
  strongerGuess,
  withGuess,
  type ContentGuess,
  type FileEntry,
  type WorkingFs,
} from '../fs/index.ts';

/** What the knowledge-base hook is told about an unknown command. */
export interface ExternalContext {
  /** The working layer: the hook writes the command's outputs here (mark them `estimated`). */
  readonly fs: WorkingFs;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly uid: number;
  readonly gid: number;
  /** Standard input as text (empty when none). */
  readonly stdin: string;
  /** Where PATH lookup found the program, or undefined when the image does not have it. */
  readonly foundAt: string | undefined;
}

/** The knowledge base's answer for a command it recognises. */
export interface ExternalResult {
  readonly exitCode: number;
  readonly stdout?: string;
  readonly stderr?: string;
  /** A note for the learner, e.g. `apt-get install curl: ~9 MB (estimate)`. */
  readonly note?: string;
  /** Defaults to true: outputs of a knowledge-base command are estimates. */
  readonly estimated?: boolean;
}

/** Offers a command the shell does not implement to the knowledge base; undefined means "not recognised". */
export type ResolveExternal = (argv: readonly string[], context: ExternalContext) => ExternalResult | undefined;

export interface RunScriptOptions {
  /** The step's working layer; the script's file changes land here. */
  readonly fs: WorkingFs;
  /** The step's environment: ENV plus ARG values (all exported). */
  readonly env?: Readonly<Record<string, string>>;
  /** WORKDIR; defaults to `/`. */
  readonly cwd?: string;
  /** USER (name or uid[:gid]); defaults to root. */
  readonly user?: string;
  /** The SHELL prefix; defaults to `["/bin/sh", "-c"]`. */
  readonly shell?: readonly string[];
  /**
   * `complete` when the filesystem lists every file of the image (scenario images), `partial` for
   * catalog images known by size only: then missing programs are not reported as `not found`.
   */
  readonly knownFiles?: 'complete' | 'partial';
  readonly resolveExternal?: ResolveExternal;
  /** Seed for `/dev/urandom` fingerprints, so a rebuild can produce different random bytes. */
  readonly nonce?: string;
  /** Stops endless loops; defaults to 10,000 commands. */
  readonly maxCommands?: number;
  /**
   * Which /bin/sh the image has, for its message wording and `echo`: busybox `ash`, Debian's `dash`
   * (echo always expands escapes), or `bash`. Detected from where /bin/sh points when omitted.
   */
  readonly dialect?: ShellDialect;
  /**
   * The builder running the step, for what it mounts into the container (/etc/hosts, …; see
   * runtime-mounts.ts), the hostname and $HOSTNAME. Undefined: the legacy builder's mounts, with
   * their text marked host-dependent and a note where BuildKit differs.
   */
  readonly builder?: RunBuilder;
}

/** The shell implementation behind /bin/sh. */
export type ShellDialect = 'ash' | 'dash' | 'bash';

function detectDialect(resolvedShell: string | undefined, fallback: ShellDialect): ShellDialect {
  const name = resolvedShell === undefined ? '' : baseName(resolvedShell);
  if (name === 'dash') return 'dash';
  if (name === 'bash') return 'bash';
  if (name === 'busybox' || name === 'ash') return 'ash';
  return fallback;
}

/** What running a RUN script did. File changes are in the working layer passed in. */
export interface ScriptResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr interleaved in the order written, as `docker build` shows them. */
  readonly log: readonly LogLine[];
  /** False when some command or syntax was not modelled and was assumed to succeed. */
  readonly modelled: boolean;
  /** True when the knowledge base (or an estimated file) contributed: sizes are estimates. */
  readonly estimated: boolean;
  /**
   * True when the exit status rests on a guess, so a real build may succeed where the model fails
   * or fail where it succeeds: the last command's status (or a `set -e` stop, an `exit`) came from
   * guessed data (host files, guessed words or input, a command not modelled), or a branch taken on
   * such a status. Not set by output that is only approximated (`ls -l` dates), nor when every way
   * a guessed condition could go ends the same (`grep -q x /proc/... || true`).
   */
  readonly exitCodeGuessed: boolean;
  readonly notes: readonly string[];
  /** Seconds the script would have slept (`sleep`). */
  readonly sleptSeconds: number;
  /** True when the shell itself (e.g. /bin/sh on scratch or distroless) is missing. */
  readonly shellMissing: boolean;
  /** ash's syntax error text, when the script did not parse. */
  readonly syntaxError?: string;
}

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

// The signals that unwind the shell (exit, break/continue, return) carry whether their status, or
// the fact that they happened at all, is a guess: an `exit` in a branch taken on a guessed
// condition, `exit $?` after a guessed status, `set -e` stopping on one.

class ExitSignal {
  readonly status: number;
  guess: ContentGuess | undefined;
  constructor(status: number, guess?: ContentGuess) {
    this.status = status;
    this.guess = guess;
  }
}

class LoopSignal {
  readonly kind: 'break' | 'continue';
  readonly levels: number;
  guess: ContentGuess | undefined;
  constructor(kind: 'break' | 'continue', levels: number, guess?: ContentGuess) {
    this.kind = kind;
    this.levels = levels;
    this.guess = guess;
  }
}

class ReturnSignal {
  readonly status: number;
  guess: ContentGuess | undefined;
  constructor(status: number, guess?: ContentGuess) {
    this.status = status;
    this.guess = guess;
  }
}

/** How one way through a guessed condition ended, to compare with the way the model took (see runGuessedBranch). */
interface WayOutcome {
  readonly ended: 'done' | 'exit';
  readonly status: number;
  /** Whether the status itself rests on a guess (then the ways cannot be said to agree). */
  readonly guessed: boolean;
  /** The status is only known to be non-zero (the other way of `a && b` when `a` failed and nothing else ran). */
  readonly someFailure?: boolean;
}

/**
 * A way a guessed condition did not take, run on a speculative shell: its status, a status only
 * known to be a failure, or `went-on` when it finished without exiting but its status cannot be
 * compared (a loop run once more).
 */
type OtherWay = (other: Shell) => number | { readonly someFailure: true; readonly status: number } | 'went-on';

function isSameOutcome(taken: WayOutcome, other: WayOutcome): boolean {
  if (taken.guessed || other.guessed || taken.ended !== other.ended) return false;
  if (taken.someFailure === true || other.someFailure === true) return (taken.status === 0) === (other.status === 0);
  return taken.status === other.status;
}

// A `case` pattern that matches every word: a bare, unquoted `*`.
function isCatchAllPattern(pattern: Word): boolean {
  const only = pattern.parts[0];
  return pattern.parts.length === 1 && only?.kind === 'literal' && !only.quoted && only.text === '*';
}

// echo, true, false and `:` return the same status whatever their words or input (XCU echo, true,
// false): `echo "$(date)"` is an exact success even though what it prints is a guess.
const STATUS_IGNORES_INPUT: ReadonlySet<string> = new Set(['echo', 'true', 'false', ':']);

// Of the commands the model runs, these decide their status on what standard input says (grep's
// match, read's end of input, a shell running it as a script); cat, wc, sort, tee… succeed whatever
// it says, so a guessed text piped into them leaves their status exact. Commands the model does not
// run are guesses anyway (raiseStatusGuess).
const STATUS_FROM_STDIN: ReadonlySet<string> = new Set(['grep', 'egrep', 'fgrep', 'read', 'sh', 'ash', 'bash', 'dash']);

/** State shared by a script and every subshell it starts. */
interface RunShared {
  readonly fs: WorkingFs;
  readonly options: RunScriptOptions;
  readonly notes: string[];
  readonly log: LogLine[];
  readonly stdoutLog: LogSink;
  readonly stderrLog: LogSink;
  readonly shellName: string;
  readonly isBusybox: boolean;
  readonly dialect: ShellDialect;
  readonly builder: RunBuilder | undefined;
  readonly uid: number;
  readonly gid: number;
  modelled: boolean;
  estimated: boolean;
  slept: number;
  commands: number;
  randomCounter: number;
  readonly readOffsets: WeakMap<FileEntry, number>;
  readonly pathCache: Map<string, string>;
  readonly pathMisses: Set<string>;
  readonly pathDirs: Map<string, string[]>;
}

/** Runs a RUN script on the virtual filesystem; never throws. */
export function runScript(script: string, options: RunScriptOptions): ScriptResult {
  const log: LogLine[] = [];
  const notes: string[] = [];
  const shellArgv = options.shell ?? ['/bin/sh', '-c'];
  const shellPath = shellArgv[0] ?? '/bin/sh';
  const fs = options.fs;
  const finish = (exitCode: number, extra: Partial<ScriptResult> = {}, shared?: RunShared): ScriptResult => ({
    exitCode,
    stdout: log.filter((l) => l.stream === 'stdout').map((l) => l.text).join(''),
    stderr: log.filter((l) => l.stream === 'stderr').map((l) => l.text).join(''),
    log,
    modelled: shared?.modelled ?? true,
    estimated: shared?.estimated ?? false,
    exitCodeGuessed: false,
    notes,
    sleptSeconds: shared?.slept ?? 0,
    shellMissing: false,
    ...extra,
  });

  const shellFile = fs.resolve(shellPath);
  const shellEntry = shellFile.ok ? shellFile.value.entry : undefined;
  const knownFiles = options.knownFiles ?? 'complete';
  if (!shellEntry && knownFiles === 'complete') {
    // runc fails before any shell runs (scratch, distroless): there is no /bin/sh to exec.
    log.push({ stream: 'stderr', text: `exec: "${shellPath}": stat ${shellPath}: no such file or directory\n` });
    return finish(127, { shellMissing: true });
  }
  const isBusybox = shellFile.ok && (baseName(shellFile.value.path) === 'busybox' || (knownFiles === 'partial' && !shellEntry));
  const dialect = options.dialect ?? detectDialect(shellFile.ok && shellEntry ? shellFile.value.path : undefined, 'ash');
  const ids = resolveUser(options.user, fs, notes);
  const shared: RunShared = {
    fs,
    options,
    notes,
    log,
    stdoutLog: new LogSink(log, 'stdout'),
    stderrLog: new LogSink(log, 'stderr'),
    shellName: shellPath,
    isBusybox,
    dialect,
    builder: options.builder,
    uid: ids.uid,
    gid: ids.gid,
    modelled: true,
    estimated: false,
    slept: 0,
    commands: 0,
    randomCounter: 0,
    readOffsets: new WeakMap(),
    pathCache: new Map(),
    pathMisses: new Set(),
    pathDirs: new Map(),
  };

  // Shells other than `sh -c` (SHELL ["powershell", ...]) are not modelled.
  const shellBase = baseName(shellPath);
  if (!['sh', 'bash', 'ash', 'dash', 'busybox'].includes(shellBase) || shellArgv[shellArgv.length - 1] !== '-c') {
    shared.modelled = false;
    notes.push(`SHELL ${JSON.stringify(shellArgv)} is not modelled; the step is assumed to succeed`);
    return finish(0, { exitCodeGuessed: true }, shared);
  }

  const parsed = parseCached(script);
  if (!parsed.ok) {
    log.push({ stream: 'stderr', text: `${shellPath}: ${parsed.message}\n` });
    return finish(2, { syntaxError: parsed.message }, shared);
  }
  const shell = new Shell(shared, options.cwd === undefined ? '/' : normalizePath(options.cwd));
  for (const [name, value] of Object.entries(options.env ?? {})) {
    shell.vars.set(name, value);
    shell.exported.add(name);
  }
  if (!shell.vars.has('PATH')) {
    shell.vars.set('PATH', DEFAULT_PATH);
    shell.exported.add('PATH');
  }
  // runc sets HOME from the user's /etc/passwd entry, or `/` without one (verified on busybox).
  if (!shell.vars.has('HOME')) {
    shell.vars.set('HOME', homeOf(fs, ids.uid));
    shell.exported.add('HOME');
  }
  shell.vars.set('PWD', shell.cwd);
  let status: number;
  let statusGuess: ContentGuess | undefined;
  const mounted = mountRuntimeFiles(fs, options.builder);
  try {
    status = shell.runProgram(parsed.ast, { stdin: undefined, out: shared.stdoutLog, err: shared.stderrLog });
    statusGuess = shell.statusGuess;
  } catch (error) {
    if (error instanceof ExitSignal) {
      status = error.status;
      statusGuess = error.guess;
    } else if (error instanceof LoopSignal || error instanceof ReturnSignal) {
      status = shell.lastStatus;
      statusGuess = strongerGuess(shell.lastStatusGuess, error.guess);
    } else {
      shared.modelled = false;
      notes.push(`the shell model failed on this script (${error instanceof Error ? error.message : String(error)}); the step is assumed to succeed`);
      status = 0;
      statusGuess = 'unknown';
    }
  } finally {
    for (const note of unmountRuntimeFiles(fs, mounted, options.builder)) shell.note(note);
  }
  return finish(status, { exitCodeGuessed: strongerGuess(statusGuess, shell.endGuess) !== undefined }, shared);
}

// Parsing is pure: the playground re-simulates on every keystroke with mostly unchanged RUN lines.
const PARSE_CACHE = new Map<string, ReturnType<typeof parseScript>>();
const PARSE_CACHE_LIMIT = 1000;

function parseCached(script: string): ReturnType<typeof parseScript> {
  const hit = PARSE_CACHE.get(script);
  if (hit) return hit;
  const parsed = parseScript(script);
  if (PARSE_CACHE.size >= PARSE_CACHE_LIMIT) PARSE_CACHE.clear();
  PARSE_CACHE.set(script, parsed);
  return parsed;
}

/**
 * Runs an exec-form RUN (`RUN ["prog", "arg"]`): no shell, no expansion; the program is looked up
 * on PATH like runc does. Never throws.
 */
export function runArgv(argv: readonly string[], options: RunScriptOptions): ScriptResult {
  const log: LogLine[] = [];
  const notes: string[] = [];
  const fs = options.fs;
  const ids = resolveUser(options.user, fs, notes);
  const shellPath = options.shell?.[0] ?? '/bin/sh';
  const shellFile = fs.resolve(shellPath);
  const shared: RunShared = {
    fs,
    options,
    notes,
    log,
    stdoutLog: new LogSink(log, 'stdout'),
    stderrLog: new LogSink(log, 'stderr'),
    shellName: shellPath,
    isBusybox: shellFile.ok && baseName(shellFile.value.path) === 'busybox',
    dialect: options.dialect ?? detectDialect(shellFile.ok && shellFile.value.entry ? shellFile.value.path : undefined, 'ash'),
    builder: options.builder,
    uid: ids.uid,
    gid: ids.gid,
    modelled: true,
    estimated: false,
    slept: 0,
    commands: 0,
    randomCounter: 0,
    readOffsets: new WeakMap(),
    pathCache: new Map(),
    pathMisses: new Set(),
    pathDirs: new Map(),
  };
  const shell = new Shell(shared, options.cwd === undefined ? '/' : normalizePath(options.cwd));
  for (const [name, value] of Object.entries(options.env ?? {})) {
    shell.vars.set(name, value);
    shell.exported.add(name);
  }
  if (!shell.vars.has('PATH')) {
    shell.vars.set('PATH', DEFAULT_PATH);
    shell.exported.add('PATH');
  }
  let exitCode = 0;
  let exitCodeGuess: ContentGuess | undefined;
  const name = argv[0] ?? '';
  const io: Io = { stdin: undefined, out: shared.stdoutLog, err: shared.stderrLog };
  const mounted = mountRuntimeFiles(fs, options.builder);
  try {
    if (name === '') exitCode = 0;
    else {
      // runc looks the program up itself; a missing one never reaches a shell.
      const exists = shell.programExists(name);
      const err = new BufferSink();
      exitCode = shell.executeArgv([...argv], [], { ...io, err });
      exitCodeGuess = shell.statusGuess;
      if (exitCode === 127 && !exists) log.push({ stream: 'stderr', text: `exec: "${name}": executable file not found in $PATH\n` });
      else shared.stderrLog.write(err.text());
    }
  } catch (error) {
    if (error instanceof ExitSignal) {
      exitCode = error.status;
      exitCodeGuess = error.guess;
    } else {
      shared.modelled = false;
      notes.push(`the shell model failed on this command (${error instanceof Error ? error.message : String(error)}); the step is assumed to succeed`);
      exitCodeGuess = 'unknown';
    }
  } finally {
    for (const note of unmountRuntimeFiles(fs, mounted, options.builder)) shell.note(note);
  }
  const text = (stream: 'stdout' | 'stderr'): string => log.filter((l) => l.stream === stream).map((l) => l.text).join('');
  return {
    exitCode,
    stdout: text('stdout'),
    stderr: text('stderr'),
    log,
    modelled: shared.modelled,
    estimated: shared.estimated,
    exitCodeGuessed: exitCodeGuess !== undefined,
    notes,
    sleptSeconds: shared.slept,
    shellMissing: false,
  };
}

function homeOf(fs: WorkingFs, uid: number): string {
  const r = fs.readFile('/etc/passwd');
  if (!r.ok || r.value.body.kind !== 'bytes') return '/';
  const line = decodeUtf8(r.value.body.data)
    .split('\n')
    .find((l) => l.split(':')[2] === String(uid));
  return line?.split(':')[5] || '/';
}

function resolveUser(user: string | undefined, fs: WorkingFs, notes: string[]): { uid: number; gid: number } {
  if (user === undefined || user === '' || user === 'root' || user === '0') return { uid: 0, gid: 0 };
  const parsed = parseChown(user, fs, 'buildkit');
  if ('error' in parsed) {
    notes.push(`USER ${user}: ${parsed.error.message}; running as root`);
    return { uid: 0, gid: 0 };
  }
  return parsed;
}

/** One shell process: variables, cwd, options. Subshells are copies sharing the filesystem. */
class Shell implements ExpansionHost {
  readonly shared: RunShared;
  cwd: string;
  vars = new Map<string, string>();
  exported = new Set<string>();
  functions = new Map<string, CommandNode>();
  positional: string[] = [];
  /** `$0`: the shell's path, or the name given after `sh -c script`. */
  arg0: string;
  lastStatus = 0;
  /** Status of the last `$(...)` in the command being expanded (a bare assignment returns it). */
  private substitutionStatus = 0;
  /** Set while expanding a command's words when a guessed value went in (a `$(date)`, a guessed variable). */
  private expansionGuess: ContentGuess | undefined = undefined;
  /** Variables whose value came from guessed output (`V=$(date)`); undefined while there are none. */
  private guessedVars: Map<string, ContentGuess> | undefined = undefined;
  /** The guess the running command's output inherits (guessed input, an approximation, a command not modelled). */
  commandGuess: ContentGuess | undefined = undefined;
  /**
   * The guess the running command's exit status inherits: guessed words, input or files read, or a
   * command not modelled; not an approximated output text (`ls -l` dates), whose status is exact.
   */
  commandStatusGuess: ContentGuess | undefined = undefined;
  /** Set when the status the running command returns came from guessed data, so a branch taken on it is a guess too. */
  statusGuess: ContentGuess | undefined = undefined;
  /** statusGuess of `lastStatus` (`$?`), kept after the next command starts. */
  lastStatusGuess: ContentGuess | undefined = undefined;
  /**
   * Set when a real build may have ended this shell where the model went on (`set -e` met a guessed
   * status; a way a guessed condition did not take exits): however it ends, its status is a guess.
   */
  endGuess: ContentGuess | undefined = undefined;
  /** Guess of `substitutionStatus`: the last `$(...)`'s own exit status. */
  private substitutionGuess: ContentGuess | undefined = undefined;
  /** `conditional` while running a branch chosen on a guessed status (see runGuessedBranch); forks inherit it. */
  branchGuess: ContentGuess | undefined = undefined;
  /** True in a shell trying the way a guessed condition did not go, on a throwaway layer (see speculate). */
  private speculative = false;
  errexit = false;
  xtrace = false;
  nounset = false;
  pipefail = false;
  private conditionDepth = 0;
  private loopDepth = 0;
  private io: Io = { stdin: undefined, out: new NullSink(), err: new NullSink() };

  constructor(shared: RunShared, cwd: string) {
    this.shared = shared;
    this.cwd = cwd;
    this.arg0 = shared.shellName;
  }

  get fs(): WorkingFs {
    return this.shared.fs;
  }

  fork(shared: RunShared = this.shared): Shell {
    const child = new Shell(shared, this.cwd);
    child.vars = new Map(this.vars);
    child.exported = new Set(this.exported);
    child.functions = new Map(this.functions);
    child.positional = [...this.positional];
    child.arg0 = this.arg0;
    child.lastStatus = this.lastStatus;
    child.lastStatusGuess = this.lastStatusGuess;
    child.errexit = this.errexit;
    child.xtrace = this.xtrace;
    child.nounset = this.nounset;
    child.pipefail = this.pipefail;
    child.conditionDepth = this.conditionDepth;
    child.branchGuess = this.branchGuess;
    child.speculative = this.speculative;
    if (this.guessedVars) child.guessedVars = new Map(this.guessedVars);
    return child;
  }

  /** Records whether a variable's new value is a guess (a ContentGuess); one set in a guessed branch is one. */
  markVar(name: string, guess: ContentGuess | undefined): void {
    const marked = strongerGuess(guess, this.branchGuess);
    if (marked !== undefined) (this.guessedVars ??= new Map()).set(name, marked);
    else this.guessedVars?.delete(name);
  }

  /** Raises the guess of the running command's output (see executeArgv). */
  raiseCommandGuess(guess: ContentGuess | undefined): void {
    if (guess !== undefined) this.commandGuess = strongerGuess(this.commandGuess, guess);
  }

  /** Raises the guess of the running command's exit status, and so of its output (see commandStatusGuess). */
  raiseStatusGuess(guess: ContentGuess | undefined): void {
    if (guess === undefined) return;
    this.commandGuess = strongerGuess(this.commandGuess, guess);
    this.commandStatusGuess = strongerGuess(this.commandStatusGuess, guess);
  }

  /**
   * Runs a branch the script chose on a guessed exit status (or `case` word, or `for` list): a real
   * build may have taken another, so what the branch writes is marked `conditional`, and what it
   * deletes or makes other than files is listed as uncertain (WorkingFs.markWrites); the variables
   * it sets are marked too (markVar). Exact conditions run their branch as they are.
   *
   * The branch's status is a guess as well, unless every other way (`otherWays`, tried first on
   * throwaway layers) ends exactly as the one taken: `x || true` succeeds whichever way x went,
   * `if x; then exit 1; fi` does not. An `exit` on a way not taken makes however this shell ends a
   * guess (endGuess). Nested in a guessed branch (or in a speculative shell) nothing is tried: the
   * status, and any exit, break or return, simply count as guesses.
   */
  private runGuessedBranch(guess: ContentGuess | undefined, run: () => number, otherWays: readonly OtherWay[], probes: readonly OtherWay[] = []): number {
    if (guess === undefined) return run();
    if (this.branchGuess !== undefined) return this.runRaisingStatus(guess, run);
    // The ways not taken run first, from the same state, each on a throwaway copy of the layer: what
    // they would have written or deleted differently marks this layer's paths (WorkingFs.markDivergence).
    // Probes are ways only tried for how they end.
    const others = this.speculative ? [] : otherWays.map((way) => this.speculate(way));
    const probed = this.speculative ? [] : probes.map((way) => this.speculate(way));
    const ends = [...others, ...probed];
    const agrees = (taken: WayOutcome): boolean => ends.length > 0 && ends.every((other) => isSameOutcome(taken, other.outcome));
    const endBefore = this.endGuess;
    this.branchGuess = 'conditional';
    this.shared.estimated = true;
    const previous = this.fs.markWrites('conditional');
    try {
      const status = run();
      const taken: WayOutcome = { ended: 'done', status, guessed: this.statusGuess !== undefined || this.endGuess !== endBefore };
      if (!agrees(taken)) this.statusGuess = strongerGuess(this.statusGuess, guess);
      // A real build may have left the shell on a way the model did not take.
      if (ends.some((other) => other.outcome.ended === 'exit')) this.endGuess = strongerGuess(this.endGuess, guess);
      return status;
    } catch (error) {
      if (error instanceof ExitSignal) {
        const taken: WayOutcome = { ended: 'exit', status: error.status, guessed: error.guess !== undefined || this.endGuess !== endBefore };
        if (!agrees(taken)) error.guess = strongerGuess(error.guess, guess);
      } else if (error instanceof LoopSignal || error instanceof ReturnSignal) error.guess = strongerGuess(error.guess, guess);
      throw error;
    } finally {
      this.fs.markWrites(previous);
      this.branchGuess = undefined;
      for (const { shell: other } of others) {
        this.fs.markDivergence(other.fs, 'conditional');
        // A variable the other way would have left with another value is a guess from here on.
        for (const name of new Set([...this.vars.keys(), ...other.vars.keys()])) {
          if (this.vars.get(name) !== other.vars.get(name)) (this.guessedVars ??= new Map()).set(name, strongerGuess(this.guessedVars.get(name), 'conditional') ?? 'conditional');
        }
      }
    }
  }

  // Inside a guessed branch: what `run` returns or unwinds with rests on `guess` too.
  private runRaisingStatus(guess: ContentGuess, run: () => number): number {
    try {
      const status = run();
      this.statusGuess = strongerGuess(this.statusGuess, guess);
      return status;
    } catch (error) {
      if (error instanceof ExitSignal || error instanceof LoopSignal || error instanceof ReturnSignal) error.guess = strongerGuess(error.guess, guess);
      throw error;
    }
  }

  // Runs `otherWay` in a silent copy of this shell on a fork of the layer, and returns that fork
  // with how the way ended. Its log, notes, counters and caches are its own; whatever it throws
  // (exit, a loop signal, a bug) only ends it. It does not look further ahead at guessed conditions
  // of its own.
  private speculate(otherWay: OtherWay): { readonly shell: Shell; readonly outcome: WayOutcome } {
    const fs = this.fs.fork();
    const log: LogLine[] = [];
    const shared: RunShared = {
      ...this.shared,
      fs,
      notes: [],
      log,
      stdoutLog: new LogSink(log, 'stdout'),
      stderrLog: new LogSink(log, 'stderr'),
      readOffsets: new WeakMap(),
      pathCache: new Map(),
      pathMisses: new Set(),
      pathDirs: new Map(),
    };
    const other = this.fork(shared);
    other.speculative = true;
    other.branchGuess = 'conditional';
    other.loopDepth = this.loopDepth;
    other.io = other.quietIo(this.io);
    let outcome: WayOutcome;
    try {
      const result = otherWay(other);
      const guessed = other.statusGuess !== undefined || other.endGuess !== undefined;
      if (result === 'went-on') outcome = { ended: 'done', status: 0, guessed: true };
      else if (typeof result === 'number') outcome = { ended: 'done', status: result, guessed };
      else outcome = { ended: 'done', status: result.status, guessed, someFailure: true };
    } catch (error) {
      // An exit ended the shell there; a break or return went on somewhere the model cannot compare.
      if (error instanceof ExitSignal) outcome = { ended: 'exit', status: error.status, guessed: error.guess !== undefined || other.endGuess !== undefined };
      else outcome = { ended: 'done', status: 0, guessed: true };
    }
    return { shell: other, outcome };
  }

  /** The streams a speculative run writes to: nowhere. */
  private quietIo(io: Io): Io {
    return { stdin: io.stdin, out: new NullSink(), err: new NullSink() };
  }

  runProgram(list: ListNode, io: Io): number {
    return this.runList(list, io);
  }

  // ExpansionHost ----------------------------------------------------------------------------

  positionalParameters(): readonly string[] {
    return this.positional;
  }

  getVar(name: string): string | undefined {
    const value = this.vars.get(name);
    if (this.guessedVars !== undefined) {
      const guess = this.guessedVars.get(name);
      if (guess !== undefined) this.expansionGuess = strongerGuess(this.expansionGuess, guess);
    }
    // ash and bash give a new random number on every $RANDOM (verified: `echo $RANDOM` on
    // local/busybox:1 prints e.g. 28135); dash has no such variable.
    if (value === undefined && name === 'RANDOM' && this.shared.dialect !== 'dash') {
      this.shared.modelled = false;
      this.note('$RANDOM: random numbers are not modelled; it expands to nothing in the simulator');
      this.expansionGuess = 'unknown';
    }
    // The legacy builder's RUN container has HOSTNAME=<container id> in its environment, BuildKit's
    // none (verified: `env` in a RUN on Engine 20.10). The id is random: a stand-in, host-dependent.
    if (value === undefined && name === 'HOSTNAME') {
      const builder = this.shared.builder;
      if (builder === 'legacy') {
        this.note('$HOSTNAME: the legacy builder sets it to the RUN container\'s id, which the simulator cannot know');
        this.expansionGuess = strongerGuess(this.expansionGuess, 'host-dependent');
        return LEGACY_CONTAINER_ID_STAND_IN;
      }
      if (builder === undefined) {
        this.note('$HOSTNAME: the legacy builder sets it to the container id, BuildKit leaves it unset; not modelled');
        this.expansionGuess = 'unknown';
      }
    }
    return value;
  }

  setVar(name: string, value: string): void {
    this.vars.set(name, value);
  }

  special(name: string): string | undefined {
    switch (name) {
      case '?':
        // `$?` after a guessed status (`exit $?`, `[ $? -eq 0 ]`) is a guessed word.
        if (this.lastStatusGuess !== undefined) this.expansionGuess = strongerGuess(this.expansionGuess, this.lastStatusGuess);
        return String(this.lastStatus);
      case '#':
        return String(this.positional.length);
      case '0':
        return this.arg0;
      case '$':
        return '1';
      case '-':
        return `${this.errexit ? 'e' : ''}${this.nounset ? 'u' : ''}${this.xtrace ? 'x' : ''}`;
      case '@':
      case '*':
        return this.positional.join(' ');
      case '!':
        return '';
      default:
        return /^[1-9]\d*$/.test(name) ? this.positional[Number(name) - 1] : undefined;
    }
  }

  substitute(body: ListNode): string {
    const sink = new BufferSink();
    this.substitutionStatus = this.runInChild(this.fork(), (child) => child.runList(body, { stdin: undefined, out: sink, err: this.io.err }));
    this.substitutionGuess = this.statusGuess;
    if (sink.guess !== undefined) this.expansionGuess = strongerGuess(this.expansionGuess, sink.guess);
    return sink.text();
  }

  glob(pattern: string): string[] {
    return globInFs(this.fs, pattern, this.cwd);
  }

  fail(message: string): never {
    this.io.err.write(`${this.shared.shellName}: ${message}\n`);
    throw new ExitSignal(this.shared.options.knownFiles === 'partial' ? 1 : 2);
  }

  // Execution ------------------------------------------------------------------------------

  runList(list: ListNode, io: Io): number {
    let status = 0;
    for (const item of list.items) {
      if (item.background) this.note('`&` (background job) runs in the foreground in the simulator');
      status = this.runAndOr(item.andOr, io);
    }
    return status;
  }

  private runAndOr(node: AndOrNode, io: Io): number {
    const status = this.runAndOrFrom(node, 0, io);
    this.lastStatusGuess = this.statusGuess;
    return status;
  }

  // Runs the and-or list from pipeline `start`; once a status that decides what runs next is a
  // guess, the rest runs as a guessed branch.
  private runAndOrFrom(node: AndOrNode, start: number, io: Io): number {
    const pipelines = [node.first, ...node.rest.map((r) => r.pipeline)];
    let status = start === 0 ? 0 : this.lastStatus;
    // Before `start` ran the pipeline that decided to go on here (-1: none yet).
    let lastRun = start - 1;
    // Inside a guessed branch a guessed decision is not tried the other way; it only makes the status a guess.
    let decidedGuess: ContentGuess | undefined;
    for (let i = start; i < pipelines.length; i++) {
      const pipeline = pipelines[i];
      if (!pipeline) continue;
      if (i > 0) {
        const op = node.rest[i - 1]?.op;
        if ((op === '&&') !== (status === 0)) continue;
      }
      const isLast = i === pipelines.length - 1;
      // A failure left of && / || never triggers set -e (XCU 2.14 set -e).
      if (!isLast) this.conditionDepth++;
      try {
        status = this.runPipeline(pipeline, io);
      } finally {
        if (!isLast) this.conditionDepth--;
      }
      lastRun = i;
      if (!isLast && this.statusGuess !== undefined) {
        if (this.branchGuess !== undefined) {
          decidedGuess = strongerGuess(decidedGuess, this.statusGuess);
          continue;
        }
        const guess = this.statusGuess;
        const otherStatus = status === 0 ? 1 : 0;
        const rest = node.rest.slice(i);
        return this.runGuessedBranch(guess, () => this.runAndOrFrom(node, i + 1, io), [
          (other) => {
            // The other way: the deciding pipeline ended the other way round; only whether it failed is known.
            other.lastStatus = otherStatus;
            other.lastStatusGuess = guess;
            other.statusGuess = undefined;
            const skipsRest = rest.every((r) => (r.op === '&&') !== (otherStatus === 0));
            const otherEnd = other.runAndOrFrom(node, i + 1, other.quietIo(io));
            return skipsRest && otherStatus !== 0 ? { someFailure: true, status: otherEnd } : otherEnd;
          },
        ]);
      }
    }
    this.statusGuess = strongerGuess(this.statusGuess, decidedGuess);
    const ran = lastRun >= 0 ? pipelines[lastRun] : undefined;
    const last = pipelines[pipelines.length - 1];
    if (this.errexit && this.conditionDepth === 0 && last !== undefined && !last.negate) {
      if (status !== 0 && lastRun === pipelines.length - 1 && ran) throw new ExitSignal(status, this.statusGuess);
      // `set -e` on a guessed success, or after a guessed decision skipped the last pipeline: a real
      // build may have stopped here (XCU 2.14 set -e: only the last pipeline of an and-or list counts).
      if (this.statusGuess !== undefined && (lastRun === pipelines.length - 1 || decidedGuess !== undefined)) {
        this.endGuess = strongerGuess(this.endGuess, this.statusGuess);
      }
    }
    return status;
  }

  private runPipeline(node: PipelineNode, io: Io): number {
    let status: number;
    if (node.commands.length === 1) {
      const only = node.commands[0];
      status = only ? this.runCommand(only, io) : 0;
    } else {
      let stdin = io.stdin;
      let failed = 0;
      let failedGuess: ContentGuess | undefined;
      let lastGuess: ContentGuess | undefined;
      status = 0;
      node.commands.forEach((command, index) => {
        const isLast = index === node.commands.length - 1;
        const sink = isLast ? io.out : new BufferSink();
        // Every element of a multi-command pipeline runs in a subshell (ash).
        const child = this.fork();
        let exitGuess: ContentGuess | undefined;
        try {
          status = child.runCommand(command, { stdin, out: sink, err: io.err });
          exitGuess = child.statusGuess;
        } catch (error) {
          if (!(error instanceof ExitSignal)) throw error;
          status = error.status;
          exitGuess = error.guess;
        }
        // Without pipefail (/bin/sh has none) only the last element's status counts (XCU 2.9.2).
        lastGuess = strongerGuess(exitGuess, child.endGuess);
        if (status !== 0) {
          failed = status;
          failedGuess = lastGuess;
        }
        stdin = sink instanceof BufferSink ? sink.toFile() : undefined;
      });
      this.statusGuess = lastGuess;
      if (this.pipefail && status === 0) {
        status = failed;
        this.statusGuess = strongerGuess(lastGuess, failedGuess);
      }
    }
    if (node.negate) status = status === 0 ? 1 : 0;
    this.lastStatus = status;
    this.lastStatusGuess = this.statusGuess;
    return status;
  }

  runCommand(node: CommandNode, io: Io): number {
    if (++this.shared.commands > (this.shared.options.maxCommands ?? 10_000)) {
      // Where a real shell would have gone on (or hung) is unknown: the rest is not modelled.
      this.shared.modelled = false;
      this.note(`the script ran more than ${this.shared.options.maxCommands ?? 10_000} commands (an endless loop?); stopped there`);
      throw new ExitSignal(0, 'unknown');
    }
    const previous = this.io;
    // A status is exact until a command that decides it says otherwise (a failed redirection, a
    // function definition).
    this.statusGuess = undefined;
    try {
      switch (node.kind) {
        case 'simple':
          return this.runSimple(node.assignments, node.words, node.redirects, io);
        case 'function':
          this.functions.set(node.name, node.body);
          return 0;
        default:
          return this.withRedirects(node.redirects, io, (inner) => this.runCompound(node, inner));
      }
    } finally {
      this.io = previous;
    }
  }

  private runCompound(node: CommandNode, io: Io): number {
    this.io = io;
    switch (node.kind) {
      case 'subshell':
        return this.runInChild(this.fork(), (child) => child.runList(node.body, io));
      case 'group':
        return this.runList(node.body, io);
      case 'if':
        return this.runIf(node.clauses, node.elseBody, 0, io);
      case 'loop': {
        let status = 0;
        let bodyGuess: ContentGuess | undefined;
        let conditionGuess: ContentGuess | undefined;
        this.loopDepth++;
        try {
          const iterate = (): number => {
            for (;;) {
              const cond = this.runCondition(node.condition, io);
              const guess = this.statusGuess;
              const stops = (cond === 0) === node.until;
              // From the first guessed condition on, how often the loop runs is a guess.
              if (guess !== undefined && conditionGuess === undefined) {
                conditionGuess = guess;
                return this.runGuessedBranch(
                  guess,
                  () => {
                    if (!stops) {
                      const signal = this.runLoopBody(node.body, io);
                      status = this.lastStatus;
                      bodyGuess = this.lastStatusGuess;
                      if (signal !== 'break') iterate();
                    }
                    this.statusGuess = bodyGuess;
                    return status;
                  },
                  // Where the loop stopped, a real build may have run the body once more; where it
                  // went on, it may have stopped.
                  [
                    stops
                      ? (other) => {
                          other.runLoopBody(node.body, other.quietIo(io));
                          return 'went-on';
                        }
                      : () => 'went-on',
                  ],
                );
              }
              conditionGuess = strongerGuess(conditionGuess, guess);
              if (stops) return status;
              const signal = this.runLoopBody(node.body, io);
              status = this.lastStatus;
              bodyGuess = this.lastStatusGuess;
              if (signal === 'break') return status;
            }
          };
          status = iterate();
        } finally {
          this.loopDepth--;
        }
        // The loop returns its body's last status, or 0 when the body never ran (XCU 2.9.4).
        this.statusGuess = strongerGuess(bodyGuess, conditionGuess);
        return status;
      }
      case 'for': {
        this.expansionGuess = undefined;
        const items = node.items === undefined ? [] : node.items.flatMap((w) => expandWordToFields(w, this));
        const itemGuess = this.expansionGuess;
        let status = 0;
        let bodyGuess: ContentGuess | undefined;
        this.loopDepth++;
        try {
          // A guessed word list (`for f in $(ls -l)`) makes how often the body runs a guess. How the
          // loop would end with no words (status 0, XCU 2.9.4.2) or one more is tried, the latter on
          // a word nobody knows and without marking what it writes (a made-up word names made-up paths).
          status = this.runGuessedBranch(
            itemGuess,
            () => {
              for (const item of items) {
                this.vars.set(node.name, item);
                this.markVar(node.name, itemGuess);
                const signal = this.runLoopBody(node.body, io);
                status = this.lastStatus;
                bodyGuess = this.lastStatusGuess;
                if (signal === 'break') break;
              }
              this.statusGuess = bodyGuess;
              return status;
            },
            [],
            [
              () => 0,
              (other) => {
                other.vars.set(node.name, items[items.length - 1] ?? 'word');
                other.markVar(node.name, 'unknown');
                if (other.runLoopBody(node.body, other.quietIo(io)) !== undefined) return 'went-on';
                other.statusGuess = other.lastStatusGuess;
                return other.lastStatus;
              },
            ],
          );
        } finally {
          this.loopDepth--;
        }
        return status;
      }
      case 'case': {
        this.expansionGuess = undefined;
        const subject = expandWordToString(node.subject, this);
        const subjectGuess = this.expansionGuess;
        const taken = node.arms.findIndex((arm) => arm.patterns.some((p) => matchShellPattern(expandWordToPattern(p, this), subject)));
        const runTaken = (): number => {
          const arm = node.arms[taken];
          if (arm !== undefined) return this.runList(arm.body, io);
          // No arm matched: `case` returns 0 (XCU 2.9.4.3).
          this.statusGuess = undefined;
          return 0;
        };
        if (subjectGuess === undefined) return runTaken();
        // Any other arm could have matched the real word, each tried on its own throwaway layer so
        // what any of them would write or delete counts; without a `*` arm, so could none (status 0).
        const otherWays: OtherWay[] = [];
        node.arms.forEach((arm, index) => {
          if (index !== taken) otherWays.push((other) => other.runList(arm.body, other.quietIo(io)));
        });
        if (taken !== -1 && !node.arms.some((arm) => arm.patterns.some(isCatchAllPattern))) otherWays.push(() => 0);
        return this.runGuessedBranch(subjectGuess, runTaken, otherWays);
      }
      default:
        return 0;
    }
  }

  // if/elif/else from clause `index`: once a condition's status is a guess, the branch taken and
  // every later condition run as a guessed branch, and so does the if's own status (unless every
  // way ends the same; see runGuessedBranch).
  private runIf(clauses: readonly { condition: ListNode; body: ListNode }[], elseBody: ListNode | undefined, index: number, io: Io): number {
    for (let i = index; i < clauses.length; i++) {
      const clause = clauses[i];
      if (!clause) continue;
      const cond = this.runCondition(clause.condition, io);
      const guess = this.statusGuess;
      if (guess !== undefined) {
        return this.runGuessedBranch(
          guess,
          () => (cond === 0 ? this.runList(clause.body, io) : this.runIf(clauses, elseBody, i + 1, io)),
          [(other) => (cond === 0 ? other.runIf(clauses, elseBody, i + 1, other.quietIo(io)) : other.runList(clause.body, other.quietIo(io)))],
        );
      }
      if (cond === 0) return this.runList(clause.body, io);
    }
    if (elseBody) return this.runList(elseBody, io);
    // No condition held and there is no else: `if` returns 0 (XCU 2.9.4.4).
    this.statusGuess = undefined;
    return 0;
  }

  private runLoopBody(body: ListNode, io: Io): 'break' | 'continue' | undefined {
    try {
      this.lastStatus = this.runList(body, io);
      this.lastStatusGuess = this.statusGuess;
      return undefined;
    } catch (error) {
      if (error instanceof LoopSignal) {
        if (error.levels > 1) throw new LoopSignal(error.kind, error.levels - 1, error.guess);
        // A break or continue taken on a guessed condition makes the loop's status a guess.
        this.lastStatusGuess = strongerGuess(this.lastStatusGuess, error.guess);
        return error.kind;
      }
      throw error;
    }
  }

  private runCondition(list: ListNode, io: Io): number {
    this.conditionDepth++;
    try {
      return this.runList(list, io);
    } finally {
      this.conditionDepth--;
    }
  }

  private runSimple(assignments: readonly { name: string; value: Word }[], words: readonly Word[], redirects: readonly Redirect[], io: Io): number {
    this.io = io;
    this.substitutionStatus = 0;
    this.substitutionGuess = undefined;
    this.expansionGuess = undefined;
    const argv = words.flatMap((w) => expandWordToFields(w, this));
    const values = assignments.map((a) => [a.name, expandWordToString(a.value, this)] as const);
    const substitutionStatus = this.substitutionStatus;
    const substitutionGuess = this.substitutionGuess;
    const guess = this.expansionGuess;
    if (argv.length === 0) {
      if (this.xtrace && values.length > 0) io.err.write(`+ ${values.map(([n, v]) => `${n}=${v}`).join(' ')}\n`);
      for (const [name, value] of values) {
        this.vars.set(name, value);
        this.markVar(name, guess);
      }
      // `V=$(cmd)` returns cmd's status (XCU 2.9.1), a guess when cmd's status was; `V=$(ls -l)`
      // succeeds for sure even though its text is approximated.
      this.statusGuess = substitutionGuess;
      if (redirects.length > 0) return this.withRedirects(redirects, io, () => substitutionStatus);
      return substitutionStatus;
    }
    if (this.xtrace) io.err.write(`+ ${[...values.map(([n, v]) => `${n}=${v}`), ...argv].join(' ')}\n`);
    return this.withRedirects(redirects, io, (inner) => this.executeArgv(argv, values, inner, guess));
  }

  // Applies redirections around `body`, then flushes file outputs into the filesystem.
  private withRedirects(redirects: readonly Redirect[], io: Io, body: (io: Io) => number): number {
    if (redirects.length === 0) return body(io);
    let stdin = io.stdin;
    const fds = new Map<number, Sink>([
      [1, io.out],
      [2, io.err],
    ]);
    const files: Array<{ path: string; sink: BufferSink; append: boolean }> = [];
    for (const redirect of redirects) {
      const target = redirect.heredoc ? '' : expandWordToString(redirect.target, this);
      switch (redirect.op) {
        case '<<':
        case '<<-': {
          const heredoc = redirect.heredoc;
          this.expansionGuess = undefined;
          const text = heredoc ? (heredoc.word ? expandWordToString(heredoc.word, this) : heredoc.body) : '';
          if (redirect.fd === 0) stdin = withGuess(makeFile(text), this.expansionGuess);
          break;
        }
        case '<':
        case '<>': {
          if (target === '/dev/null') {
            stdin = makeFile('');
            break;
          }
          const r = this.fs.readFile(target, this.cwd);
          if (!r.ok) {
            io.err.write(`${this.shared.shellName}: can't open ${target}: ${r.code === 'EISDIR' ? 'Is a directory' : 'no such file'}\n`);
            return 1;
          }
          if (redirect.fd === 0) stdin = r.value;
          break;
        }
        case '>&':
        case '<&': {
          if (target === '-') {
            fds.set(redirect.fd, new NullSink());
            break;
          }
          const from = fds.get(Number(target));
          if (from) fds.set(redirect.fd, from);
          break;
        }
        default: {
          const append = redirect.op === '>>';
          const sink = this.openOutput(target, append, io, fds);
          if (typeof sink === 'number') return sink;
          fds.set(redirect.fd, sink.sink);
          if (sink.path !== undefined) files.push({ path: sink.path, sink: sink.sink as BufferSink, append });
        }
      }
    }
    const out = fds.get(1) ?? io.out;
    const err = fds.get(2) ?? io.err;
    try {
      return body({ stdin, out, err });
    } finally {
      for (const file of files) this.flushFile(file.path, file.sink, file.append);
    }
  }

  private openOutput(target: string, append: boolean, io: Io, fds: Map<number, Sink>): { sink: Sink; path: string | undefined } | number {
    if (target === '/dev/null' || target === '/dev/zero') return { sink: new NullSink(), path: undefined };
    if (target === '/dev/stdout') return { sink: fds.get(1) ?? io.out, path: undefined };
    if (target === '/dev/stderr') return { sink: fds.get(2) ?? io.err, path: undefined };
    const r = this.fs.resolve(target, { cwd: this.cwd });
    const fail = (reason: string): number => {
      io.err.write(`${this.shared.shellName}: can't create ${target}: ${reason}\n`);
      return 1;
    };
    if (!r.ok) return fail(r.code === 'ENOTDIR' ? 'Not a directory' : 'nonexistent directory');
    if (r.value.entry?.type === 'dir') return fail('Is a directory');
    const parentDir = this.fs.lookup(r.value.path === '/' ? '/' : r.value.path.slice(0, r.value.path.lastIndexOf('/')) || '/');
    if (!parentDir) return fail('nonexistent directory');
    if (!r.value.entry && !this.canWrite(parentDir)) return fail('Permission denied');
    if (r.value.entry && !this.canWrite(r.value.entry)) return fail('Permission denied');
    // BuildKit mounts /etc/hosts and /etc/resolv.conf read-only (verified: `echo x >> /etc/hosts`
    // prints "/bin/sh: can't create /etc/hosts: Read-only file system" and the command does not run).
    if (this.fs.mountAt(r.value.path)?.readOnly === true) return fail('Read-only file system');
    // `>` truncates before the command runs, so `cat f > f` sees an empty file.
    if (!append || !r.value.entry) this.fs.writeFile(r.value.path, this.newFile(''));
    return { sink: new BufferSink(), path: r.value.path };
  }

  private flushFile(path: string, sink: BufferSink, append: boolean): void {
    if (sink.chunks.length === 0 && sink.guess === undefined) return;
    const existing = this.fs.readFile(path);
    const parts = append && existing.ok ? [existing.value, ...sink.chunks] : sink.chunks;
    // concatFiles keeps a guessed part's mark; a guess about the whole output is added here.
    const next = withGuess(concatFiles(parts, { uid: this.shared.uid, gid: this.shared.gid }), sink.guess);
    if (next.estimated) this.shared.estimated = true;
    this.fs.writeFile(path, next);
  }

  /** A new file owned by the running user, mode 0644 (umask 022). */
  newFile(content: string | Uint8Array): FileEntry {
    return makeFile(content, { uid: this.shared.uid, gid: this.shared.gid });
  }

  /** Tells whether the running user may write to an entry (root always may). */
  canWrite(entry: { mode: number; uid: number; gid: number }): boolean {
    const { uid, gid } = this.shared;
    if (uid === 0) return true;
    if (entry.uid === uid) return (entry.mode & 0o200) !== 0;
    if (entry.gid === gid) return (entry.mode & 0o020) !== 0;
    return (entry.mode & 0o002) !== 0;
  }

  note(text: string): void {
    if (!this.shared.notes.includes(text)) this.shared.notes.push(text);
  }

  private environment(extra: ReadonlyArray<readonly [string, string]>): Record<string, string> {
    const env: Record<string, string> = {};
    for (const name of this.exported) {
      const value = this.vars.get(name);
      if (value !== undefined) env[name] = value;
    }
    for (const [name, value] of extra) env[name] = value;
    return env;
  }

  /**
   * Runs one command. What it prints inherits a guess (a ContentGuess) when its words or standard input
   * were guessed, when it read a guessed file, approximated host-dependent text, or was not modelled.
   */
  executeArgv(argv: string[], assignments: ReadonlyArray<readonly [string, string]>, io: Io, wordsGuess?: ContentGuess): number {
    const outer = this.commandGuess;
    const outerStatus = this.commandStatusGuess;
    const stdinGuess = guessOf(io.stdin);
    this.commandGuess = strongerGuess(wordsGuess, stdinGuess);
    const name = argv[0] ?? '';
    const isFunction = this.functions.has(name);
    // A function's own commands decide on its input; its call only on the words.
    if (STATUS_IGNORES_INPUT.has(name) && !isFunction) this.commandStatusGuess = undefined;
    else this.commandStatusGuess = strongerGuess(wordsGuess, (STATUS_FROM_STDIN.has(name) || (name.includes('/') && STATUS_FROM_STDIN.has(baseName(name)))) && !isFunction ? stdinGuess : undefined);
    // A function or `sh -c` body sets statusGuess from its own last command; a program leaves it unset.
    this.statusGuess = undefined;
    try {
      return this.executeCommand(argv, assignments, io);
    } finally {
      const guess = this.commandGuess;
      this.statusGuess = strongerGuess(this.statusGuess, this.commandStatusGuess);
      this.commandGuess = outer;
      this.commandStatusGuess = outerStatus;
      if (guess !== undefined) {
        this.shared.estimated = true;
        if (io.out instanceof BufferSink) io.out.markGuess(guess);
      }
    }
  }

  // Functions, shell builtins, then programs found on PATH (or busybox applets).
  private executeCommand(argv: string[], assignments: ReadonlyArray<readonly [string, string]>, io: Io): number {
    const name = argv[0] ?? '';
    const fn = this.functions.get(name);
    if (fn) {
      const saved = this.positional;
      this.positional = argv.slice(1);
      try {
        return this.runCommand(fn, io);
      } catch (error) {
        if (!(error instanceof ReturnSignal)) throw error;
        this.statusGuess = error.guess;
        return error.status;
      } finally {
        this.positional = saved;
      }
    }
    const builtin = SHELL_BUILTINS[name];
    if (builtin) {
      // Assignments before a special builtin persist (XCU 2.14); for others they are temporary.
      for (const [n, v] of assignments) this.vars.set(n, v);
      return builtin(this, argv, io);
    }
    // echo, printf, test/[ , true, false and pwd are builtins in ash, dash and bash alike.
    if (REGULAR_BUILTINS.has(name)) {
      const impl = COMMANDS[name];
      if (impl) return impl(this.commandContext(argv, io, assignments));
    }
    const found = this.lookupProgram(name);
    const applet = found.applet;
    if (applet !== undefined) {
      const impl = COMMANDS[applet];
      if (impl) return impl(this.commandContext(argv, io, assignments));
    }
    if (found.script) return this.runScriptFile(found.script, argv, io);
    const hook = this.shared.options.resolveExternal;
    if (hook) {
      let stdinText = '';
      if (io.stdin?.body.kind === 'bytes') stdinText = decodeUtf8(io.stdin.body.data);
      const result = hook(argv, {
        fs: this.fs,
        cwd: this.cwd,
        env: this.environment(assignments),
        uid: this.shared.uid,
        gid: this.shared.gid,
        stdin: stdinText,
        foundAt: found.path,
      });
      if (result) {
        // What a knowledge-base estimate prints is invented text, like an unmodelled command's.
        if (result.estimated !== false) {
          this.shared.estimated = true;
          this.raiseStatusGuess('unknown');
        }
        if (result.note) this.note(result.note);
        if (result.stdout) io.out.write(result.stdout);
        if (result.stderr) io.err.write(result.stderr);
        return result.exitCode;
      }
    }
    if (found.path !== undefined || (this.shared.options.knownFiles === 'partial' && !name.includes('/'))) {
      this.shared.modelled = false;
      this.raiseStatusGuess('unknown');
      if (this.markInPlaceEdits(name, argv)) this.note(`${name} -i: not modelled by the simulator; the files it edits keep their old text, marked unknown`);
      else this.note(`${name}: not modelled by the simulator; assumed to succeed without changing files`);
      return 0;
    }
    // dash: "/bin/sh: 1: foo: not found"; bash as sh: "/bin/sh: line 1: foo: command not found".
    const dialect = this.shared.dialect;
    if (dialect === 'dash') io.err.write(`${this.shared.shellName}: 1: ${name}: not found\n`);
    else if (dialect === 'bash') io.err.write(`${this.shared.shellName}: line 1: ${name}: command not found\n`);
    else io.err.write(`${this.shared.shellName}: ${name}: not found\n`);
    return 127;
  }

  /**
   * `sed -i` / `perl -i` rewrite their files: busybox sed writes a new file even when nothing
   * matched (verified: `sed -i s/zzz/y/ /f` makes a 6-byte layer on Engine 20.10, legacy builder),
   * so the files join this step's layer, with their old text marked `unknown`. True when it was such an edit.
   */
  private markInPlaceEdits(name: string, argv: readonly string[]): boolean {
    if (name !== 'sed' && name !== 'perl') return false;
    let inPlace = false;
    let scriptGiven = false;
    const operands: string[] = [];
    for (let i = 1; i < argv.length; i++) {
      const a = argv[i] ?? '';
      if (a === '--') {
        operands.push(...argv.slice(i + 1));
        break;
      }
      if (a.startsWith('--in-place')) inPlace = true;
      else if (a === '--expression' || a === '--file') {
        scriptGiven = true;
        i++;
      } else if (a.startsWith('--expression=') || a.startsWith('--file=')) scriptGiven = true;
      else if (a.startsWith('-') && a.length > 1 && !a.startsWith('--')) {
        // Clustered letters: -i[SUFFIX] ends the cluster; -e/-f take the rest or the next word.
        for (let k = 1; k < a.length; k++) {
          const letter = a[k];
          if (letter === 'i') {
            inPlace = true;
            break;
          }
          if (letter === 'e' || letter === 'f') {
            scriptGiven = true;
            if (k === a.length - 1) i++;
            break;
          }
        }
      } else if (!a.startsWith('--')) operands.push(a);
    }
    if (!inPlace) return false;
    for (const file of scriptGiven ? operands : operands.slice(1)) {
      const r = this.fs.resolve(file, { cwd: this.cwd });
      const entry = r.ok ? r.value.entry : undefined;
      if (r.ok && entry?.type === 'file') this.fs.writeFile(r.value.path, withGuess(entry, 'unknown'));
    }
    this.shared.estimated = true;
    return true;
  }

  private lookupProgram(name: string): { path: string | undefined; applet: string | undefined; script: string | undefined } {
    const asApplet = (path: string): { path: string; applet: string | undefined; script: string | undefined } => {
      const r = this.fs.resolve(path);
      const target = r.ok ? r.value.path : path;
      const entry = r.ok ? r.value.entry : undefined;
      const invoked = baseName(path);
      // A busybox binary (or a link to it) runs the applet named by argv[0].
      if (baseName(target) === 'busybox') return { path, applet: COMMANDS[invoked] ? invoked : undefined, script: undefined };
      if (entry?.type === 'file' && entry.body.kind === 'bytes') {
        const text = decodeUtf8(entry.body.data.slice(0, 64));
        if (/^#!\s*\S*\/(ba|da|a)?sh\b/.test(text) || !text.startsWith('#!')) return { path, applet: undefined, script: target };
      }
      return { path, applet: COMMANDS[invoked] && entry?.type === 'file' && entry.body.kind === 'synthetic' ? invoked : undefined, script: undefined };
    };
    if (name.includes('/')) {
      const entry = this.fs.stat(name, this.cwd);
      if (!entry || entry.type !== 'file') return { path: undefined, applet: undefined, script: undefined };
      return asApplet(normalizePath(name, this.cwd));
    }
    const pathVar = this.vars.get('PATH') ?? DEFAULT_PATH;
    // Hits are cached for the script: programs rarely vanish mid-RUN, and PATH walks are hot.
    const cacheKey = `${pathVar}\u0000${name}`;
    const cached = this.shared.pathCache.get(cacheKey);
    if (cached !== undefined && this.fs.stat(cached)?.type === 'file') return asApplet(cached);
    // Misses are cached until the filesystem next changes.
    const missKey = `${this.fs.version}\u0000${cacheKey}`;
    if (!this.shared.pathMisses.has(missKey)) {
      let dirs = this.shared.pathDirs.get(pathVar);
      if (!dirs) this.shared.pathDirs.set(pathVar, (dirs = pathVar.split(':').filter((d) => d !== '')));
      for (const dir of dirs) {
        const candidate = joinPath(dir.startsWith('/') ? normalizePath(dir) : normalizePath(dir, this.cwd), name);
        const entry = this.fs.stat(candidate);
        if (entry?.type === 'file') {
          this.shared.pathCache.set(cacheKey, candidate);
          return asApplet(candidate);
        }
      }
      this.shared.pathMisses.add(missKey);
    }
    // Busybox's standalone shell runs its applets without a PATH entry (verified: chmod and ln
    // work in local/busybox:1, which has no symlink for them). Catalog images without a file list
    // are given the benefit of the doubt for implemented commands.
    if ((this.shared.isBusybox && BUSYBOX_APPLETS.has(name)) || this.shared.options.knownFiles === 'partial') {
      if (!COMMANDS[name]) return { path: `/bin/busybox`, applet: undefined, script: undefined };
      return { path: undefined, applet: COMMANDS[name] ? name : undefined, script: undefined };
    }
    return { path: undefined, applet: undefined, script: undefined };
  }

  /** Tells whether a program name resolves (builtin, PATH, or busybox applet). */
  programExists(name: string): boolean {
    if (SHELL_BUILTINS[name] || this.functions.has(name)) return true;
    const found = this.lookupProgram(name);
    return found.path !== undefined || found.applet !== undefined || found.script !== undefined;
  }

  private runScriptFile(path: string, argv: readonly string[], io: Io): number {
    const entry = this.fs.stat(path);
    if (!entry || entry.type !== 'file') return 127;
    if ((entry.mode & 0o111) === 0) {
      io.err.write(`${this.shared.shellName}: ${argv[0] ?? path}: Permission denied\n`);
      return 126;
    }
    return this.runFileAsScript(entry, io, false, argv.slice(1));
  }

  /** Runs a file's text as a script in a subshell (`sh file`, `./script.sh`, `. file`). */
  runFileAsScript(entry: FileEntry, io: Io, inCurrentShell = false, args?: readonly string[]): number {
    if (entry.body.kind !== 'bytes') {
      this.shared.modelled = false;
      this.raiseStatusGuess('unknown');
      this.note('running a binary program is not modelled; assumed to succeed');
      return 0;
    }
    return this.runText(decodeUtf8(entry.body.data), io, inCurrentShell, args);
  }

  /** Parses and runs script text, in a subshell unless `inCurrentShell` (for `.`/`eval`). */
  runText(text: string, io: Io, inCurrentShell = false, args?: readonly string[]): number {
    const parsed = parseScript(text);
    if (!parsed.ok) {
      io.err.write(`${this.shared.shellName}: ${parsed.message}\n`);
      return 2;
    }
    if (inCurrentShell) return this.runList(parsed.ast, io);
    const child = this.fork();
    child.conditionDepth = 0;
    if (args) child.positional = [...args];
    return this.runInChild(child, () => child.runList(parsed.ast, io));
  }

  /**
   * Runs `body` in a child shell (subshell, `$(...)`, `sh -c`, a script file) and returns its exit
   * status; `statusGuess` says whether that status is a guess: the child's last status, its `exit`,
   * or a place where a real build may have ended it sooner (endGuess).
   */
  private runInChild(child: Shell, body: (child: Shell) => number): number {
    try {
      const status = body(child);
      this.statusGuess = strongerGuess(child.statusGuess, child.endGuess);
      return status;
    } catch (error) {
      if (!(error instanceof ExitSignal)) {
        this.statusGuess = undefined;
        throw error;
      }
      this.statusGuess = strongerGuess(error.guess, child.endGuess);
      return error.status;
    }
  }

  private commandContext(argv: string[], io: Io, assignments: ReadonlyArray<readonly [string, string]>): CommandContext {
    return new ShellCommandContext(this, argv, io, assignments);
  }

  /** Runs a program with extra environment entries (for `env VAR=x prog`). */
  runWithEnv(args: string[], env: ReadonlyArray<readonly [string, string]>, io: Io): number {
    const saved = new Map(this.vars);
    const savedExported = new Set(this.exported);
    for (const [n, v] of env) {
      this.vars.set(n, v);
      this.exported.add(n);
    }
    try {
      return this.executeArgv(args, [], io);
    } finally {
      this.vars = saved;
      this.exported = savedExported;
    }
  }

  /** The environment a command sees: exported variables plus its own assignments. */
  environmentFor(extra: ReadonlyArray<readonly [string, string]>): Record<string, string> {
    return this.environment(extra);
  }

  /** Runs `sh …` as a child shell. */
  runSh(argv: readonly string[], io: Io): number {
    return this.runShCommand(argv, io);
  }

  // `sh [-e] [-x] -c 'script'` or `sh file`.
  private runShCommand(argv: readonly string[], io: Io): number {
    let i = 1;
    const child = this.fork();
    child.conditionDepth = 0;
    let script: string | undefined;
    for (; i < argv.length; i++) {
      const a = argv[i] ?? '';
      if (a === '-c') {
        script = argv[i + 1] ?? '';
        if (argv[i + 2] !== undefined) child.arg0 = argv[i + 2] ?? '';
        child.positional = argv.slice(i + 3);
        break;
      }
      if (/^-[eux]+$/.test(a)) {
        if (a.includes('e')) child.errexit = true;
        if (a.includes('x')) child.xtrace = true;
        if (a.includes('u')) child.nounset = true;
        continue;
      }
      if (a.startsWith('-')) continue;
      const r = this.fs.readFile(a, this.cwd);
      if (!r.ok) {
        io.err.write(`${baseName(argv[0] ?? 'sh')}: can't open '${a}': No such file or directory\n`);
        return 2;
      }
      const body = r.value.body;
      if (body.kind !== 'bytes') return 0;
      script = decodeUtf8(body.data);
      child.arg0 = a;
      child.positional = argv.slice(i + 1);
      break;
    }
    if (script === undefined) {
      this.note('an interactive `sh` with no script reads nothing in a build; it exits 0');
      return 0;
    }
    const parsed = parseScript(script);
    if (!parsed.ok) {
      io.err.write(`${baseName(argv[0] ?? 'sh')}: ${parsed.message}\n`);
      return 2;
    }
    return this.runInChild(child, () => child.runList(parsed.ast, io));
  }

  // Builtins that need the shell's own state --------------------------------------------------

  builtinCd(argv: readonly string[], io: Io): number {
    let target = argv[1];
    if (target === undefined) target = this.vars.get('HOME') ?? '/';
    else if (target === '-') target = this.vars.get('OLDPWD') ?? this.cwd;
    const r = this.fs.resolve(target, { cwd: this.cwd });
    const entry = r.ok ? r.value.entry : undefined;
    if (!r.ok || !entry || entry.type !== 'dir') {
      const reason = r.ok && entry ? 'Not a directory' : !r.ok && r.code === 'ENOTDIR' ? 'Not a directory' : 'No such file or directory';
      // ash reports "line 0" for -c scripts (verified on local/busybox:1).
      const dialect = this.shared.dialect;
      if (dialect === 'dash') io.err.write(`${this.shared.shellName}: 1: cd: can't cd to ${target}\n`);
      else if (dialect === 'bash') io.err.write(`${this.shared.shellName}: line 1: cd: ${target}: ${reason}\n`);
      else io.err.write(`${this.shared.shellName}: cd: line 0: can't cd to ${target}: ${reason}\n`);
      if (dialect === 'bash') return 1;
      return 2;
    }
    this.vars.set('OLDPWD', this.cwd);
    // ash keeps the logical path (through symlinks), like `cd -L`.
    this.cwd = normalizePath(target, this.cwd);
    this.vars.set('PWD', this.cwd);
    return 0;
  }

  builtinSet(argv: readonly string[], io: Io): number {
    for (let i = 1; i < argv.length; i++) {
      const a = argv[i] ?? '';
      if (a === '-o' || a === '+o') {
        const opt = argv[++i] ?? '';
        const on = a === '-o';
        if (opt === 'pipefail') this.pipefail = on;
        else if (opt === 'errexit') this.errexit = on;
        else if (opt === 'xtrace') this.xtrace = on;
        else if (opt === 'nounset') this.nounset = on;
        continue;
      }
      if (/^[-+][a-zA-Z]+$/.test(a)) {
        const on = a.startsWith('-');
        for (const flag of a.slice(1)) {
          if (flag === 'e') this.errexit = on;
          else if (flag === 'x') this.xtrace = on;
          else if (flag === 'u') this.nounset = on;
        }
        continue;
      }
      this.positional = argv.slice(a === '--' ? i + 1 : i);
      break;
    }
    if (argv.length === 1) {
      for (const [k, v] of [...this.vars].sort(([a], [b]) => (a < b ? -1 : 1))) io.out.write(`${k}='${v}'\n`);
    }
    return 0;
  }

  builtinExport(argv: readonly string[], io: Io): number {
    for (const arg of argv.slice(1)) {
      if (arg === '-p') {
        for (const name of [...this.exported].sort()) io.out.write(`export ${name}='${this.vars.get(name) ?? ''}'\n`);
        continue;
      }
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg : arg.slice(0, eq);
      if (eq >= 0) {
        this.vars.set(name, arg.slice(eq + 1));
        this.markVar(name, this.commandGuess);
      }
      this.exported.add(name);
    }
    return 0;
  }

  /** Ends the shell with `status`; `guess` says the status is a guess (see ExitSignal). */
  raiseExit(status: number, guess: ContentGuess | undefined): never {
    throw new ExitSignal(status, guess);
  }

  raiseLoop(kind: 'break' | 'continue', levels: number): number {
    if (this.loopDepth === 0) return 0;
    throw new LoopSignal(kind, Math.max(1, levels));
  }

  raiseReturn(status: number, guess: ContentGuess | undefined): never {
    throw new ReturnSignal(status, guess);
  }

  /** The guess of a status given as `exit [n]` / `return [n]`: `$?`'s without n, else the word's. */
  statusArgumentGuess(argument: string | undefined): ContentGuess | undefined {
    return argument === undefined ? this.lastStatusGuess : this.commandStatusGuess;
  }
}

// One object per command, methods on the prototype: commands run often, closures would churn the GC.
class ShellCommandContext implements CommandContext {
  readonly argv: readonly string[];
  readonly io: Io;
  private readonly shell: Shell;
  private readonly assignments: ReadonlyArray<readonly [string, string]>;
  private envCache: Record<string, string> | undefined;

  constructor(shell: Shell, argv: readonly string[], io: Io, assignments: ReadonlyArray<readonly [string, string]>) {
    this.shell = shell;
    this.argv = argv;
    this.io = io;
    this.assignments = assignments;
  }

  get fs(): WorkingFs {
    return this.shell.fs;
  }

  get cwd(): string {
    return this.shell.cwd;
  }

  get uid(): number {
    return this.shell.shared.uid;
  }

  get gid(): number {
    return this.shell.shared.gid;
  }

  get env(): Readonly<Record<string, string>> {
    this.envCache ??= this.shell.environmentFor(this.assignments);
    return this.envCache;
  }

  get isBusybox(): boolean {
    return this.shell.shared.isBusybox;
  }

  get dialect(): ShellDialect {
    return this.shell.shared.dialect;
  }

  get builder(): RunBuilder | undefined {
    return this.shell.shared.builder;
  }

  newFile(content: string | Uint8Array): FileEntry {
    return this.shell.newFile(content);
  }

  canWrite(entry: { mode: number; uid: number; gid: number }): boolean {
    return this.shell.canWrite(entry);
  }

  note(text: string): void {
    this.shell.note(text);
  }

  markNotModelled(text: string): void {
    this.shell.shared.modelled = false;
    this.shell.raiseStatusGuess('unknown');
    this.shell.note(text);
  }

  approximate(text: string): void {
    this.shell.raiseCommandGuess('host-dependent');
    this.shell.note(text);
  }

  readGuessed(entry: FileEntry, decidesOnText = false): void {
    // What a command decides from a guessed text (grep -q) is a guess too; `cat` of a host-dependent
    // file succeeds whatever it says, but not if the file may be missing in a real build.
    if (decidesOnText || isExistenceGuessed(entry)) this.shell.raiseStatusGuess(guessOf(entry));
    else this.shell.raiseCommandGuess(guessOf(entry));
  }

  decidedOnUncertainPath(): void {
    this.shell.raiseStatusGuess('conditional');
  }

  sleep(seconds: number): void {
    this.shell.shared.slept += seconds;
  }

  randomFingerprint(): string {
    const shared = this.shell.shared;
    return `urandom:${shared.options.nonce ?? ''}:${shared.randomCounter++}`;
  }

  runShell(argv: readonly string[], io: Io): number {
    return this.shell.runSh(argv, io);
  }

  runProgram(argv: string[], env: ReadonlyArray<readonly [string, string]>, io: Io): number {
    return this.shell.runWithEnv(argv, env, io);
  }
}

type ShellBuiltin = (shell: Shell, argv: string[], io: Io) => number;

const REGULAR_BUILTINS: ReadonlySet<string> = new Set(['echo', 'printf', 'test', '[', 'true', 'false', 'pwd']);

// ash builtins that change the shell itself; the others (echo, printf, test…) are in COMMANDS and
// run the same whether found on PATH or not.
const SHELL_BUILTINS: Readonly<Record<string, ShellBuiltin>> = {
  cd: (sh, argv, io) => sh.builtinCd(argv, io),
  exit: (sh, argv) => sh.raiseExit(argv[1] === undefined ? sh.lastStatus : Number.parseInt(argv[1], 10) & 255 || 0, sh.statusArgumentGuess(argv[1])),
  export: (sh, argv, io) => sh.builtinExport(argv, io),
  readonly: (sh, argv, io) => sh.builtinExport(argv, io),
  set: (sh, argv, io) => sh.builtinSet(argv, io),
  unset: (sh, argv) => {
    for (const name of argv.slice(1)) if (!name.startsWith('-')) sh.vars.delete(name);
    return 0;
  },
  ':': () => 0,
  true: () => 0,
  false: () => 1,
  break: (sh, argv) => sh.raiseLoop('break', Number(argv[1] ?? 1)),
  continue: (sh, argv) => sh.raiseLoop('continue', Number(argv[1] ?? 1)),
  return: (sh, argv) => sh.raiseReturn(argv[1] === undefined ? sh.lastStatus : Number(argv[1]) & 255, sh.statusArgumentGuess(argv[1])),
  pwd: (sh, _argv, io) => {
    io.out.write(`${sh.cwd}\n`);
    return 0;
  },
  eval: (sh, argv, io) => sh.runText(argv.slice(1).join(' '), io, true),
  '.': (sh, argv, io) => {
    const r = sh.fs.readFile(argv[1] ?? '', sh.cwd);
    if (!r.ok) {
      io.err.write(`${sh.shared.shellName}: .: line 0: can't open '${argv[1] ?? ''}': No such file or directory\n`);
      return 2;
    }
    return sh.runFileAsScript(r.value, io, true);
  },
  source: (sh, argv, io) => SHELL_BUILTINS['.']?.(sh, argv, io) ?? 0,
  umask: () => 0,
  wait: () => 0,
  trap: () => 0,
  ulimit: () => 0,
  shift: () => 0,
  read: (sh, argv, io) => {
    const stdin = io.stdin;
    const all = stdin?.body.kind === 'bytes' ? decodeUtf8(stdin.body.data) : '';
    // Successive reads from one redirected stdin consume it line by line.
    const offset = stdin ? (sh.shared.readOffsets.get(stdin) ?? 0) : 0;
    const text = all.slice(offset);
    const newline = text.indexOf('\n');
    const line = newline < 0 ? text : text.slice(0, newline);
    if (stdin) sh.shared.readOffsets.set(stdin, offset + (newline < 0 ? text.length : newline + 1));
    const names = argv.slice(1).filter((a) => !a.startsWith('-'));
    const fields = line.trim().split(/[ \t]+/);
    names.forEach((name, i) => {
      sh.vars.set(name, i === names.length - 1 ? fields.slice(i).join(' ') : (fields[i] ?? ''));
      sh.markVar(name, sh.commandGuess);
    });
    return text === '' ? 1 : 0;
  },
  type: (_sh, argv, io) => {
    let status = 0;
    for (const name of argv.slice(1)) {
      if (SHELL_BUILTINS[name] || COMMANDS[name]) io.out.write(`${name} is a shell builtin\n`);
      else {
        io.err.write(`${name}: not found\n`);
        status = 127;
      }
    }
    return status;
  },
  command: (sh, argv, io) => {
    if (argv[1] === '-v') {
      const name = argv[2] ?? '';
      if (SHELL_BUILTINS[name] || COMMANDS[name]) {
        io.out.write(`${name}\n`);
        return 0;
      }
      return 1;
    }
    return sh.executeArgv(argv.slice(1), [], io);
  },
  exec: (sh, argv, io) => {
    if (argv.length <= 1) return 0;
    const status = sh.executeArgv(argv.slice(1), [], io);
    return sh.raiseExit(status, sh.statusGuess);
  },
};

/** Pathname expansion for the shell: like COPY globs, but `*` does not match a leading dot. */
export function globInFs(fs: WorkingFs, pattern: string, cwd: string): string[] {
  const absolute = pattern.startsWith('/');
  const segments = pattern.split('/').filter((s) => s !== '');
  let current: Array<{ abs: string; shown: string }> = [{ abs: absolute ? '/' : cwd, shown: absolute ? '/' : '' }];
  for (const segment of segments) {
    const next: Array<{ abs: string; shown: string }> = [];
    const isPattern = /[*?[]/.test(segment.replace(/\\./g, ''));
    for (const { abs, shown } of current) {
      const join = (name: string): { abs: string; shown: string } => ({
        abs: normalizePath(name, abs),
        shown: shown === '' ? name : shown.endsWith('/') ? `${shown}${name}` : `${shown}/${name}`,
      });
      if (!isPattern) {
        const name = segment.replace(/\\(.)/g, '$1');
        if (segment === '.' || segment === '..' || fs.lstat(normalizePath(name, abs)) !== undefined) next.push(join(name));
        continue;
      }
      const listed = fs.list(abs);
      if (!listed.ok) continue;
      for (const name of listed.value) {
        if (name.startsWith('.') && !segment.startsWith('.')) continue;
        if (matchSegment(segment, name) === true) next.push(join(name));
      }
    }
    current = next;
    if (current.length === 0) return [];
  }
  return current.map((c) => c.shown).sort();
}
