import { expect, test } from 'vitest';
import { compareBuild } from '../../../src/core/scenario/compare.ts';
import type { ReportBuild } from '../../../src/core/scenario/types.ts';

const real: ReportBuild = {
  builder: 'buildkit', target: null, outcome: 'success', error: null, stagesBuilt: [0, 1],
  steps: [{ line: 2, stage: 0, instruction: 'RUN', status: 'run' }], image: { sizeBytes: 10000, layers: 2 },
};

test('a size within 1% and the same steps match', () => {
  expect(compareBuild(real, { ...real, image: { sizeBytes: 10090, layers: 2 } }, 0).matched).toBe(true);
});

test('a different step status is reported with its line', () => {
  const r = compareBuild(real, { ...real, steps: [{ line: 2, stage: 0, instruction: 'RUN', status: 'cached' }] }, 0);
  expect(r.differences).toEqual(['line 2 RUN: real run, simulated cached']);
});
