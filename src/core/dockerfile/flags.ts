// Flag validation per instruction, as BuildKit's `BFlags.Parse` does it
// (frontend/dockerfile/instructions/bflag.go): names are case-sensitive, string flags need `=`,
// bool flags take nothing or `=true`/`=false` (any case), only "strings" flags may repeat.
// Where BuildKit stops at the first bad flag, every bad flag is reported here.

import type { DiagnosticCode, SourceRange } from '../diagnostics.ts';
import type { Flag } from './ast.ts';
import { suggest, withSuggestion } from './suggest.ts';

export type FlagType = 'bool' | 'string' | 'strings';

/** The flags each instruction accepts (instructions/commands.go, `BFlags` per command). */
export const NO_FLAGS: Readonly<Record<string, FlagType>> = {};
const FLAG_SPECS: Readonly<Record<string, Readonly<Record<string, FlagType>>>> = {
  from: { platform: 'string' },
  run: { mount: 'strings', network: 'string', security: 'string', device: 'strings' },
  copy: { chown: 'string', from: 'string', chmod: 'string', link: 'bool', parents: 'bool', exclude: 'strings' },
  add: { chown: 'string', chmod: 'string', link: 'bool', 'keep-git-dir': 'bool', checksum: 'string', unpack: 'bool', exclude: 'strings' },
  healthcheck: { interval: 'string', timeout: 'string', 'start-period': 'string', 'start-interval': 'string', retries: 'string' },
};

/**
 * The flags instruction `kind` accepts (none for the others). The one table the instruction layer
 * validates with and the nodes make good flags again with, so the two cannot drift apart.
 */
export function flagSpecOf(kind: string): Readonly<Record<string, FlagType>> {
  return FLAG_SPECS[kind] ?? NO_FLAGS;
}

/** Where parseFlags finds word `i`'s range (the parse's growing table, or the file's tables after it). */
export interface WordRanges {
  readonly count: number;
  range(index: number): SourceRange;
}

export interface FlagProblem {
  readonly code: DiagnosticCode;
  /** For the learner. */
  readonly message: string;
  /** BuildKit's error text (before `dockerfile parse error on line N: `). */
  readonly engine: string;
  readonly range: SourceRange;
}

export interface FlagValue {
  readonly value: string;
  readonly range: SourceRange;
}

interface Entry {
  readonly name: string;
  readonly value: string | boolean;
  readonly range: SourceRange;
}

// Lookups by name in validated flags (a few flags: linear scans). The instruction layer reads
// them through ParsedFlags, the AST's nodes and healthcheck-options.ts straight from a node's flags.

/** The string flag `name`, when given (the entry itself: its value is a string here, no copy). */
export function stringFlag(flags: readonly Flag[], name: string): FlagValue | undefined {
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i] as Entry;
    if (flag.name === name && typeof flag.value === 'string') return flag as FlagValue;
  }
  return undefined;
}

/** Every value of the repeatable flag `name`, in order. */
export function stringFlags(flags: readonly Flag[], name: string): readonly FlagValue[] {
  let out: FlagValue[] | undefined;
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i] as Entry;
    if (flag.name === name && typeof flag.value === 'string') (out ??= []).push(flag as FlagValue);
  }
  return out ?? NO_VALUES;
}

/** The bool flag `name`'s value, or undefined when it was not given. */
export function boolFlag(flags: readonly Flag[], name: string): boolean | undefined {
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i] as Entry;
    if (flag.name === name && typeof flag.value === 'boolean') return flag.value;
  }
  return undefined;
}

/** The validated flags of one instruction, with lookups by name. */
export class ParsedFlags {
  constructor(
    readonly flags: readonly Flag[],
    readonly problems: readonly FlagProblem[],
  ) {}

  /** The value of a string flag, when given. */
  string(name: string): FlagValue | undefined {
    return stringFlag(this.flags, name);
  }

  /** Every value of a repeatable flag, in order. */
  strings(name: string): readonly FlagValue[] {
    return stringFlags(this.flags, name);
  }

  /** A bool flag's value, or undefined when it was not given. */
  bool(name: string): boolean | undefined {
    return boolFlag(this.flags, name);
  }
}

/** What parseFlags gives for no flag words (one shared result). */
export const NO_PARSED_FLAGS = new ParsedFlags([], []);
const NO_VALUES: readonly FlagValue[] = [];
const NO_PROBLEMS: readonly FlagProblem[] = [];

function flagList(names: readonly string[]): string {
  const flags = names.map((name) => `--${name}`);
  if (flags.length <= 1) return flags.join('');
  return `${flags.slice(0, -1).join(', ')} and ${flags[flags.length - 1] ?? ''}`;
}

/** The names a spec accepts, listed once per spec object (specs are module constants). */
const specNames = new WeakMap<object, readonly string[]>();

function namesOf(spec: Readonly<Record<string, FlagType>>): readonly string[] {
  let names = specNames.get(spec);
  if (names === undefined) {
    names = Object.keys(spec);
    specNames.set(spec, names);
  }
  return names;
}

/** Which accepted name `word` spells between its `--` and `nameEnd` (its index in `names`), or -1. */
function knownName(names: readonly string[], word: string, nameEnd: number): number {
  for (let k = 0; k < names.length; k++) {
    const name = names[k] as string;
    if (name.length === nameEnd - 2 && word.startsWith(name, 2)) return k;
  }
  return -1;
}

/**
 * Validates the flag words of one instruction against what that instruction accepts. Word `i`'s
 * range is pair `first + i` of `ranges`; `keyword` is the instruction as written.
 */
export function parseFlags(
  words: readonly string[],
  ranges: WordRanges | undefined,
  first: number,
  spec: Readonly<Record<string, FlagType>>,
  keyword: string,
  fallback: SourceRange,
): ParsedFlags {
  if (words.length === 0) return NO_PARSED_FLAGS;
  const names = namesOf(spec);
  // Exact size when every word is a good flag (the AST keeps this array); trimmed otherwise.
  let flags: Flag[] = new Array<Flag>(words.length);
  let kept = 0;
  let problems: FlagProblem[] | undefined;
  // Bit k: names[k] was given (specs accept a handful of flags).
  let used = 0;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    const range = ranges !== undefined && first + i < ranges.count ? ranges.range(first + i) : fallback;
    if (word === '--') break;
    if (!word.startsWith('--')) {
      (problems ??= []).push({
        code: 'UNKNOWN_FLAG',
        message: `"${word}" is not an option. Options start with "--".`,
        engine: `arg should start with -- : ${word}`,
        range,
      });
      continue;
    }
    const eq = word.indexOf('=');
    const nameEnd = eq < 0 ? word.length : eq;
    const known = knownName(names, word, nameEnd);
    if (known < 0) {
      const instruction = keyword.toUpperCase();
      const flagName = word.slice(0, nameEnd);
      const match = suggest(flagName.slice(2), names, true);
      const hint =
        match !== undefined
          ? ` Did you mean --${match}?`
          : names.length === 0
            ? ` ${instruction} takes no options: remove it.`
            : ` ${instruction} accepts ${flagList(names)}.`;
      (problems ??= []).push({
        code: 'UNKNOWN_FLAG',
        message: `${instruction} has no ${flagName} option.${hint}`,
        engine: withSuggestion(`unknown flag: ${flagName}`, match),
        range,
      });
      continue;
    }
    const name = names[known] as string;
    const type = spec[name];
    if ((used & (1 << known)) !== 0 && type !== 'strings') {
      const flagName = word.slice(0, nameEnd);
      (problems ??= []).push({
        code: 'DUPLICATE_FLAG',
        message: `${flagName} is given more than once. Keep only one.`,
        engine: `duplicate flag specified: ${flagName}`,
        range,
      });
      continue;
    }
    used |= 1 << known;
    const value = eq < 0 ? '' : word.slice(eq + 1);
    if (type === 'bool') {
      if (eq >= 0 && value === '') {
        const flagName = word.slice(0, nameEnd);
        (problems ??= []).push({
          code: 'FLAG_MISSING_VALUE',
          message: `${flagName}= needs a value: write ${flagName}, ${flagName}=true or ${flagName}=false.`,
          engine: `missing a value on flag: ${flagName}`,
          range,
        });
        continue;
      }
      const lower = value.toLowerCase();
      if (lower !== '' && lower !== 'true' && lower !== 'false') {
        const flagName = word.slice(0, nameEnd);
        (problems ??= []).push({
          code: 'FLAG_INVALID_VALUE',
          message: `${flagName} is either on or off: write ${flagName}, ${flagName}=true or ${flagName}=false, not "${value}".`,
          engine: `expecting boolean value for flag ${flagName}, not: ${value}`,
          range,
        });
        continue;
      }
      flags[kept++] = { name, value: lower !== 'false', range };
      continue;
    }
    if (eq < 0) {
      const flagName = word.slice(0, nameEnd);
      (problems ??= []).push({
        code: 'FLAG_MISSING_VALUE',
        message: `${flagName} needs a value joined with "=", for example ${flagName}=<value> (a space does not work).`,
        engine: `missing a value on flag: ${flagName}`,
        range,
      });
      continue;
    }
    flags[kept++] = { name, value, range };
  }
  if (kept < flags.length) flags = kept === 0 ? [] : flags.slice(0, kept);
  return new ParsedFlags(flags, problems ?? NO_PROBLEMS);
}
