// The cache report after a build: a step whose result the simulator could only guess says so, and
// a failed build shows what the failure means (BuildError.explanation), not only the engine's text.
// Rendered to static markup from a real simulated build.

import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, test } from 'vitest';
import { createPipelineDeps, createPlaygroundSession } from '../../src/core/session/pipeline.ts';
import { DEFAULT_SETTINGS, type Scenario } from '../../src/core/session/scenario.ts';
import { CacheReport } from '../../src/islands/CacheReport.tsx';

function report(dockerfile: string, builder: 'legacy' | 'buildkit'): string {
  const scenario: Scenario = { dockerfile, files: {}, settings: DEFAULT_SETTINGS };
  const build = createPlaygroundSession(createPipelineDeps()).build(scenario, builder);
  return renderToStaticMarkup(createElement(CacheReport, { builds: [build] }));
}

describe('the cache report', () => {
  test('marks a step the simulator could only guess, and explains a failure that rests on a guess', () => {
    const html = report('FROM busybox:1.28\nRUN echo one > /one.txt\nRUN set -e; test "$(hostname)" = x\n', 'legacy');
    expect(html).toContain('failed: The command');
    expect(html).toContain('a real build may succeed here');
    // The guessed RUN is marked, the exact one is not.
    const rows = html.split('<tr').filter((row) => row.includes('RUN'));
    expect(rows).toHaveLength(2);
    expect(rows[0]).not.toContain('sc-estimate');
    expect(rows[1]).toContain('sc-estimate');
  });

  test('a plain failure is explained without a guess', () => {
    const html = report('FROM busybox:1.28\nRUN false\n', 'buildkit');
    expect(html).toContain('The command exited with status 1, so the build stops at this step.');
    expect(html).not.toContain('sc-estimate');
  });
});
