// Adapter from a build engine's RUN invocation (argv, env map, cwd, user, working layer) to the
// shell model, in the shape of src/core/build/run-executor.ts's RunExecutor (typed structurally
// here so the shell does not depend on the build engine).

import { runArgv, runScript, type ResolveExternal, type ScriptResult } from './interpreter.ts';
import type { RunBuilder } from './runtime-mounts.ts';
import { isInventedText, withGuess, type WorkingFs } from '../fs/index.ts';

/** What the engine passes for one RUN step. */
export interface RunStepInvocation {
  /** `[...SHELL, script]` for shell form, the JSON array for exec form. */
  readonly argv: readonly string[];
  readonly env: ReadonlyMap<string, string>;
  readonly cwd: string;
  readonly user: string;
  readonly fs: WorkingFs;
  /** Present for `RUN --mount`; bind/cache mounts are not modelled (noted). */
  readonly mounts?: readonly unknown[];
  /** The builder running the step: what it mounts at /etc/hosts & co. differs (RunScriptOptions.builder). */
  readonly builder?: RunBuilder;
}

/** What the engine gets back; `output` is the RUN log split into lines. */
export interface RunStepOutcome {
  readonly exitCode: number;
  readonly output: readonly string[];
  /**
   * True when the result depends on a guess: a knowledge-base estimate, guessed output, (`modelled:
   * false`) a command the model did not run, or (`exitCodeGuessed`) whether the step succeeds at all.
   */
  readonly estimated: boolean;
  /**
   * True when the exit status, and so whether the build stops at this step, rests on a guess
   * (ScriptResult.exitCodeGuessed): `RUN grep -q avx /proc/cpuinfo`, `RUN set -e; test "$(hostname)" = x`
   * under the legacy builder. A failure with this set is a prediction, not a certainty.
   */
  readonly exitCodeGuessed: boolean;
  /** Simulated wall time: a fixed container start cost plus what `sleep` asked for. */
  readonly durationMs: number;
  readonly modelled: boolean;
  readonly notes: readonly string[];
  readonly shellMissing: boolean;
  readonly result: ScriptResult;
}

export interface RunStepOptions {
  readonly resolveExternal?: ResolveExternal;
  /** See RunScriptOptions.knownFiles; a function lets the engine decide per stage. */
  readonly knownFiles?: 'complete' | 'partial' | ((invocation: RunStepInvocation) => 'complete' | 'partial');
  /** The /bin/sh implementation when the file list cannot tell (catalog images); see RunScriptOptions.dialect. */
  readonly dialect?: 'ash' | 'dash' | 'bash' | ((invocation: RunStepInvocation) => 'ash' | 'dash' | 'bash' | undefined);
  /** Seed for /dev/urandom fingerprints (see RunScriptOptions.nonce). */
  readonly nonce?: string;
  /** Container start-up cost added to every RUN, in ms (default 200). */
  readonly baseDurationMs?: number;
}

const SHELLS = /(^|\/)(sh|bash|ash|dash)$/;

/** Makes a RUN executor backed by the shell model; never throws. */
export function createRunStepExecutor(options: RunStepOptions = {}): (invocation: RunStepInvocation) => RunStepOutcome {
  return (invocation) => {
    const env = Object.fromEntries(invocation.env);
    const knownFiles = typeof options.knownFiles === 'function' ? options.knownFiles(invocation) : (options.knownFiles ?? 'complete');
    const argv = invocation.argv;
    const dialect = typeof options.dialect === 'function' ? options.dialect(invocation) : options.dialect;
    const builder = invocation.builder;
    const base = {
      fs: invocation.fs,
      env,
      cwd: invocation.cwd || '/',
      user: invocation.user,
      knownFiles,
      ...(options.resolveExternal ? { resolveExternal: options.resolveExternal } : {}),
      ...(options.nonce !== undefined ? { nonce: options.nonce } : {}),
      ...(dialect !== undefined ? { dialect } : {}),
      ...(builder !== undefined ? { builder } : {}),
    };
    // Shell form is [shell..., "-c", script]; anything else is exec form.
    const dashC = argv.length >= 3 ? argv.lastIndexOf('-c') : -1;
    const isShellForm = dashC === argv.length - 2 && SHELLS.test(argv[0] ?? '');
    const result = isShellForm
      ? runScript(argv[argv.length - 1] ?? '', { ...base, shell: argv.slice(0, -1) })
      : runArgv(argv, base);
    const notes = [...result.notes];
    const hasMounts = invocation.mounts !== undefined && invocation.mounts.length > 0;
    if (hasMounts) notes.push('RUN --mount contents are not visible to the shell model');
    const modelled = result.modelled && !hasMounts;
    if (!modelled) markPartlyModelled(invocation.fs);
    // An unmodelled --mount can make any command fail or succeed (a missing bind source, a cache).
    const exitCodeGuessed = result.exitCodeGuessed || hasMounts;
    if (exitCodeGuessed) notes.push(exitCodeGuessNote(result.exitCode));
    const text = result.log.map((l) => l.text).join('');
    const output = text === '' ? [] : text.replace(/\n$/, '').split('\n');
    return {
      exitCode: result.exitCode,
      output,
      // A step that ran something the model did not is a guess, whatever it wrote; so is one whose
      // success the model could only guess.
      estimated: result.estimated || !modelled || exitCodeGuessed,
      exitCodeGuessed,
      durationMs: (options.baseDurationMs ?? 200) + Math.round(result.sleptSeconds * 1000),
      modelled,
      notes,
      shellMissing: result.shellMissing,
      result,
    };
  };
}

function exitCodeGuessNote(exitCode: number): string {
  const predicted = exitCode === 0 ? 'succeeds' : `fails (exit code ${exitCode})`;
  return `the simulator predicts this step ${predicted}, but that rests on something it could only guess (the build host, guessed output, a command it does not run): a real build may ${exitCode === 0 ? 'fail' : 'succeed'} here`;
}

// A command the model did not run (`sed -i`, a binary, an unmodelled `--mount`) may have changed any
// file the step wrote, so the text the model computed for them is only its best guess: the step's
// files with known bytes are marked `partly-modelled` (FileEntry.guess), unless they already carry a
// weaker-knowledge mark (`unknown`). Knowledge-base outputs (estimated, no mark) are invented text
// and stay unmarked, so they are never shown.
function markPartlyModelled(fs: WorkingFs): void {
  for (const [path, change] of fs.recordedChanges()) {
    if (change.type !== 'file' || change.body.kind !== 'bytes' || isInventedText(change)) continue;
    fs.setEntry(path, withGuess(change, 'partly-modelled'));
  }
}
