// The small shell model behind RUN: busybox-ash-compatible parsing and execution of a script on
// the layered virtual filesystem, with a hook that offers unknown commands to the knowledge base.

export {
  /** Runs a RUN script on a working layer and reports status, output, notes and estimates. */
  runScript,
  /** Runs an exec-form RUN (`RUN ["prog", "arg"]`) without a shell. */
  runArgv,
  /** Expands a shell glob against a filesystem, relative to a working directory. */
  globInFs,
} from './interpreter.ts';
export type { ExternalContext, ExternalResult, ResolveExternal, RunScriptOptions, ScriptResult, ShellDialect } from './interpreter.ts';

export {
  /** Makes a RUN executor (engine invocation in, exit code/log lines/estimate out) backed by the shell model. */
  createRunStepExecutor,
} from './run-step.ts';
export type { RunStepInvocation, RunStepOptions, RunStepOutcome } from './run-step.ts';
export type { RunBuilder } from './runtime-mounts.ts';

export {
  /** Parses a shell script into an AST, or returns ash's syntax error text. */
  parseScript,
} from './parser.ts';
export type { ParseResult } from './parser.ts';
export type { AndOrNode, CommandNode, ListNode, PipelineNode, Redirect, Word, WordPart } from './ast.ts';
export type { LogLine } from './io.ts';

export {
  /** The commands the model runs exactly, by name. */
  COMMANDS,
  /** Busybox applets the model implements (available in a busybox shell without a PATH entry). */
  BUSYBOX_APPLETS,
} from './commands.ts';
export type { CommandContext, CommandImpl } from './commands.ts';

export {
  /** Formats `echo` arguments as busybox does. */
  formatEcho,
  /** Formats `printf` output as busybox does. */
  formatPrintf,
} from './format.ts';

export {
  /** Evaluates `test`/`[` arguments. */
  evaluateTest,
} from './test-command.ts';
