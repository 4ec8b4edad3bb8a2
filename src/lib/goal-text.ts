// Turns a declarative lesson goal into sentences for the page (HTML with <code>), so the learner
// reads exactly the checks the playground evaluates.

import type { LessonGoal } from './lesson-schema.ts';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Renders `backticks` as <code> and escapes everything else (for hints and goal sentences). */
export function inlineCode(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** Formats bytes the way the size summary does (decimal units, like `docker images`). */
export function formatGoalBytes(n: number): string {
  if (n >= 1e9) return `${+(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${+(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${+(n / 1e3).toFixed(1)} kB`;
  return `${n} B`;
}

/** Lists the goal's checks as HTML sentences, in a fixed order. */
export function goalChecks(goal: LessonGoal): string[] {
  const out: string[] = [];
  const builder = goal.builder === 'legacy' ? 'the legacy builder' : 'BuildKit';
  const target = goal.target !== undefined ? `<code>--target ${escapeHtml(goal.target)}</code>` : 'the last stage';
  if (goal.mustSucceed) out.push(`the build of ${target} succeeds with ${builder}`);
  if (goal.minStages !== undefined) out.push(`the Dockerfile has at least ${goal.minStages} stages`);
  if (goal.maxSizeBytes !== undefined) out.push(`the final image is at most ${formatGoalBytes(goal.maxSizeBytes)}`);
  for (const p of goal.mustCopyFrom ?? []) out.push(`the final stage copies <code>${escapeHtml(p)}</code> from another stage with <code>COPY --from</code>`);
  for (const p of goal.finalImageHas ?? []) out.push(`the final image contains <code>${escapeHtml(p)}</code>`);
  for (const p of goal.finalImageLacks ?? []) out.push(`the final image does not contain <code>${escapeHtml(p)}</code>`);
  if (goal.finalStageWithoutBuildTools) out.push('the final stage starts from an image without build tools (no JDK, Maven, compilers)');
  if (goal.cachedAfterEditing !== undefined) out.push(`after editing <code>${escapeHtml(goal.cachedAfterEditing)}</code>, a rebuild still takes earlier steps from the cache`);
  if (goal.noLatest) out.push('no <code>FROM</code> uses the <code>latest</code> tag');
  const args = (record: Readonly<Record<string, string>>): string =>
    Object.entries(record).map(([k, v]) => `<code>--build-arg ${escapeHtml(k)}=${escapeHtml(v)}</code>`).join(' ');
  if (goal.buildArgs !== undefined && Object.keys(goal.buildArgs).length > 0) out.push(`the checked build uses ${args(goal.buildArgs)}`);
  if (goal.cachedAfterBuildArgs !== undefined) out.push(`after a rebuild with ${args(goal.cachedAfterBuildArgs)}, earlier steps are still taken from the cache`);
  if (goal.stepStaysCached !== undefined) out.push(`on that rebuild, the steps matching <code>${escapeHtml(goal.stepStaysCached)}</code> stay cached`);
  if (goal.targetSkipsStageMatching !== undefined) out.push(`the checked build does not process the stage with an instruction matching <code>${escapeHtml(goal.targetSkipsStageMatching)}</code>`);
  if (goal.targetRunsStepMatching !== undefined) out.push(`the checked build runs a step matching <code>${escapeHtml(goal.targetRunsStepMatching)}</code>`);
  for (const name of goal.noSecretInHistory ?? []) out.push(`the value of <code>${escapeHtml(name)}</code> appears nowhere in the final image's history or config`);
  for (const [k, v] of Object.entries(goal.finalEnv ?? {})) out.push(`the final image has <code>ENV ${escapeHtml(k)}=${escapeHtml(v)}</code>`);
  for (const m of goal.dockerfileMatches ?? []) out.push(inlineCode(m.description));
  for (const m of goal.dockerfileLacks ?? []) out.push(inlineCode(m.description));
  return out;
}
