import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { replayDir } from '../../src/cli/commands/replay.ts';
import { compareReports } from '../../src/core/scenario/compare.ts';

// Every recorded scenario (shared ones and ours) must replay to what the real Engine 20.10 did:
// outcome and error kind, stages built, every step's status, size within max(64 B, 1%).
const roots = [path.resolve('/work/shared/conformance/scenarios'), path.resolve(__dirname, '../scenarios')];
const dirs = roots.flatMap((root) =>
  existsSync(root)
    ? readdirSync(root)
        .map((name) => path.join(root, name))
        .filter((dir) => existsSync(path.join(dir, 'scenario.json')) && existsSync(path.join(dir, 'real.json')))
    : [],
);

describe('recorded scenarios replay like the real engine', () => {
  test('there are scenarios to replay', () => {
    expect(dirs.length).toBeGreaterThan(0);
  });
  for (const dir of dirs) {
    test(`${path.basename(dir)} matches real.json build by build`, () => {
      const { report, spec, real } = replayDir(dir);
      expect(real).toBeDefined();
      if (!real) return;
      const results = compareReports(real, report, spec.builds.map((b) => b.scored));
      const failures = results.filter((r) => !r.matched).map((r) => `build #${r.index + 1} (${real.builds[r.index]?.builder}):\n  ${r.differences.join('\n  ')}`);
      expect(failures.join('\n')).toBe('');
    });
  }
});

test('the scenario list includes the shared p01 scenario', () => {
  expect(dirs.some((d) => path.basename(d) === 'p01-jar-two-stage')).toBe(true);
  expect(readFileSync(path.join(dirs[0] ?? '', 'scenario.json'), 'utf8').length).toBeGreaterThan(0);
});
