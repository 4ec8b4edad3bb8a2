// Meta ARGs (the ARGs before the first FROM) and the words that see them: FROM images and
// `--platform` values. The one implementation of the global scope, shared by the stage graph (what
// an Engine 20.10 build resolves, per builder) and the linter (what the newest BuildKit's checks
// see). The three differ in the automatic args they start from, in what `ARG X` without a value
// does, in what a default the lexer rejects becomes, and in the lexer itself.
//
// Newest BuildKit (frontend/dockerfile/dockerfile2llb/convert.go toDispatchState):
//   globalArgs := defaultArgs(platformOpt, opt.BuildArgs, targetName)   // platform.go; build args override
//   validateBaseImagesWithDefaultArgs(...)  // buildMetaArgs(globalArgs, shlex, argCmds, nil): defaults only
//   globalArgs, _, err = buildMetaArgs(globalArgs, shlex, argCmds, opt.BuildArgs)
//   then each stage: shlex.ProcessWordWithMatches(st.BaseName, globalArgs), same for st.Platform.
// buildMetaArgs: a build arg wins; else a default is expanded with the scope so far
// (ProcessWordWithMatches; an error fails the build); an ARG with neither keeps the scope's value.
//
// Engine 20.10's BuildKit (v0.8 Dockerfile2LLB): optMetaArgs = getPlatformArgs (8 args, no
// *OSVERSION or TARGETSTAGE), each replaced by a build arg of its name (setKVValue); then per meta
// ARG its default `ProcessWordWithMap`ped with metaArgsToMap(optMetaArgs), the error ignored (the
// value is then empty), and the ARG appended with a build arg replacing its value. metaArgsToMap
// lets the last entry of a name win and maps an entry without a value to "", so `ARG X` without a
// value empties X for FROM lines even when an automatic arg or an earlier `ARG X=1` set it; a stage's
// `ARG X` inherits the last entry's value (none). Every stage's FROM word is expanded, target or not.
//
// Engine 20.10's legacy builder (moby builder/dockerfile processMetaArg, BuildArgs): no automatic
// args; each meta ARG instruction's defaults are expanded with the scope before it (an error fails
// the build before any stage), then added; `ARG X` without a value makes X unset (AddMetaArg nil);
// a build arg replaces a declared name's value. FROM words are expanded when their stage is reached.
//
// Engine 20.10.24 probed (DOCKER_BUILDKIT=0|1 docker build, stages that write different files):
// - `FROM ${TARGETARCH:-empty}` with `--build-arg TARGETARCH=override` (no ARG line): BuildKit
//   builds FROM stage `override`; legacy FROM stage `empty` ("build-args [TARGETARCH] were not consumed").
// - `ARG TARGETARCH` before FROM, no build arg: both builders FROM stage `empty`; with
//   `--build-arg TARGETARCH=override` both FROM `override`.
// - `ARG TAG=1`, `ARG TAG`, `FROM local/busybox:$TAG`: both fail, BuildKit `failed to parse stage
//   name "local/busybox:": invalid reference format`, legacy `invalid reference format`.
// - `ARG V=${X` (or `${X:?msg}`), `FROM local/busybox:1${V}`: BuildKit builds local/busybox:1;
//   legacy fails at step 1 `failed to process "${X": missing ':' in substitution` (`…: X: msg`).
// - `ARG X` + `FROM local/busybox:1${X?m}`: BuildKit builds (X is empty, not unset), legacy fails
//   `X: m`; a stage's `ARG X` after it sees X unset in both (`${X-unset}`), also for TARGETARCH.
// - `ARG A=1 B=${A}` + `FROM local/busybox:$B`: BuildKit builds, legacy `invalid reference format`.
// - `FROM \uFEFFlocal/busybox:1` and `ARG V=\uFEFF1` + `FROM local/busybox:$V` build in both (the
//   lexer drops a leading byte-order mark); `FROM local/busybox:1\uFEFF` and `ARG B=" local/busybox:1"`
//   + `FROM $B` fail in both with `invalid reference format` (nothing trims the name).

import type { ArgInstruction, Dockerfile } from '../dockerfile/ast.ts';
import { type WordExpansion, expandWord } from '../dockerfile/word-expansion.ts';
import { expandEngineWord } from './engine-lexer.ts';

/** The platform BuildKit reports for its automatic args (dockerfile2llb/platform.go). */
const BUILDKIT_PLATFORM_ARGS: Readonly<Record<string, string>> = {
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
 * Whose rules build the global scope (the name is historical: the automatic args are where the
 * models first differed): Engine 20.10's legacy builder (no automatic args), Engine 20.10's
 * BuildKit (the 8 platform args), or the newest BuildKit's `defaultArgs` (11 args with
 * BUILDOSVERSION, TARGETOSVERSION and TARGETSTAGE). In all BuildKit models a build arg of an
 * automatic arg's name replaces it.
 */
export type AutomaticArgs = 'legacy-20.10' | 'buildkit-20.10' | 'newest';

export interface MetaArgOptions {
  readonly automatic: AutomaticArgs;
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** `newest`: TARGETSTAGE's value, the `--target` or the last stage's name ('' gives `default`). */
  readonly targetStage?: string;
  /**
   * `newest`: meta ARGs take their defaults even when a build arg names them (BuildKit
   * validateBaseImagesWithDefaultArgs); build args still replace automatic args.
   */
  readonly defaultsOnly?: boolean;
}

export interface MetaArgScope {
  /**
   * What each name is set to, automatic args first, then meta ARGs in order. For `newest` this is
   * also what FROM lines see; for the 20.10 models it is what a stage's `ARG <name>` inherits (a
   * name without a value is absent).
   */
  readonly values: Map<string, string>;
  /** What FROM words see: `values`, plus (Engine 20.10 BuildKit) "" for an `ARG X` without a value. */
  readonly fromScope: ReadonlyMap<string, string>;
  /** Every meta ARG name, with or without a value. */
  readonly declared: Set<string>;
  /** Whether every default that was expanded expanded without a lexer error (buildMetaArgs returned no error). */
  readonly expandedCleanly: boolean;
  /** Whether a build arg names a declared meta ARG (so the scope is not the defaults' alone). */
  readonly setByBuildArg: boolean;
  /**
   * Engine 20.10's legacy builder: the meta ARG whose default the lexer rejects, with the engine's
   * text (`failed to process "${X": missing ':' in substitution`); the build fails there, before any stage.
   */
  readonly failure?: { readonly message: string; readonly arg: ArgInstruction };
}

/** Proxy build args usable without an ARG line (moby builder/dockerfile/buildargs.go). */
export const PROXY_ARGS: ReadonlySet<string> = new Set([
  'HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy',
  'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy',
]);

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
  return withOverrides(defaults, overrides);
}

function withOverrides(entries: readonly (readonly [string, string])[], overrides: Readonly<Record<string, string>>): Map<string, string> {
  const env = new Map<string, string>();
  for (const [k, v] of entries) env.set(k, Object.hasOwn(overrides, k) ? (overrides[k] ?? v) : v);
  return env;
}

function buildArgOf(buildArgs: Readonly<Record<string, string>>, name: string): string | undefined {
  return Object.hasOwn(buildArgs, name) ? buildArgs[name] : undefined;
}

/** Computes the global ARG scope under one builder's rules: automatic args, then meta ARGs (build args win over defaults). */
export function resolveMetaArgs(df: Dockerfile, options: MetaArgOptions): MetaArgScope {
  if (options.automatic === 'newest') return resolveNewest(df, options);
  if (options.automatic === 'buildkit-20.10') return resolveBuildkit2010(df, options.buildArgs ?? NO_BUILD_ARGS);
  return resolveLegacy2010(df, options.buildArgs ?? NO_BUILD_ARGS);
}

function resolveNewest(df: Dockerfile, options: MetaArgOptions): MetaArgScope {
  const buildArgs = options.buildArgs ?? NO_BUILD_ARGS;
  const values = newestAutomaticArgs(options.targetStage ?? '', buildArgs);
  const metaBuildArgs = options.defaultsOnly === true ? NO_BUILD_ARGS : buildArgs;
  const declared = new Set<string>();
  let expandedCleanly = true;
  let setByBuildArg = false;
  for (const arg of df.metaArgs) {
    for (const decl of arg.args) {
      declared.add(decl.name);
      if (Object.hasOwn(buildArgs, decl.name)) setByBuildArg = true;
      const given = buildArgOf(metaBuildArgs, decl.name);
      if (given !== undefined) values.set(decl.name, given);
      else if (decl.value !== undefined) {
        // A default the lexer rejects (`ARG X=${Y`) keeps the lexer's value; `expandedCleanly` says so.
        const r = expandInMetaScope(decl.value, values, df.escapeToken);
        if (r.error !== undefined) expandedCleanly = false;
        values.set(decl.name, r.value);
      }
    }
  }
  return { values, fromScope: values, declared, expandedCleanly, setByBuildArg };
}

function resolveBuildkit2010(df: Dockerfile, buildArgs: Readonly<Record<string, string>>): MetaArgScope {
  const fromScope = withOverrides(PLATFORM_ARG_ENTRIES, buildArgs);
  // Names whose last ARG has no value: "" in fromScope, absent from values (built only if any).
  let valueless: Set<string> | undefined;
  const declared = new Set<string>();
  let expandedCleanly = true;
  let setByBuildArg = false;
  for (const arg of df.metaArgs) {
    for (const decl of arg.args) {
      declared.add(decl.name);
      let value: string | undefined;
      if (decl.value !== undefined) {
        // Expanded even when a build arg replaces it; the error is ignored and the value left empty.
        const r = expandEngineWord(decl.value, fromScope, df.escapeToken);
        if (r.error !== undefined) expandedCleanly = false;
        value = r.value;
      }
      const given = buildArgOf(buildArgs, decl.name);
      if (given !== undefined) {
        setByBuildArg = true;
        value = given;
      }
      if (value === undefined) (valueless ??= new Set()).add(decl.name);
      else valueless?.delete(decl.name);
      fromScope.set(decl.name, value ?? '');
    }
  }
  let values = fromScope;
  if (valueless !== undefined && valueless.size > 0) {
    values = new Map(fromScope);
    for (const name of valueless) values.delete(name);
  }
  return { values, fromScope, declared, expandedCleanly, setByBuildArg };
}

function resolveLegacy2010(df: Dockerfile, buildArgs: Readonly<Record<string, string>>): MetaArgScope {
  // Proxy build args are allowed without an ARG line, FROM lines included (BuildArgs.GetAllMeta
  // reads builtinAllowedBuildArgs; probed: `FROM local/busybox:1${HTTP_PROXY}` with
  // `--build-arg HTTP_PROXY=x` pulls local/busybox:1x on legacy, builds local/busybox:1 on BuildKit).
  const values = new Map<string, string>();
  for (const name in buildArgs) {
    const given = buildArgOf(buildArgs, name);
    if (given !== undefined && PROXY_ARGS.has(name)) values.set(name, given);
  }
  const declared = new Set<string>();
  let setByBuildArg = false;
  for (const arg of df.metaArgs) {
    // One instruction's defaults all see the scope before it (ArgCommand.Expand, then AddArg).
    const expanded: (string | undefined)[] = [];
    for (const decl of arg.args) {
      if (decl.value === undefined) {
        expanded.push(undefined);
        continue;
      }
      const r = expandEngineWord(decl.value, values, df.escapeToken);
      if (r.error !== undefined) {
        for (const d of arg.args) declared.add(d.name);
        return { values, fromScope: values, declared, expandedCleanly: false, setByBuildArg, failure: { message: r.error, arg } };
      }
      expanded.push(r.value);
    }
    for (const [i, decl] of arg.args.entries()) {
      declared.add(decl.name);
      const given = buildArgOf(buildArgs, decl.name);
      if (given !== undefined) setByBuildArg = true;
      const value = given ?? expanded[i];
      if (value === undefined) values.delete(decl.name);
      else values.set(decl.name, value);
    }
  }
  return { values, fromScope: values, declared, expandedCleanly: true, setByBuildArg };
}

const LEXER_OPTIONS = { backslash: { escapeToken: '\\' }, backtick: { escapeToken: '`' } } as const;

/**
 * Expands a FROM image or `--platform` word (or a meta ARG default) with the global scope as the
 * newest BuildKit does (`shlex.ProcessWordWithMatches(st.BaseName, globalArgs)`): the value plus
 * the names found and not found.
 */
export function expandInMetaScope(word: string, scope: ReadonlyMap<string, string>, escapeToken: '\\' | '`'): WordExpansion {
  return expandWord(word, scope, escapeToken === '`' ? LEXER_OPTIONS.backtick : LEXER_OPTIONS.backslash);
}
