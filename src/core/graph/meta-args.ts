// Meta ARGs (the ARGs before the first FROM) and the words that see them: FROM images and
// `--platform` values. The one implementation of the global scope, shared by the stage graph (what
// an Engine 20.10 build resolves) and the linter (what the newest BuildKit's checks see); the two
// differ only in the automatic args they start from and in what a word the lexer rejects becomes.
//
// Newest BuildKit (frontend/dockerfile/dockerfile2llb/convert.go toDispatchState):
//   globalArgs := defaultArgs(platformOpt, opt.BuildArgs, targetName)   // platform.go; build args override
//   validateBaseImagesWithDefaultArgs(...)  // buildMetaArgs(globalArgs, shlex, argCmds, nil): defaults only
//   globalArgs, _, err = buildMetaArgs(globalArgs, shlex, argCmds, opt.BuildArgs)
//   then each stage: shlex.ProcessWordWithMatches(st.BaseName, globalArgs), same for st.Platform.
// buildMetaArgs: a build arg wins; else a default is expanded with the scope so far
// (ProcessWordWithMatches; an error fails the build); an ARG with neither keeps the scope's value.
// Engine 20.10 (BuildKit v0.8 Dockerfile2LLB): getPlatformArgs (8 args, no *OSVERSION or
// TARGETSTAGE), each default `shlex.ProcessWordWithMap` with its error ignored, then FROM words
// with ProcessWordWithMap. The legacy builder has no automatic args.

import type { Dockerfile } from '../dockerfile/ast.ts';
import { type WordExpansion, expandWord } from '../dockerfile/word-expansion.ts';

/** The platform BuildKit reports for its automatic args (dockerfile2llb/platform.go). */
export const BUILDKIT_PLATFORM_ARGS: Readonly<Record<string, string>> = {
  BUILDPLATFORM: 'linux/amd64',
  BUILDOS: 'linux',
  BUILDARCH: 'amd64',
  BUILDVARIANT: '',
  TARGETPLATFORM: 'linux/amd64',
  TARGETOS: 'linux',
  TARGETARCH: 'amd64',
  TARGETVARIANT: '',
};

/**
 * Which automatic args start the global scope: none (legacy builder), Engine 20.10's BuildKit
 * (the 8 platform args, fixed), or the newest BuildKit's `defaultArgs` (11 args with
 * BUILDOSVERSION, TARGETOSVERSION and TARGETSTAGE, each replaced by a build arg of its name).
 */
export type AutomaticArgs = 'none' | 'engine-20.10' | 'newest';

export interface MetaArgOptions {
  readonly automatic: AutomaticArgs;
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** `newest`: TARGETSTAGE's value, the `--target` or the last stage's name ('' gives `default`). */
  readonly targetStage?: string;
  /**
   * Meta ARGs take their defaults even when a build arg names them (BuildKit
   * validateBaseImagesWithDefaultArgs); build args still replace `newest` automatic args.
   */
  readonly defaultsOnly?: boolean;
  /**
   * What a default the lexer rejects (`ARG X=${Y`) becomes: `lexer` keeps the lexer's value (empty),
   * `as-written` keeps the text (the graph's choice: the parser and lint report the error).
   */
  readonly rejectedWord: 'lexer' | 'as-written';
}

export interface MetaArgScope {
  /** The global scope FROM lines see: automatic args first, then meta ARGs with a value, in order. */
  readonly values: Map<string, string>;
  /** Every meta ARG name, with or without a value. */
  readonly declared: Set<string>;
  /** Whether every default that was expanded expanded without a lexer error (buildMetaArgs returned no error). */
  readonly expandedCleanly: boolean;
  /** Whether a build arg names a declared meta ARG (so the scope is not the defaults' alone). */
  readonly setByBuildArg: boolean;
}

const PLATFORM_ARG_ENTRIES = Object.entries(BUILDKIT_PLATFORM_ARGS);
const NO_BUILD_ARGS: Readonly<Record<string, string>> = {};

/** The newest BuildKit's automatic args (platform.go defaultArgs) for linux/amd64, build args replacing them. */
function newestAutomaticArgs(targetStage: string, overrides: Readonly<Record<string, string>>): Map<string, string> {
  const defaults: [string, string][] = [
    ['BUILDPLATFORM', 'linux/amd64'],
    ['BUILDOS', 'linux'],
    ['BUILDOSVERSION', ''],
    ['BUILDARCH', 'amd64'],
    ['BUILDVARIANT', ''],
    ['TARGETPLATFORM', 'linux/amd64'],
    ['TARGETOS', 'linux'],
    ['TARGETOSVERSION', ''],
    ['TARGETARCH', 'amd64'],
    ['TARGETVARIANT', ''],
    ['TARGETSTAGE', targetStage === '' ? 'default' : targetStage],
  ];
  const env = new Map<string, string>();
  for (const [k, v] of defaults) env.set(k, Object.hasOwn(overrides, k) ? (overrides[k] ?? v) : v);
  return env;
}

/** Computes the global ARG scope FROM lines see: automatic args, then meta ARGs (build args win over defaults). */
export function resolveMetaArgs(df: Dockerfile, options: MetaArgOptions): MetaArgScope {
  const buildArgs = options.buildArgs ?? NO_BUILD_ARGS;
  const values = options.automatic === 'newest'
    ? newestAutomaticArgs(options.targetStage ?? '', buildArgs)
    : options.automatic === 'engine-20.10' ? new Map<string, string>(PLATFORM_ARG_ENTRIES) : new Map<string, string>();
  const metaBuildArgs = options.defaultsOnly === true ? NO_BUILD_ARGS : buildArgs;
  const keepRejected = options.rejectedWord === 'as-written';
  const declared = new Set<string>();
  let expandedCleanly = true;
  let setByBuildArg = false;
  for (const arg of df.metaArgs) {
    for (const decl of arg.args) {
      declared.add(decl.name);
      if (Object.hasOwn(buildArgs, decl.name)) setByBuildArg = true;
      const given = Object.hasOwn(metaBuildArgs, decl.name) ? metaBuildArgs[decl.name] : undefined;
      if (given !== undefined) values.set(decl.name, given);
      else if (decl.value !== undefined) {
        const r = expandInMetaScope(decl.value, values, df.escapeToken, keepRejected);
        if (r.error !== undefined) expandedCleanly = false;
        values.set(decl.name, r.error !== undefined && keepRejected ? decl.value : r.value);
      }
    }
  }
  return { values, declared, expandedCleanly, setByBuildArg };
}

const NO_NAMES: ReadonlySet<string> = new Set();
const LEXER_OPTIONS = { backslash: { escapeToken: '\\' }, backtick: { escapeToken: '`' } } as const;

/**
 * Expands a FROM image or `--platform` word (or a meta ARG default) with the global scope, as
 * BuildKit's `shlex.ProcessWordWithMatches(st.BaseName, globalArgs)` does: the value plus the names
 * found and not found. `plainUnlessSpecial`: a word with no `$`, quote or escape token comes back
 * as written without lexing (the graph's rule; the lexer would also drop a leading U+FEFF).
 */
export function expandInMetaScope(word: string, scope: ReadonlyMap<string, string>, escapeToken: '\\' | '`', plainUnlessSpecial = false): WordExpansion {
  if (plainUnlessSpecial && !word.includes('$') && !word.includes('"') && !word.includes("'") && !word.includes(escapeToken)) {
    return { value: word, matched: NO_NAMES, unmatched: NO_NAMES };
  }
  return expandWord(word, scope, escapeToken === '`' ? LEXER_OPTIONS.backtick : LEXER_OPTIONS.backslash);
}

/**
 * The stage graph's base name: the FROM image expanded with the global scope, trimmed; a word the
 * lexer rejects (e.g. `${X`) is kept as written, and the graph then treats the text as a literal
 * reference (the parser and lint report the error).
 */
export function expandBaseName(word: string, scope: ReadonlyMap<string, string>, escapeToken: '\\' | '`'): string {
  const r = expandInMetaScope(word, scope, escapeToken, true);
  return (r.error !== undefined ? word : r.value).trim();
}
