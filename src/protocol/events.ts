// zod schema of `BuildEvent` (src/core/build/events.ts): what one NDJSON line of a build stream
// must be. The agent validates every event before writing it; the page validates every line it
// reads and drops the stream on the first bad one. Objects are `.strict()` so a field the core
// does not define cannot slip through to a renderer.

import { z } from 'zod';
import type { BuildEvent } from '../core/build/events.ts';
import type { BuildErrorKind } from '../core/build/types.ts';

const builder = z.enum(['legacy', 'buildkit']);
const timeMs = z.number().finite().nonnegative();
const range = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]);
const base = { builder, timeMs };

const reason = z
  .object({
    code: z.string(),
    message: z.string(),
  })
  .passthrough();

const stepInfo = z
  .object({
    stepId: z.string().max(200),
    kind: z.enum(['instruction', 'internal', 'export']),
    stage: z.number().int().nonnegative().nullable(),
    stageLabel: z.string(),
    instruction: z.string().nullable(),
    line: z.number().int().positive().nullable(),
    range: range.nullable(),
    text: z.string(),
    name: z.string(),
    number: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
    digest: z.string().optional(),
    metaArg: z.boolean().optional(),
    mergedLines: z.array(z.number().int()).optional(),
    onbuild: z.boolean().optional(),
    triggers: z.number().int().optional(),
  })
  .strict();

const layer = z.object({ digest: z.string(), bytes: z.number().nonnegative(), files: z.number().int().nonnegative(), empty: z.boolean() }).strict();
const stageSelection = z.string();

const plannedStage = z
  .object({
    index: z.number().int().nonnegative(),
    name: z.string().nullable(),
    label: z.string(),
    base: z.string(),
    dependsOn: z.array(z.number().int()),
    runs: z.boolean(),
    selection: stageSelection,
    reason: z.string(),
    steps: z.array(stepInfo),
  })
  .strict();

const errorKind = z.enum([
  'parse',
  'unknown-target',
  'requires-buildkit',
  'copy-source-missing',
  'copy-dest-not-dir',
  'image-not-found',
  'duplicate-stage-name',
  'circular-dependency',
  'run-failed',
  'other',
]);

export const buildEventSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('build.started'),
      ...base,
      target: z.string().nullable(),
      tags: z.array(z.string()),
      buildArgs: z.record(z.string()),
      noCache: z.boolean(),
      contextBytes: z.number().nonnegative(),
      dockerfileTransferBytes: z.number().nonnegative(),
    })
    .strict(),
  z
    .object({
      type: z.literal('build.planned'),
      ...base,
      stages: z.array(plannedStage),
      order: z.array(z.number().int()),
      targetIndex: z.number().int(),
      totalSteps: z.number().int().nonnegative(),
    })
    .strict(),
  z.object({ type: z.literal('stage.started'), ...base, stage: z.number().int().nonnegative(), name: z.string().nullable(), label: z.string() }).strict(),
  z
    .object({
      type: z.literal('stage.skipped'),
      ...base,
      stage: z.number().int().nonnegative(),
      name: z.string().nullable(),
      label: z.string(),
      selection: stageSelection,
      reason: z.string(),
    })
    .strict(),
  z
    .object({
      type: z.literal('stage.finished'),
      ...base,
      stage: z.number().int().nonnegative(),
      name: z.string().nullable(),
      label: z.string(),
      outcome: z.enum(['succeeded', 'failed', 'canceled']),
    })
    .strict(),
  z.object({ type: z.literal('step.started'), ...base, step: stepInfo }).strict(),
  z.object({ type: z.literal('step.container'), ...base, stepId: z.string(), containerId: z.string() }).strict(),
  z
    .object({
      type: z.literal('step.progress'),
      ...base,
      stepId: z.string(),
      id: z.string(),
      current: z.number().nonnegative().optional(),
      total: z.number().nonnegative().optional(),
      durationMs: z.number().nonnegative(),
      done: z.boolean(),
    })
    .strict(),
  z.object({ type: z.literal('step.log'), ...base, stepId: z.string(), stream: z.enum(['stdout', 'stderr']), text: z.string() }).strict(),
  z
    .object({
      type: z.literal('step.finished'),
      ...base,
      stepId: z.string(),
      durationMs: z.number().nonnegative(),
      imageId: z.string().optional(),
      removedContainerId: z.string().optional(),
      layer: layer.optional(),
      reason: reason.optional(),
    })
    .strict(),
  z.object({ type: z.literal('step.cached'), ...base, stepId: z.string(), imageId: z.string().optional(), layer: layer.optional(), reason: reason.optional() }).strict(),
  z
    .object({
      type: z.literal('step.failed'),
      ...base,
      stepId: z.string(),
      durationMs: z.number().nonnegative(),
      message: z.string(),
      exitCode: z.number().int().optional(),
      reason: reason.optional(),
    })
    .strict(),
  z.object({ type: z.literal('step.canceled'), ...base, stepId: z.string(), durationMs: z.number().nonnegative() }).strict(),
  z
    .object({
      type: z.literal('warning'),
      ...base,
      code: z.string(),
      message: z.string(),
      line: z.number().int().optional(),
      range: range.optional(),
      stepId: z.string().optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('build.succeeded'),
      ...base,
      imageId: z.string(),
      tags: z.array(z.string()),
      sizeBytes: z.number().nonnegative(),
      layers: z.number().int().nonnegative(),
      durationMs: z.number().nonnegative(),
    })
    .strict(),
  z
    .object({
      type: z.literal('build.failed'),
      ...base,
      error: z
        .object({
          kind: errorKind,
          message: z.string(),
          explanation: z.string().optional(),
          range: range.optional(),
          line: z.number().int().optional(),
          stage: z.number().int().optional(),
          stepId: z.string().optional(),
        })
        .strict(),
      durationMs: z.number().nonnegative(),
    })
    .strict(),
  z.object({ type: z.literal('build.canceled'), ...base, durationMs: z.number().nonnegative() }).strict(),
]);

// The schema restates the core's types; these fail `tsc -b` as soon as the core gains (or drops)
// an event type or an error kind the schema does not list.
type SameSet<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
export type SchemaEventTypesMatchCore = Holds<SameSet<z.infer<typeof buildEventSchema>['type'], BuildEvent['type']>>;
export type SchemaErrorKindsMatchCore = Holds<SameSet<z.infer<typeof errorKind>, BuildErrorKind>>;

/**
 * Parses one NDJSON line into a BuildEvent, or returns null when the line is not valid JSON or
 * not a valid event. The schema mirrors the core's interfaces field by field (the cast is checked
 * by tests/protocol, which runs every event the simulator emits through it).
 */
export function parseBuildEventLine(line: string): BuildEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  const parsed = buildEventSchema.safeParse(value);
  return parsed.success ? (parsed.data as unknown as BuildEvent) : null;
}
