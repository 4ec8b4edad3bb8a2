// lintDockerfile: BuildKit's build checks with BuildKit's names and messages, plus Stagecraft's
// multi-stage advice, as one sorted list of findings. Pure, never throws, linear in the file
// (the playground re-lints on every keystroke).

import type { Dockerfile } from '../dockerfile/ast.ts';
import { type CheckConfig, DEFAULT_CHECK_CONFIG, parseCheckOptions } from './check-config.ts';
import { LintContext } from './context.ts';
import { runDispatchChecks } from './rules/dispatch.ts';
import { runParseTimeChecks } from './rules/parse-time.ts';
import { runStagecraftChecks } from './rules/stagecraft.ts';
import { buildStageModel } from './stage-model.ts';
import type { LintFinding, LintOptions } from './types.ts';

/**
 * The check configuration BuildKit would use: `BUILDKIT_DOCKERFILE_CHECK` replaces the
 * `# check=` directive (dockerui config); one that does not parse counts as none here (BuildKit
 * fails the build with `failed to parse check options`; the parser reports the directive).
 */
export function resolveCheckConfig(dockerfile: Dockerfile, buildArgs: Readonly<Record<string, string>> = {}): CheckConfig {
  const fromArg = buildArgs['BUILDKIT_DOCKERFILE_CHECK'];
  const text = fromArg ?? dockerfile.directives.check?.value.split(' ')[0] ?? '';
  return parseCheckOptions(text) ?? DEFAULT_CHECK_CONFIG;
}

/** Runs every rule and lets a rule's bug surface as an exception (tests use this; callers use lintDockerfile). */
export function runLintRules(dockerfile: Dockerfile, options: LintOptions = {}): LintFinding[] {
  const model = buildStageModel(dockerfile, options.target, options.buildArgs ?? {});
  const ctx = new LintContext(dockerfile, options, model, resolveCheckConfig(dockerfile, options.buildArgs));
  runParseTimeChecks(ctx);
  runDispatchChecks(ctx);
  runStagecraftChecks(ctx);
  return ctx.sortedFindings();
}

/** Lints a parsed Dockerfile: every finding with its rule, message, range and optional quick fix, sorted by range. */
export function lintDockerfile(dockerfile: Dockerfile, options: LintOptions = {}): LintFinding[] {
  try {
    return runLintRules(dockerfile, options);
  } catch {
    // A bug in a rule must not take the editor down; an empty list is the honest fallback.
    return [];
  }
}
