// Hand-made `BuildResult`s for recorded scenario builds: what the simulator should report for them
// (stages, steps, statuses, outputs), written from each scenario's Dockerfile and real.json. The
// renderers are checked against the real logs through these until the simulator itself can be
// replayed end to end.

import type { SourceRange } from '../../../../src/core/diagnostics.ts';
import { bytes } from '../../../../src/core/size/bytes.ts';
import type {
  BuildErrorKind,
  BuildResult,
  BuilderKind,
  StageBase,
  StageSelection,
  StepResult,
  StepStatus,
} from '../../../../src/core/build/types.ts';

export interface StageSpec {
  readonly name?: string;
  readonly label: string;
  readonly base: StageBase;
  readonly runs?: boolean;
  readonly selection?: StageSelection;
}

export interface StepSpec {
  readonly stage: number;
  readonly line: number;
  readonly instruction: string;
  readonly text: string;
  /** BuildKit `k/n`; legacy steps are numbered automatically. */
  readonly pos?: string;
  readonly status?: StepStatus;
  readonly output?: readonly string[];
  readonly startMs?: number;
  readonly durationMs?: number;
  readonly metaArg?: boolean;
  readonly layerDigest?: string;
}

export interface ResultSpec {
  readonly builder: BuilderKind;
  readonly target?: string;
  readonly buildArgs?: Record<string, string>;
  readonly stages: readonly StageSpec[];
  readonly images?: readonly string[];
  readonly steps: readonly StepSpec[];
  readonly error?: { readonly kind: BuildErrorKind; readonly message: string; readonly step?: number };
  readonly contextBytes?: number;
  readonly sizeBytes?: number;
  readonly warnings?: readonly { readonly code: string; readonly message: string }[];
}

const busybox: StageBase = { kind: 'image', ref: 'local/busybox:1', normalized: 'docker.io/local/busybox:1', known: true };
export const BUSYBOX = busybox;
export const SCRATCH: StageBase = { kind: 'scratch' };
export const stageBase = (index: number): StageBase => ({ kind: 'stage', index });

/** Builds a `BuildResult` from a compact description; times default to one step after another. */
export function resultFrom(spec: ResultSpec): BuildResult {
  const range: SourceRange = [0, 0];
  let clock = 0;
  const total = spec.steps.length + (spec.builder === 'legacy' ? 0 : 0);
  const steps: StepResult[] = spec.steps.map((step, index) => {
    const startMs = step.startMs ?? clock;
    const durationMs = step.durationMs ?? (step.instruction === 'RUN' ? 300 : 0);
    clock = Math.max(clock, startMs + durationMs);
    const [k, n] = (step.pos ?? '0/0').split('/').map(Number);
    const failed = spec.error?.step === index;
    const status: StepStatus = step.status ?? (failed && spec.builder === 'buildkit' ? 'failed' : 'run');
    return {
      id: `s${step.stage}-l${step.line}`,
      stage: step.stage,
      instruction: step.instruction,
      line: step.line,
      endLine: step.line,
      range,
      text: step.text,
      display: '',
      number: spec.builder === 'legacy' ? index + 1 : (k ?? 0),
      total: spec.builder === 'legacy' ? legacyTotal(spec) : (n ?? 0),
      status,
      reason: { code: status === 'cached' ? 'cached' : 'first-build', message: '' },
      ...(step.instruction === 'FROM' || step.metaArg === true
        ? {}
        : { layer: { digest: step.layerDigest ?? `sha256:layer-${step.stage}-${step.line}`, bytes: bytes(10), files: 1, empty: false } }),
      startMs,
      durationMs,
      output: step.output ?? [],
      estimated: false,
      imageId: '',
      ...(step.metaArg === true ? { metaArg: true } : {}),
    };
  });
  void total;
  const failedStep = spec.error?.step !== undefined ? steps[spec.error.step] : undefined;
  const outcome = spec.error === undefined ? 'success' : 'error';
  return {
    request: { builder: spec.builder, ...(spec.target !== undefined ? { target: spec.target } : {}), ...(spec.buildArgs ? { buildArgs: spec.buildArgs } : {}) },
    builder: spec.builder,
    target: spec.target ?? null,
    outcome,
    plan: {
      builder: spec.builder,
      targetIndex: spec.stages.length - 1,
      stages: spec.stages.map((stage, index) => ({
        index,
        ...(stage.name !== undefined ? { name: stage.name } : {}),
        label: stage.label,
        base: stage.base,
        dependsOn: stage.base.kind === 'stage' ? [stage.base.index] : [],
        imageDependencies: [],
        runs: stage.runs ?? true,
        selection: stage.selection ?? (index === spec.stages.length - 1 ? 'target' : 'dependency'),
        reason: '',
        startMs: 0,
        endMs: 0,
        range,
      })),
      order: spec.stages.map((_, index) => index).filter((index) => spec.stages[index]?.runs !== false),
      images: spec.images ?? ['docker.io/local/busybox:1'],
    },
    steps,
    warnings: spec.warnings ?? [],
    ...(spec.error !== undefined
      ? {
          error: {
            kind: spec.error.kind,
            message: spec.error.message,
            explanation: '',
            ...(failedStep !== undefined ? { stepId: failedStep.id, line: failedStep.line, stage: failedStep.stage } : {}),
          },
        }
      : {}),
    ...(outcome === 'success'
      ? {
          image: {
            sizeBytes: bytes(spec.sizeBytes ?? 0),
            layers: [],
            config: { env: [], workdir: '/', user: '', exposedPorts: [], labels: {}, volumes: [], onBuild: [] },
            history: [],
            id: '',
            files: [],
            estimated: false,
          },
        }
      : {}),
    contextBytes: bytes(spec.contextBytes ?? 2048),
    durationMs: clock,
  };
}

function legacyTotal(spec: ResultSpec): number {
  // The recorded legacy builds list every step up to the target (H.1), so the spec's step count
  // is M unless the build stopped early; failing specs give their own total via `pos`.
  const explicit = spec.steps.find((step) => step.pos !== undefined)?.pos;
  return explicit !== undefined ? Number(explicit.split('/')[1]) : spec.steps.length;
}
