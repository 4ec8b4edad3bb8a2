// `stagecraft replay SCENARIO_DIR [--json]`: replays a recorded scenario through the simulator.

import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from '../main.ts';
import { replayScenario } from '../../core/scenario/replay.ts';
import { compareReports } from '../../core/scenario/compare.ts';
import type { ContextFile } from '../../core/build/context.ts';
import type { ScenarioReport, ScenarioSpec } from '../../core/scenario/types.ts';

/** Reads a directory tree into context files (relative path → bytes and mode). */
export function readContextDir(root: string): Map<string, ContextFile> {
  const files = new Map<string, ContextFile>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else if (st.isFile()) files.set(path.relative(root, full).split(path.sep).join('/'), { content: new Uint8Array(readFileSync(full)), mode: st.mode & 0o7777 });
    }
  };
  if (existsSync(root)) walk(root);
  return files;
}

/** Loads and replays a scenario directory. */
export function replayDir(dir: string): { report: ScenarioReport; spec: ScenarioSpec; real?: ScenarioReport; builds: ReturnType<typeof replayScenario>['builds'] } {
  const spec = JSON.parse(readFileSync(path.join(dir, 'scenario.json'), 'utf8')) as ScenarioSpec;
  const files = readContextDir(path.join(dir, 'files'));
  const { report, builds } = replayScenario({ name: path.basename(dir), spec, files });
  const realPath = path.join(dir, 'real.json');
  const real = existsSync(realPath) ? (JSON.parse(readFileSync(realPath, 'utf8')) as ScenarioReport) : undefined;
  return { report, spec, builds, ...(real ? { real } : {}) };
}

export const command: Command = {
  name: 'replay',
  summary: 'replay a recorded scenario through the simulator (real.json shape with --json)',
  usage: 'Usage: stagecraft replay SCENARIO_DIR [--json] [--real]\n\nReplays scenario.json\'s builds with the simulator and prints what each builder did.\nWith --json, prints the report in real.json\'s shape.\nWith --real, runs the builds on the local Docker engine instead (resets its images and build cache first, keeping local/busybox:1).',
  async run(args, io) {
    const json = args.includes('--json');
    const dirs = args.filter((a) => !a.startsWith('--'));
    if (dirs.length !== 1 || dirs[0] === undefined) {
      io.stderr(`${this.usage}\n`);
      return 2;
    }
    const dir = dirs[0];
    if (!existsSync(path.join(dir, 'scenario.json'))) {
      io.stderr(`stagecraft replay: ${dir}/scenario.json not found\n`);
      return 2;
    }
    // --- local agent (issue 5): `--real` replays on the real engine through src/agent ---
    if (args.includes('--real')) {
      const { runRealReplayCommand } = await import('../../agent/replay-real-command.ts');
      return runRealReplayCommand(dir, json, io);
    }
    // --- end local agent ---
    const { report, spec, real, builds } = replayDir(dir);
    if (json) {
      io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      return 0;
    }
    const comparisons = real ? compareReports(real, report, spec.builds.map((b) => b.scored)) : [];
    builds.forEach(({ report: b, result }, i) => {
      const spec0 = spec.builds[i];
      const opts = [spec0?.target ? `--target ${spec0.target}` : '', spec0?.noCache ? '--no-cache' : '', ...Object.entries(spec0?.buildArgs ?? {}).map(([k, v]) => `--build-arg ${k}=${v}`), spec0?.edits ? `edits: ${Object.keys(spec0.edits).join(', ')}` : ''].filter(Boolean).join(' ');
      io.stdout(`#${i + 1} ${b.builder}${opts ? ` ${opts}` : ''}: ${b.outcome}${b.error ? ` (${b.error.kind}) ${b.error.message}` : ''}\n`);
      io.stdout(`   stages built: [${b.stagesBuilt.join(', ')}]${b.image ? `  image ${b.image.sizeBytes} B, ${b.image.layers} layers` : ''}\n`);
      for (const s of result.steps) {
        if (s.instruction === 'FROM' || s.metaArg) continue;
        io.stdout(`   ${s.status.padEnd(6)} line ${String(s.line).padStart(3)} ${s.display}${s.status === 'cached' ? '' : `  — ${s.reason.message}`}\n`);
      }
      const c = comparisons.find((x) => x.index === i);
      if (c) io.stdout(c.matched ? '   matches real.json\n' : `   differs from real.json:\n${c.differences.map((d) => `     - ${d}\n`).join('')}`);
    });
    return 0;
  },
};

export default command;
