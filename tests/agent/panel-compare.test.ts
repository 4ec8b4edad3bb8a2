import { describe, expect, test } from 'vitest';
import { diffBuilds, summarize } from '../../src/islands/agent/compare.ts';
import { replayDir } from '../../src/cli/commands/replay.ts';
import { simulationToEvents, type BuildEvent } from '../../src/core/build/events.ts';
import path from 'node:path';

const p01 = path.resolve(__dirname, '../../../shared/conformance/scenarios/p01-jar-two-stage');

describe('the side-by-side comparison', () => {
  const { builds } = replayDir(p01);
  const first = builds[0];
  const second = builds[1];
  test('a simulated build compared with itself agrees on every judged row', () => {
    const events = simulationToEvents(first?.result ?? (undefined as never));
    const rows = diffBuilds(summarize(events), summarize(events));
    expect(rows.filter((r) => r.agree === false)).toEqual([]);
    expect(rows.some((r) => r.key === 'time' && r.agree === null)).toBe(true);
    expect(rows.filter((r) => r.key.startsWith('step-')).map((r) => r.simulated)).toEqual(['ran', 'ran', 'ran', 'ran', 'ran', 'ran', 'ran']);
  });
  test('a cached step against a ran step, and another size, are flagged', () => {
    const a = summarize(simulationToEvents(first?.result ?? (undefined as never)));
    const b = summarize(simulationToEvents(second?.result ?? (undefined as never)));
    const rows = diffBuilds(a, b);
    const line2 = rows.find((r) => r.key === 'step-2');
    expect(line2).toMatchObject({ simulated: 'ran', real: 'cached', agree: false });
    expect(rows.find((r) => r.key === 'step-5')?.agree).toBe(true);
    expect(rows.find((r) => r.key === 'stages')?.agree).toBe(true);
  });
  test('a failed real build against a succeeding simulation is flagged on outcome and size', () => {
    const sim = summarize(simulationToEvents(first?.result ?? (undefined as never)));
    const real: BuildEvent[] = [
      { type: 'build.started', builder: 'buildkit', timeMs: 0, target: null, tags: [], buildArgs: {}, noCache: false, contextBytes: 0, dockerfileTransferBytes: 0 },
      { type: 'build.failed', builder: 'buildkit', timeMs: 10, error: { kind: 'run-failed', message: 'x' }, durationMs: 10 },
    ];
    const rows = diffBuilds(sim, summarize(real));
    expect(rows.find((r) => r.key === 'outcome')).toMatchObject({ real: 'failed (run-failed)', agree: false });
    expect(rows.find((r) => r.key === 'size')?.agree).toBe(false);
    expect(rows.find((r) => r.key === 'step-4')).toMatchObject({ real: 'not reported', agree: false });
  });
});
