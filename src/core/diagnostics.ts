// Diagnostics are data, never exceptions: every phase of the pipeline returns what it could make
// of the input plus a list of these, each pointing at the source text it is about.

/** Half-open UTF-16 offsets into the Dockerfile text: `[start, end)`. */
export type SourceRange = readonly [start: number, end: number];

export type Severity = 'error' | 'warning' | 'info';

/**
 * Why the parser (or a later phase) objects. Errors are what BuildKit rejects; warnings are what it
 * accepts but flags (empty continuation lines, legacy ENV form, …).
 */
export type DiagnosticCode =
  | 'EMPTY_FILE'
  | 'NO_INSTRUCTIONS'
  | 'LINE_TOO_LONG'
  | 'DUPLICATE_DIRECTIVE'
  | 'INVALID_ESCAPE_DIRECTIVE'
  | 'INVALID_CHECK_DIRECTIVE'
  | 'UNKNOWN_INSTRUCTION'
  | 'INSTRUCTION_BEFORE_FROM'
  | 'MISSING_ARGUMENTS'
  | 'TOO_MANY_ARGUMENTS'
  | 'FROM_ARGUMENT_COUNT'
  | 'INVALID_STAGE_NAME'
  | 'INVALID_JSON'
  | 'JSON_NOT_STRINGS'
  | 'UNTERMINATED_HEREDOC'
  | 'INVALID_HEREDOC'
  | 'HEREDOC_AS_DESTINATION'
  | 'UNKNOWN_FLAG'
  | 'DUPLICATE_FLAG'
  | 'FLAG_MISSING_VALUE'
  | 'FLAG_INVALID_VALUE'
  | 'INVALID_MOUNT'
  | 'INVALID_NAME_VALUE'
  | 'INVALID_ONBUILD'
  | 'INVALID_HEALTHCHECK'
  | 'EMPTY_CONTINUATION_LINE'
  | 'NO_STAGES';

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  /** Written for a learner: what is wrong and what to do next. */
  readonly message: string;
  readonly range: SourceRange;
  /** The error text a real engine prints for the same problem, when there is one. */
  readonly engineMessage?: string;
}

/** Orders diagnostics by where they start, then where they end, so consumers get a stable list. */
export function sortDiagnostics<T extends { readonly range: SourceRange }>(diagnostics: readonly T[]): T[] {
  return [...diagnostics].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
}
