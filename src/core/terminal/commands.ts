// The `docker …` commands the playground terminal understands, parsed from words into data.
// Flags follow the docker CLI (cobra/pflag): `--flag value` and `--flag=value`, short `-t value`
// and `-tvalue`, repeated `--build-arg` and `-t`. Anything else is an error line the CLI would print.

import { splitCommandLine } from './command-line.ts';

export interface BuildCommand {
  readonly kind: 'build';
  /** `-f`, relative to the context. */
  readonly file?: string;
  readonly tags: readonly string[];
  readonly target?: string;
  readonly buildArgs: Readonly<Record<string, string>>;
  /** `--build-arg NAME` without a value: docker takes it from the client's environment, which is empty here. */
  readonly unsetBuildArgs: readonly string[];
  readonly noCache: boolean;
  readonly context: string;
}

export type TerminalCommand =
  | BuildCommand
  | { readonly kind: 'images' }
  | { readonly kind: 'history'; readonly image: string }
  | { readonly kind: 'inspect'; readonly images: readonly string[] }
  | { readonly kind: 'run'; readonly image: string; readonly args: readonly string[] }
  | { readonly kind: 'clear' }
  | { readonly kind: 'help' }
  | { readonly kind: 'empty' }
  /** Exit status as docker prints it: 1 for a usage error, 127 for an unknown program. */
  | { readonly kind: 'error'; readonly lines: readonly string[]; readonly status: number };

const BUILD_USAGE = ['"docker build" requires exactly 1 argument.', "See 'docker build --help'.", '', 'Usage:  docker build [OPTIONS] PATH | URL | -', '', 'Build an image from a Dockerfile'];

function usageError(lines: readonly string[]): TerminalCommand {
  return { kind: 'error', lines, status: 1 };
}

function parseBuild(args: readonly string[]): TerminalCommand {
  let file: string | undefined;
  let target: string | undefined;
  const tags: string[] = [];
  const buildArgs: Record<string, string> = {};
  const unset: string[] = [];
  let noCache = false;
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      positional.push(a);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      name = eq < 0 ? a : a.slice(0, eq);
      inline = eq < 0 ? undefined : a.slice(eq + 1);
    } else {
      name = a.slice(0, 2);
      inline = a.length > 2 ? a.slice(2) : undefined;
    }
    const takeValue = (): string | null => {
      if (inline !== undefined) return inline;
      const next = args[i + 1];
      if (next === undefined) return null;
      i += 1;
      return next;
    };
    switch (name) {
      case '-f':
      case '--file': {
        const v = takeValue();
        if (v === null) return usageError([`flag needs an argument: '${name.replace(/^-+/, '')}' in ${name}`, "See 'docker build --help'."]);
        file = v;
        break;
      }
      case '-t':
      case '--tag': {
        const v = takeValue();
        if (v === null) return usageError([`flag needs an argument: '${name.replace(/^-+/, '')}' in ${name}`, "See 'docker build --help'."]);
        tags.push(v);
        break;
      }
      case '--target': {
        const v = takeValue();
        if (v === null) return usageError(['flag needs an argument: --target', "See 'docker build --help'."]);
        target = v;
        break;
      }
      case '--build-arg': {
        const v = takeValue();
        if (v === null) return usageError(['flag needs an argument: --build-arg', "See 'docker build --help'."]);
        const eq = v.indexOf('=');
        if (eq < 0) unset.push(v);
        else buildArgs[v.slice(0, eq)] = v.slice(eq + 1);
        break;
      }
      case '--no-cache':
        if (inline !== undefined && inline !== 'true' && inline !== 'false') return usageError([`invalid argument "${inline}" for "--no-cache" flag: strconv.ParseBool: parsing "${inline}": invalid syntax`]);
        noCache = inline !== 'false';
        break;
      default:
        return usageError([`unknown flag: ${name}`, "See 'docker build --help'."]);
    }
  }
  if (positional.length !== 1) return usageError(BUILD_USAGE);
  return {
    kind: 'build',
    ...(file !== undefined ? { file } : {}),
    tags,
    ...(target !== undefined ? { target } : {}),
    buildArgs,
    unsetBuildArgs: unset,
    noCache,
    context: positional[0] ?? '.',
  };
}

function requireArgs(command: string, args: readonly string[], min: number, usage: string): string | null {
  if (args.length >= min) return null;
  return `"docker ${command}" requires at least ${min} argument${min === 1 ? '' : 's'}.\nSee 'docker ${command} --help'.\n\nUsage:  ${usage}`;
}

function parseDocker(args: readonly string[]): TerminalCommand {
  const [sub, ...rest] = args;
  switch (sub) {
    case undefined:
    case '--help':
    case 'help':
      return { kind: 'help' };
    case 'build':
      return parseBuild(rest);
    case 'images':
      return { kind: 'images' };
    case 'image': {
      const [op, ...more] = rest;
      if (op === 'ls' || op === 'list') return { kind: 'images' };
      if (op === 'history') return parseDocker(['history', ...more]);
      if (op === 'build') return parseBuild(more);
      if (op === 'inspect') {
        const err = requireArgs('image inspect', more, 1, 'docker image inspect [OPTIONS] IMAGE [IMAGE...]');
        return err ? usageError(err.split('\n')) : { kind: 'inspect', images: more };
      }
      return usageError([`docker: '${['image', op ?? ''].join(' ').trim()}' is not a docker command.`, "See 'docker image --help'"]);
    }
    case 'inspect': {
      const err = requireArgs('inspect', rest, 1, 'docker inspect [OPTIONS] NAME|ID [NAME|ID...]');
      return err ? usageError(err.split('\n')) : { kind: 'inspect', images: rest };
    }
    case 'history': {
      if (rest.length !== 1) return usageError(['"docker history" requires exactly 1 argument.', "See 'docker history --help'.", '', 'Usage:  docker history [OPTIONS] IMAGE', '', 'Show the history of an image']);
      return { kind: 'history', image: rest[0] ?? '' };
    }
    case 'run':
    case 'container': {
      const runArgs = sub === 'container' && rest[0] === 'run' ? rest.slice(1) : rest;
      if (sub === 'container' && rest[0] !== 'run') return usageError([`docker: 'container ${rest[0] ?? ''}' is not supported in the playground.`]);
      // Options before the image (`--rm`, `-it`) are accepted and ignored: nothing really runs.
      let i = 0;
      while (i < runArgs.length && (runArgs[i] ?? '').startsWith('-')) i += 1;
      const image = runArgs[i];
      if (image === undefined) return usageError(['"docker run" requires at least 1 argument.', "See 'docker run --help'.", '', 'Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]', '', 'Run a command in a new container']);
      return { kind: 'run', image, args: runArgs.slice(i + 1) };
    }
    default:
      return usageError([`docker: '${sub}' is not a docker command.`, "See 'docker --help'"]);
  }
}

/** Parses one terminal line into a command (or an error to print). Never throws. */
export function parseTerminalCommand(line: string): TerminalCommand {
  const split = splitCommandLine(line);
  if (!split.ok) return { kind: 'error', lines: [`sh: syntax error: ${split.error}`], status: 2 };
  const [program, ...args] = split.words;
  if (program === undefined) return { kind: 'empty' };
  if (program === 'clear') return { kind: 'clear' };
  if (program === 'help') return { kind: 'help' };
  if (program === 'docker') return parseDocker(args);
  return { kind: 'error', lines: [`sh: ${program}: not found (this terminal runs docker commands; type help)`], status: 127 };
}

/** The `help` text: what the playground terminal accepts. */
export const HELP_LINES: readonly string[] = [
  'Commands this terminal understands (nothing leaves your browser):',
  '  docker build [-f FILE] [-t NAME[:TAG]] [--target STAGE] [--build-arg K=V] [--no-cache] .',
  '  docker images                    list the images built in this session',
  '  docker history IMAGE             the layers of an image, newest first',
  '  docker image inspect IMAGE       the image config as JSON',
  '  docker run IMAGE [COMMAND...]    what the container would run; ls and cat read its files',
  '  clear                            clear the screen',
  '  help                             this text',
  'Up/Down walk the command history; Tab completes commands, flags, stages, files and images.',
];
