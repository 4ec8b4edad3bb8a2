// Scenario files (shared/conformance/README.md): what to build, in order, and what a real engine did.

import type { DeclaredImage } from '../build/base-images.ts';
import type { BuildErrorKind, BuilderKind, StepStatus } from '../build/types.ts';

export interface ScenarioBuildSpec {
  readonly builder: BuilderKind;
  readonly target?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly noCache?: boolean;
  /** Context edits applied before this build (and kept): content, or null to delete. */
  readonly edits?: Readonly<Record<string, string | null>>;
  /** Dockerfile path in the context (default `Dockerfile`). */
  readonly dockerfile?: string;
  /** False when the build is not scored. */
  readonly scored?: boolean;
}

export interface ScenarioSpec {
  readonly title?: string;
  readonly images?: Readonly<Record<string, DeclaredImage>>;
  readonly builds: readonly ScenarioBuildSpec[];
}

export interface ReportStep {
  readonly line: number;
  readonly stage: number;
  readonly instruction: string;
  readonly status: StepStatus;
  /** Extra: why the step ran (learner-facing). */
  readonly reason?: string;
}

/** One build of a report: the `real.json` shape, plus explanations. */
export interface ReportBuild {
  readonly builder: BuilderKind;
  readonly target: string | null;
  readonly outcome: 'success' | 'error';
  readonly error: { readonly kind: BuildErrorKind; readonly message: string; readonly explanation?: string } | null;
  readonly stagesBuilt: readonly number[];
  readonly steps: readonly ReportStep[];
  readonly image: { readonly sizeBytes: number; readonly layers: number; readonly history?: number } | null;
  readonly log?: string;
}

export interface ScenarioReport {
  readonly scenario?: string;
  readonly engine?: string;
  readonly builds: readonly ReportBuild[];
}
