// Scores a report against real.json with shared/tools/compare-scenarios.mjs's rules: outcome and
// error kind, stagesBuilt as a set, every real step's status by line, size within max(64 B, 1%).

import type { ReportBuild, ScenarioReport } from './types.ts';

export interface BuildComparison {
  readonly index: number;
  readonly matched: boolean;
  /** Readable differences, empty when matched. */
  readonly differences: readonly string[];
}

/** Compares one simulated build with the real one. */
export function compareBuild(real: ReportBuild, sim: ReportBuild | undefined, index: number): BuildComparison {
  const diffs: string[] = [];
  if (!sim) return { index, matched: false, differences: ['missing build'] };
  if (sim.outcome !== real.outcome || (real.outcome === 'error' && sim.error?.kind !== real.error?.kind)) {
    diffs.push(`outcome: real ${real.outcome}${real.error ? `/${real.error.kind}` : ''}, simulated ${sim.outcome}${sim.error ? `/${sim.error.kind} (${sim.error.message})` : ''}`);
  }
  const a = [...real.stagesBuilt].sort().join();
  const b = [...sim.stagesBuilt].sort().join();
  if (a !== b) diffs.push(`stagesBuilt: real [${a}], simulated [${b}]`);
  const simStatus = new Map(sim.steps.map((s) => [s.line, s.status]));
  for (const s of real.steps) {
    const got = simStatus.get(s.line);
    if (got !== s.status) diffs.push(`line ${s.line} ${s.instruction}: real ${s.status}, simulated ${got ?? 'absent'}`);
  }
  if (real.image) {
    const tol = Math.max(64, real.image.sizeBytes * 0.01);
    if (!sim.image || Math.abs(sim.image.sizeBytes - real.image.sizeBytes) > tol) {
      diffs.push(`size: real ${real.image.sizeBytes}, simulated ${sim.image?.sizeBytes ?? 'none'}`);
    }
  }
  return { index, matched: diffs.length === 0, differences: diffs };
}

/** Compares a whole scenario report with real.json; `scored[i] === false` skips build i. */
export function compareReports(real: ScenarioReport, sim: ScenarioReport, scored: readonly (boolean | undefined)[] = []): BuildComparison[] {
  return real.builds.flatMap((rb, i) => (scored[i] === false ? [] : [compareBuild(rb, sim.builds[i], i)]));
}
