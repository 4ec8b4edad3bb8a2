// What the linter returns: findings as data, each pointing at the exact text it is about, with an
// optional quick fix the editor can apply as plain text edits.

import type { Severity, SourceRange } from '../diagnostics.ts';

/** Replace the text in `range` (half-open UTF-16 offsets) with `newText`; an empty range inserts. */
export interface TextEdit {
  readonly range: SourceRange;
  readonly newText: string;
}

/** A named set of non-overlapping edits that, applied together, make the finding go away. */
export interface QuickFix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

/** Where a rule comes from: BuildKit's build checks, or Stagecraft's own multi-stage advice. */
export type LintRuleSource = 'buildkit' | 'stagecraft';

export interface LintFinding {
  /** BuildKit's rule name (`StageNameCasing`), or ours with a `stagecraft/` prefix. */
  readonly rule: string;
  readonly source: LintRuleSource;
  /** BuildKit rules: BuildKit's exact message. Ours: a sentence for a learner. */
  readonly message: string;
  readonly severity: Severity;
  readonly range: SourceRange;
  /** 1-based line and column (UTF-16 units) of `range[0]`, for `file:line:col` output. */
  readonly line: number;
  readonly column: number;
  /** BuildKit's documentation page for the rule. */
  readonly url?: string;
  readonly fix?: QuickFix;
  /**
   * True when `# check=error=true` (or `BUILDKIT_DOCKERFILE_CHECK`) makes BuildKit fail the build
   * because of this warning (`lint violation found for rules: …`).
   */
  readonly failsBuild?: boolean;
}

export interface LintOptions {
  /** `--target`: BuildKit then runs its dispatch-time checks only on the stages the target needs. */
  readonly target?: string;
  /** `--build-arg` values (also `BUILDKIT_DOCKERFILE_CHECK`, which replaces the `# check=` directive). */
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** Paths in the build context, relative, `/`-separated (e.g. `package.json`, `src/index.ts`). */
  readonly contextFiles?: readonly string[];
  /** The text of `.dockerignore`, when the context has one. */
  readonly dockerignore?: string;
}
