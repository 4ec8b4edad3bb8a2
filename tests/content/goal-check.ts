// A test-side evaluation of a lesson goal on a simulated build, until src/core/lessons (the
// curriculum issue) owns goal evaluation. Each check returns a sentence when it fails.

import { parseForSimulation } from '../../src/core/scenario/replay.ts';
import { createPipelineDeps, createPlaygroundSession } from '../../src/core/session/pipeline.ts';
import { DEFAULT_SETTINGS } from '../../src/core/session/scenario.ts';
import { findCatalogImage } from '../../src/core/size/base-image-catalog.ts';
import type { LessonGoal } from '../../src/lib/lesson-schema.ts';

/** Tools that build software; an image containing one is not a runtime-only image. */
const BUILD_TOOLS = ['jdk', 'maven', 'gradle', 'go', 'gcc', 'dotnet-sdk', 'rust', 'cargo'];

/** Simulates the Dockerfile with the lesson's context and returns the goal checks that fail. */
export function simulatedGoalFailures(dockerfile: string, files: Readonly<Record<string, string>>, goal: LessonGoal): string[] {
  const session = createPlaygroundSession(createPipelineDeps());
  const build = session.build({ dockerfile, files, settings: { ...DEFAULT_SETTINGS, builder: goal.builder, target: goal.target ?? '' } }, goal.builder);
  const result = build.result;
  const failures: string[] = [];
  if (goal.mustSucceed && result.outcome !== 'success') failures.push(`the build failed: ${result.error?.message ?? result.outcome}`);
  const image = result.image;
  if (!image) return failures.length > 0 ? failures : ['the build produced no image'];
  if (goal.maxSizeBytes !== undefined && image.sizeBytes > goal.maxSizeBytes) failures.push(`the final image is ${image.sizeBytes} bytes, over ${goal.maxSizeBytes}`);
  const has = (p: string): boolean => image.files.some((f) => f.path === p || f.path.startsWith(`${p}/`));
  for (const p of goal.finalImageHas ?? []) if (!has(p)) failures.push(`the final image lacks ${p}`);
  for (const p of goal.finalImageLacks ?? []) if (has(p)) failures.push(`the final image contains ${p}`);
  const df = parseForSimulation(dockerfile);
  const target = goal.target?.toLowerCase();
  const final = target !== undefined ? df.stages.find((s) => s.name === target) : df.stages[df.stages.length - 1];
  if (goal.mustCopyFrom !== undefined && goal.mustCopyFrom.length > 0) {
    const copyFromLines = new Set((final?.instructions ?? []).filter((i) => i.kind === 'copy' && i.from !== undefined).map((i) => i.startLine));
    const copied = image.files.filter((f) => f.type === 'file' && f.origin.kind === 'step' && copyFromLines.has(f.origin.line));
    if (copied.length === 0) failures.push('no file of the final image comes from a COPY --from step');
  }
  if (goal.finalStageWithoutBuildTools && final) {
    const base = findCatalogImage(final.from.image);
    const tools = base?.record.contains.filter((t) => BUILD_TOOLS.includes(t)) ?? [];
    if (base === undefined) failures.push(`the final stage's base ${final.from.image} is not in the catalog`);
    else if (tools.length > 0) failures.push(`the final stage's base ${final.from.image} contains ${tools.join(', ')}`);
  }
  return failures;
}
