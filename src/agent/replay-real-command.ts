// The `--real` branch of `stagecraft replay` (src/cli/commands/replay.ts delegates here): runs
// the scenario on the local engine and prints the report (JSON with --json), or how each build
// compares with real.json.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CliIo } from '../cli/main.ts';
import { compareReports } from '../core/scenario/compare.ts';
import type { ScenarioReport, ScenarioSpec } from '../core/scenario/types.ts';
import { replayReal } from './replay-real.ts';

export async function runRealReplayCommand(dir: string, json: boolean, io: CliIo): Promise<number> {
  let report: ScenarioReport;
  try {
    report = await replayReal(dir, { log: (line) => io.stderr(`${line}\n`) });
  } catch (error) {
    io.stderr(`stagecraft replay --real: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  if (json) {
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  }
  const realPath = path.join(dir, 'real.json');
  const spec = JSON.parse(readFileSync(path.join(dir, 'scenario.json'), 'utf8')) as ScenarioSpec;
  const recorded = existsSync(realPath) ? (JSON.parse(readFileSync(realPath, 'utf8')) as ScenarioReport) : undefined;
  const comparisons = recorded ? compareReports(recorded, report, spec.builds.map((b) => b.scored)) : [];
  report.builds.forEach((b, i) => {
    io.stdout(`#${i + 1} ${b.builder}${b.target ? ` --target ${b.target}` : ''}: ${b.outcome}${b.error ? ` (${b.error.kind}) ${b.error.message}` : ''}\n`);
    io.stdout(`   stages built: [${b.stagesBuilt.join(', ')}]${b.image ? `  image ${b.image.sizeBytes} B, ${b.image.layers} layers` : ''}\n`);
    for (const s of b.steps) io.stdout(`   ${s.status.padEnd(6)} line ${String(s.line).padStart(3)} ${s.instruction}\n`);
    const c = comparisons.find((x) => x.index === i);
    if (c) io.stdout(c.matched ? '   matches real.json\n' : `   differs from real.json:\n${c.differences.map((d) => `     - ${d}\n`).join('')}`);
  });
  return 0;
}
