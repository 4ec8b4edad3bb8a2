// The hook RUN goes through: a script, an environment and a working layer in; an exit code,
// output lines and whether the effect is a guess out. The shell model (../shell) plugs in here.

import type { WorkingFs } from '../fs/layered-fs.ts';
import type { RunMount } from '../dockerfile/ast.ts';
import type { FsView } from '../fs/layered-fs.ts';
import type { BuilderKind } from './types.ts';

export interface RunInvocation {
  /** The full argv: `[/bin/sh, -c, script]` for shell form, the JSON array for exec form. */
  readonly argv: readonly string[];
  /** The shell-form script (argv's last element), or the exec form joined with spaces. */
  readonly script: string;
  readonly env: ReadonlyMap<string, string>;
  readonly cwd: string;
  readonly user: string;
  readonly fs: WorkingFs;
  /** `RUN --mount` sources, with the filesystem each bind mount reads (BuildKit only). */
  readonly mounts: readonly { readonly mount: RunMount; readonly source?: FsView }[];
  /**
   * The builder running the step: each mounts its own /etc/hosts, /etc/resolv.conf (and, legacy
   * only, /etc/hostname) over the layer, BuildKit read-only (src/core/shell/runtime-mounts.ts).
   */
  readonly builder: BuilderKind;
}

export interface RunOutcome {
  readonly exitCode: number;
  /** Output lines as the engine prints them (stdout and stderr interleaved). */
  readonly output: readonly string[];
  /** True when the model had to guess (an unknown tool). */
  readonly estimated: boolean;
  /**
   * True when the exit status itself rests on a guess (the build host's files, output the model
   * cannot know, a command it does not run): a real build may end differently at this step.
   */
  readonly exitCodeGuessed?: boolean;
  /** Simulated run time in ms. */
  readonly durationMs: number;
}

/** Runs a RUN step on the working layer; never throws. */
export type RunExecutor = (invocation: RunInvocation) => RunOutcome;
