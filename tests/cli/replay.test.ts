import { expect, test } from 'vitest';
import { main, type CliIo } from '../../src/cli/main.ts';

function capture(): { io: CliIo; out: () => string } {
  let text = '';
  return { io: { stdout: (t) => { text += t; }, stderr: (t) => { text += t; } }, out: () => text };
}

const p01 = '/work/shared/conformance/scenarios/p01-jar-two-stage';

test('replay --json prints the report in real.json shape', async () => {
  const c = capture();
  expect(await main(['replay', p01, '--json'], c.io)).toBe(0);
  const report = JSON.parse(c.out()) as { builds: { builder: string; stagesBuilt: number[]; steps: { line: number; status: string }[]; image: { sizeBytes: number } }[] };
  expect(report.builds.map((b) => b.builder)).toEqual(['buildkit', 'buildkit', 'legacy', 'legacy']);
  expect(report.builds[1]?.steps.find((s) => s.line === 5)?.status).toBe('run');
  expect(report.builds[0]?.image.sizeBytes).toBe(1982420);
});

test('replay without --json explains each step and compares with real.json', async () => {
  const c = capture();
  expect(await main(['replay', p01], c.io)).toBe(0);
  expect(c.out()).toContain('COPY source src/Main.java changed');
  expect(c.out()).toContain('matches real.json');
});

test('replay without a scenario directory prints usage and exits 2', async () => {
  const c = capture();
  expect(await main(['replay'], c.io)).toBe(2);
  expect(c.out()).toContain('Usage: stagecraft replay');
});
