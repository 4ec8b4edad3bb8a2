// The checks of a goal in words, before anything is built: what the goal card lists. One sentence
// per check the evaluator runs, in the same order, so the page and the verdicts cannot disagree.
// `backticks` mark code (the page renders them).

import { bytes, formatBytesLikeDocker } from '../size/bytes.ts';
import type { LessonGoal } from './goal.ts';

/** Lists a goal's checks as sentences for the learner, in evaluation order. */
export function describeGoal(goal: LessonGoal): string[] {
  const out: string[] = [];
  const builder = goal.builder === 'legacy' ? 'the legacy builder' : 'BuildKit';
  const target = goal.target !== undefined ? `\`--target ${goal.target}\`` : 'the last stage';
  const args = Object.entries(goal.buildArgs ?? {}).map(([k, v]) => `\`--build-arg ${k}=${v}\``).join(' ');
  if (goal.mustSucceed) out.push(`the build of ${target} succeeds with ${builder}${args ? ` (with ${args})` : ''}`);
  if (goal.minStages !== undefined) out.push(`the Dockerfile has at least ${goal.minStages} stages`);
  if (goal.maxSizeBytes !== undefined) out.push(`the final image is at most ${formatBytesLikeDocker(bytes(goal.maxSizeBytes))}`);
  for (const p of goal.mustCopyFrom ?? []) out.push(`the final stage copies \`${p}\` from another stage with \`COPY --from\``);
  for (const p of goal.finalImageHas ?? []) out.push(`the final image contains \`${p}\``);
  for (const p of goal.finalImageLacks ?? []) out.push(`the final image does not contain \`${p}\``);
  if (goal.finalStageWithoutBuildTools) out.push('the final stage starts from an image without build tools (no JDK, Maven, Go, compilers)');
  if (goal.noLatest) out.push('no `FROM` uses the `latest` tag');
  if (goal.targetSkipsStageMatching !== undefined) out.push(`the stage that does \`${goal.targetSkipsStageMatching}\` stays in the Dockerfile, and this build does not run it`);
  if (goal.targetRunsStepMatching !== undefined) out.push(`the build runs a step matching \`${goal.targetRunsStepMatching}\``);
  if (goal.noSecretInHistory !== undefined && goal.noSecretInHistory.length > 0) out.push(`${goal.noSecretInHistory.map((n) => `\`${n}\``).join(', ')} never reaches the image's history or config`);
  for (const [k, v] of Object.entries(goal.finalEnv ?? {})) out.push(`the final image has \`${k}=${v}\``);
  const cached = goal.stepStaysCached !== undefined ? `the step matching \`${goal.stepStaysCached}\` stays cached` : 'an earlier RUN stays cached';
  if (goal.cachedAfterEditing !== undefined) out.push(`after editing \`${goal.cachedAfterEditing}\` and rebuilding, ${cached}`);
  if (goal.cachedAfterBuildArgs !== undefined) out.push(`after rebuilding with ${Object.entries(goal.cachedAfterBuildArgs).map(([k, v]) => `\`--build-arg ${k}=${v}\``).join(' ')}, ${cached}`);
  for (const p of goal.dockerfileMatches ?? []) out.push(`the Dockerfile has ${p.description}`);
  for (const p of goal.dockerfileLacks ?? []) out.push(`the Dockerfile has no ${p.description.replace(/^an? /, '')}`);
  return out;
}
