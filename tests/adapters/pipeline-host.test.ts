import { describe, expect, test } from 'vitest';
import { createPipelineHost } from '../../src/adapters/pipeline-host.ts';
import { DEFAULT_SETTINGS, type Scenario } from '../../src/core/session/scenario.ts';

const scenario: Scenario = {
  dockerfile: 'FROM busybox:1.28 AS build\nCOPY a.txt /a.txt\nRUN cat /a.txt > /b.txt\nFROM busybox:1.28\nCOPY --from=build /b.txt /b.txt\n',
  files: { 'a.txt': 'hello\n' },
  settings: DEFAULT_SETTINGS,
};

describe('the pipeline worker handler', () => {
  test('answers analyses and builds as structured-clone data, and reset empties the cache', () => {
    let t = 0;
    const handle = createPipelineHost(() => (t += 1));
    const analysis = handle({ type: 'analyze', id: 1, scenario });
    expect(analysis.type).toBe('analysis');
    if (analysis.type === 'analysis') {
      expect(structuredClone(analysis.analysis)).toEqual(analysis.analysis);
      expect(analysis.analysis.views[0]?.result.outcome).toBe('success');
    }
    const first = handle({ type: 'build', id: 2, scenario, builder: 'buildkit', options: { tags: ['app'] } });
    const second = handle({ type: 'build', id: 3, scenario, builder: 'buildkit', options: { tags: ['app'] } });
    expect(first.type === 'built' && second.type === 'built').toBe(true);
    // The worker gathers the known file texts before the clone drops the filesystem behind the image.
    if (first.type === 'built') expect(structuredClone(first).contents).toEqual({ '/b.txt': 'hello\n' });
    if (second.type === 'built') expect(second.build.result.steps.filter((s) => s.status === 'cached').length).toBeGreaterThan(0);
    expect(handle({ type: 'reset', id: 4 })).toEqual({ type: 'reset', id: 4 });
    const third = handle({ type: 'build', id: 5, scenario, builder: 'buildkit', options: {} });
    if (third.type === 'built') expect(third.build.result.steps.filter((s) => s.status === 'cached')).toEqual([]);
  });

  test('a build also carries the paths a RUN decided on a guessed condition, so the terminal can say they may exist', () => {
    const handle = createPipelineHost(() => 0);
    const guessed: Scenario = {
      dockerfile: 'FROM busybox:1.28\nRUN if grep -q avx /proc/cpuinfo; then mkdir /fast; fi\nRUN echo hi > /exact.txt\n',
      files: {},
      settings: DEFAULT_SETTINGS,
    };
    const built = handle({ type: 'build', id: 1, scenario: guessed, builder: 'buildkit', options: {} });
    expect(built.type).toBe('built');
    if (built.type !== 'built') return;
    const cloned = structuredClone(built);
    expect(cloned.uncertainPaths).toContain('/fast');
    expect(cloned.uncertainPaths).not.toContain('/exact.txt');
    expect(cloned.contents['/exact.txt']).toBe('hi\n');
  });
});
