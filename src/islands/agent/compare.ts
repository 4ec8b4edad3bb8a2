// Side-by-side comparison of a simulated build and a real one, both read from their BuildEvent
// streams: per Dockerfile step (by line) cached / ran / failed, the stages built, the outcome, the
// image size and the time. Agreement uses shared/tools/compare-scenarios.mjs's rules (size within
// max(64 B, 1%)); time is shown, never judged (a simulator's clock is not a machine's).

import type { BuildEvent } from '../../core/build/events.ts';
import { dockerSize } from '../format.ts';

export type StepState = 'ran' | 'cached' | 'failed' | 'canceled' | 'running' | 'not reported';

export interface StepSummary {
  readonly line: number;
  readonly instruction: string;
  readonly text: string;
  state: StepState;
  durationMs: number;
}

export interface BuildSummary {
  readonly builder: 'legacy' | 'buildkit';
  outcome: 'success' | 'error' | 'canceled' | 'running';
  errorKind: string | null;
  readonly stages: Set<number>;
  readonly steps: Map<number, StepSummary>;
  sizeBytes: number | null;
  durationMs: number;
}

/** Folds a build's events into what the comparison shows. */
export function summarize(events: readonly BuildEvent[]): BuildSummary | null {
  const first = events[0];
  if (first === undefined) return null;
  const summary: BuildSummary = { builder: first.builder, outcome: 'running', errorKind: null, stages: new Set(), steps: new Map(), sizeBytes: null, durationMs: 0 };
  const byStep = new Map<string, StepSummary[]>();
  const set = (stepId: string, state: StepState, durationMs?: number): void => {
    for (const s of byStep.get(stepId) ?? []) {
      s.state = state;
      if (durationMs !== undefined) s.durationMs = durationMs;
    }
  };
  for (const event of events) {
    summary.durationMs = Math.max(summary.durationMs, event.timeMs);
    switch (event.type) {
      case 'stage.started':
        summary.stages.add(event.stage);
        break;
      case 'step.started': {
        const step = event.step;
        if (step.kind !== 'instruction' || step.line === null || step.instruction === 'FROM' || step.metaArg === true || step.onbuild === true) break;
        const entries: StepSummary[] = [];
        for (const line of [step.line, ...(step.mergedLines ?? [])]) {
          const entry: StepSummary = { line, instruction: step.instruction ?? '', text: step.text, state: 'running', durationMs: 0 };
          summary.steps.set(line, entry);
          entries.push(entry);
        }
        byStep.set(step.stepId, entries);
        break;
      }
      case 'step.cached':
        set(event.stepId, 'cached', 0);
        break;
      case 'step.finished':
        set(event.stepId, 'ran', event.durationMs);
        break;
      case 'step.failed':
        set(event.stepId, 'failed', event.durationMs);
        break;
      case 'step.canceled':
        set(event.stepId, 'canceled', event.durationMs);
        break;
      case 'build.succeeded':
        summary.outcome = 'success';
        summary.sizeBytes = event.sizeBytes;
        summary.durationMs = event.durationMs;
        break;
      case 'build.failed':
        summary.outcome = 'error';
        summary.errorKind = event.error.kind;
        summary.durationMs = event.durationMs;
        break;
      case 'build.canceled':
        summary.outcome = 'canceled';
        break;
      default:
        break;
    }
  }
  // A legacy step still open when the build failed is the one that failed.
  if (summary.outcome === 'error') for (const s of summary.steps.values()) if (s.state === 'running') s.state = 'failed';
  return summary;
}

export interface DiffRow {
  readonly key: string;
  readonly label: string;
  readonly simulated: string;
  readonly real: string;
  /** null: shown for information, not judged (time). */
  readonly agree: boolean | null;
}

/** Formats an image size as the playground's size views do (`docker images` units); `—` when unknown. */
export function formatBytes(bytes: number | null): string {
  return bytes === null ? '—' : dockerSize(bytes);
}

function formatTime(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function outcomeText(s: BuildSummary): string {
  return s.outcome === 'error' ? `failed (${s.errorKind ?? 'error'})` : s.outcome === 'success' ? 'succeeded' : s.outcome;
}

/** The rows of the side-by-side table; every row where the two differ has `agree: false`. */
export function diffBuilds(simulated: BuildSummary | null, real: BuildSummary | null): DiffRow[] {
  const rows: DiffRow[] = [];
  const sim = simulated;
  const act = real;
  const lines = [...new Set([...(sim?.steps.keys() ?? []), ...(act?.steps.keys() ?? [])])].sort((a, b) => a - b);
  for (const line of lines) {
    const a = sim?.steps.get(line);
    const b = act?.steps.get(line);
    const label = `line ${line}: ${(a ?? b)?.text ?? ''}`;
    const simState = a?.state ?? 'not reported';
    const realState = b?.state ?? 'not reported';
    rows.push({ key: `step-${line}`, label, simulated: simState, real: realState, agree: simState === realState });
  }
  const stages = (s: BuildSummary | null): string => (s === null ? '—' : `[${[...s.stages].sort((x, y) => x - y).join(', ')}]`);
  rows.push({ key: 'stages', label: 'Stages built', simulated: stages(sim), real: stages(act), agree: stages(sim) === stages(act) });
  const outcome = (s: BuildSummary | null): string => (s === null ? '—' : outcomeText(s));
  rows.push({ key: 'outcome', label: 'Outcome', simulated: outcome(sim), real: outcome(act), agree: outcome(sim) === outcome(act) });
  const simSize = sim?.sizeBytes ?? null;
  const realSize = act?.sizeBytes ?? null;
  const sizeAgree = simSize === null || realSize === null ? simSize === realSize : Math.abs(simSize - realSize) <= Math.max(64, realSize * 0.01);
  rows.push({ key: 'size', label: 'Image size', simulated: formatBytes(simSize), real: formatBytes(realSize), agree: sizeAgree });
  rows.push({ key: 'time', label: 'Time', simulated: sim ? formatTime(sim.durationMs) : '—', real: act ? formatTime(act.durationMs) : '—', agree: null });
  return rows;
}
