// Glue between the toolchain knowledge base and the shell's external-command hook
// (src/core/shell/interpreter.ts: `ResolveExternal = (argv, context) => ExternalResult | undefined`,
// where `context` carries the working layer, cwd, env and `foundAt`, PATH lookup's answer).
//
// The size module does not import the filesystem: the caller supplies how to read the stage's
// files and how to write an effect into the working layer, and gets back a function of the
// shell hook's shape. Structural types keep the two modules independent.

import { estimateToolchainCommand, type ToolchainContext, type ToolchainEffect } from './toolchain-knowledge.ts';

/** The part of the shell's ExternalContext the knowledge base needs. */
export interface ExternalContextLike {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Where PATH lookup found argv[0], or undefined when the image does not have it. */
  readonly foundAt: string | undefined;
}

/** The shell's ExternalResult, structurally. */
export interface ExternalResultLike {
  readonly exitCode: number;
  readonly stdout?: string;
  readonly stderr?: string;
  readonly note?: string;
  readonly estimated?: boolean;
}

/** How the hook reads the stage and writes an effect; supplied by whoever owns the filesystem. */
export interface ToolchainHookAdapter<C extends ExternalContextLike> {
  /** Read access to the stage's files as seen by this command. */
  readonly view: (context: C) => Pick<ToolchainContext, 'readFile' | 'fileExists'> & Partial<Pick<ToolchainContext, 'listDir'>>;
  /** Applies `removes` (paths or globs, recursively) and then writes `files`, marked as estimates. */
  readonly apply: (effect: ToolchainEffect, context: C) => void;
  /** Whether a command name resolves on PATH: for the tool itself and for `alsoRequires` (java for ./mvnw). */
  readonly hasCommand?: (name: string, context: C) => boolean;
  /** When true, a recognised tool the image lacks fails with 127 here instead of being left to the shell. */
  readonly failWhenMissing?: boolean;
  /** Shell name in "not found" messages; `/bin/sh` by default. */
  readonly shellName?: string;
  /** The shell's own "not found" text when it differs (dash prints `/bin/sh: 1: mvn: not found`). */
  readonly notFoundMessage?: (tool: string, context: C) => string;
}

// What each tool prints when a program it needs at run time is missing.
function missingDependencyMessage(effect: ToolchainEffect, missing: string): { exitCode: number; stderr: string } {
  if (missing === 'java') {
    return /gradle/.test(effect.rule)
      ? { exitCode: 1, stderr: "ERROR: JAVA_HOME is not set and no 'java' command could be found in your PATH.\n" }
      : { exitCode: 1, stderr: 'The JAVA_HOME environment variable is not defined correctly,\nthis environment variable is needed to run this program.\n' };
  }
  // npm, pip and friends start through `#!/usr/bin/env <interpreter>`.
  return { exitCode: 127, stderr: `/usr/bin/env: '${missing}': No such file or directory\n` };
}

/**
 * Makes a function of the shell's `ResolveExternal` shape that answers build-tool commands from
 * the knowledge base and writes their estimated files through the adapter.
 */
export function createToolchainResolver<C extends ExternalContextLike>(
  adapter: ToolchainHookAdapter<C>,
): (argv: readonly string[], context: C) => ExternalResultLike | undefined {
  return (argv, context) => {
    const view = adapter.view(context);
    const effect = estimateToolchainCommand(argv, { cwd: context.cwd, env: context.env, ...view });
    if (effect === null) return undefined;
    // PATH lookup may give catalog images the benefit of the doubt (the shell's `partial` mode
    // answers /bin/busybox for anything); the skeletons list their tools, so ask the adapter.
    const tool = effect.requiredTool;
    const present = !tool.includes('/') && adapter.hasCommand ? adapter.hasCommand(tool, context) : context.foundAt !== undefined;
    if (!present) {
      if (!adapter.failWhenMissing) return undefined;
      const stderr = adapter.notFoundMessage?.(effect.requiredTool, context) ?? `${adapter.shellName ?? '/bin/sh'}: ${effect.requiredTool}: not found\n`;
      return { exitCode: 127, stderr, estimated: false };
    }
    const missing = adapter.hasCommand ? effect.alsoRequires.find((name) => !adapter.hasCommand?.(name, context)) : undefined;
    if (missing !== undefined) {
      const { exitCode, stderr } = missingDependencyMessage(effect, missing);
      return { exitCode, stderr, note: `${effect.rule}: needs ${missing}, which this image does not have`, estimated: false };
    }
    if (effect.files.length > 0 || effect.removes.length > 0) adapter.apply(effect, context);
    return {
      exitCode: effect.exitCode,
      ...(effect.stdout !== undefined ? { stdout: effect.stdout } : {}),
      ...(effect.stderr !== undefined ? { stderr: effect.stderr } : {}),
      note: `${effect.rule} (estimate): ${effect.note}`,
      estimated: true,
    };
  };
}
