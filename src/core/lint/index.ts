// The linter's public surface: BuildKit's build checks and Stagecraft's multi-stage rules as data.

export { lintDockerfile, resolveCheckConfig } from './lint.ts';
export { applyQuickFix } from './text-edits.ts';
export { BUILDKIT_RULES, type BuildkitRule, type BuildkitRuleName } from './buildkit-rules.ts';
export type { LintFinding, LintOptions, LintRuleSource, QuickFix, TextEdit } from './types.ts';
