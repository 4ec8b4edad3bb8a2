// The `# check=` directive: which build checks run and whether warnings fail the build.
// Mirrors moby/buildkit frontend/dockerfile/linter/linter.go (ParseLintOptions, Linter.Run,
// WithMergedConfigFromComments) and dockerfile2llb newRuleLinter.

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

// Go's strconv.ParseBool.
function parseGoBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

function splitList(v: string): Set<string> {
  return new Set(v.split(',').map((r) => r.trim()));
}

/**
 * Parses `skip=A,B;error=true;experimental=all` like ParseLintOptions; `undefined` when BuildKit
 * would reject it (`invalid check option …`), in which case the build itself fails.
 */
export function parseCheckOptions(text: string): CheckConfig | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return DEFAULT_CHECK_CONFIG;
  // strings.SplitN(checkStr, ";", 3): a third part keeps any further `;` in it.
  const parts: string[] = [];
  let rest = trimmed;
  while (parts.length < 2) {
    const at = rest.indexOf(';');
    if (at < 0) break;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  parts.push(rest);
  let skipAll = false;
  let skip = new Set<string>();
  let experimentalAll = false;
  let experimental = new Set<string>();
  let error = false;
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq < 0) return undefined;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 'skip') {
      if (value === 'all') skipAll = true;
      else skip = splitList(value);
    } else if (key === 'experimental') {
      if (value === 'all') experimentalAll = true;
      else experimental = splitList(value);
    } else if (key === 'error') {
      const b = parseGoBool(value);
      if (b === undefined) return undefined;
      error = b;
    } else {
      return undefined;
    }
  }
  return { skipAll, skip, experimentalAll, experimental, error };
}

const DIRECTIVE_LINE = /^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;

/**
 * The configuration a `# check=` comment directly above an instruction adds for that instruction
 * only. The first `check` comment counts; one that does not parse adds nothing.
 */
export function checkConfigFromComments(comments: readonly string[]): CheckConfig | undefined {
  for (const comment of comments) {
    const text = comment.replace(/^#/, '').trimStart();
    const m = DIRECTIVE_LINE.exec(text);
    if (!m || (m[1] ?? '').toLowerCase() !== 'check') continue;
    // parser.ParseDirective cuts the value at the first space.
    const value = (m[2] ?? '').split(' ')[0] ?? '';
    return parseCheckOptions(value);
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
