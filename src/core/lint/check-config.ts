// The `# check=` directive: which build checks run and whether warnings fail the build.
// Mirrors moby/buildkit frontend/dockerfile/linter/linter.go (ParseLintOptions, Linter.Run,
// WithMergedConfigFromComments) and dockerfile2llb newRuleLinter. Parsing the options and the
// directive line is the parser's (../dockerfile/directives.ts); this adds what the linter needs.

import { directiveWord, matchDirective, parseCheckOptions as parseCheckDirective } from '../dockerfile/directives.ts';

export interface CheckConfig {
  readonly skipAll: boolean;
  readonly skip: ReadonlySet<string>;
  readonly experimentalAll: boolean;
  readonly experimental: ReadonlySet<string>;
  /** `error=true`: BuildKit fails the build with `lint violation found for rules: …`. */
  readonly error: boolean;
}

export const DEFAULT_CHECK_CONFIG: CheckConfig = {
  skipAll: false,
  skip: new Set(),
  experimentalAll: false,
  experimental: new Set(),
  error: false,
};

/**
 * Parses `skip=A,B;error=true;experimental=all` with the parser's ParseLintOptions port;
 * `undefined` when BuildKit would reject it (`invalid check option …`: the build itself fails).
 */
export function parseCheckOptions(text: string): CheckConfig | undefined {
  const parsed = parseCheckDirective(text);
  if ('error' in parsed) return undefined;
  const { skip, experimental, error } = parsed.options;
  return {
    skipAll: skip === 'all',
    skip: new Set(skip === 'all' ? [] : skip),
    experimentalAll: experimental === 'all',
    experimental: new Set(experimental === 'all' ? [] : experimental),
    error,
  };
}

const CHECK_WORD = /check/i;

/**
 * The configuration a `# check=` comment directly above an instruction adds for that instruction
 * only. The first `check` comment counts; one that does not parse adds nothing.
 */
export function checkConfigFromComments(comments: readonly string[]): CheckConfig | undefined {
  for (const comment of comments) {
    // A directive's name is matched case-insensitively; a comment without it cannot be one.
    if (!CHECK_WORD.test(comment)) continue;
    const text = comment.startsWith('#') ? comment : `#${comment}`;
    const m = matchDirective(text.trimStart());
    if (m?.name !== 'check') continue;
    return parseCheckOptions(directiveWord(m.value));
  }
  return undefined;
}

/**
 * Whether a rule reports under the file's configuration plus an instruction's own: a skip in
 * either silences a normal rule; an experimental rule needs enabling in either (Linter.Run).
 */
export function isRuleEnabled(
  rule: string,
  experimentalRule: boolean,
  file: CheckConfig,
  local: CheckConfig | undefined,
): boolean {
  if (experimentalRule) {
    return (
      file.experimentalAll ||
      file.experimental.has(rule) ||
      (local !== undefined && (local.experimentalAll || local.experimental.has(rule)))
    );
  }
  if (file.skipAll || file.skip.has(rule)) return false;
  if (local !== undefined && (local.skipAll || local.skip.has(rule))) return false;
  return true;
}
