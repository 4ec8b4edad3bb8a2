import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isBuildEvent, simulationToEvents, type BuildEvent } from '../../../../src/core/build/events.ts';
import { progressFromEvents } from '../../../../src/core/build/machine-progress.ts';
import { renderBuildkitPlainLog } from '../../../../src/core/build/render/buildkit-plain.ts';
import { renderBuildkitSummary } from '../../../../src/core/build/render/buildkit-tty.ts';
import { renderLegacyLog } from '../../../../src/core/build/render/legacy.ts';
import { maskBuildLog } from '../../../../src/core/build/render/mask.ts';
import { BUSYBOX, resultFrom, SCRATCH, type ResultSpec } from './fixture-results.ts';

// The renderers and the progress fold take events from the network (the agent) as well as from
// the simulator, so they must survive events out of order, repeated, missing or malformed.

const spec = (builder: 'legacy' | 'buildkit', failing = true): ResultSpec => ({
  builder,
  stages: [
    { name: 'build', label: 'build', base: BUSYBOX },
    { label: 'stage-1', base: SCRATCH },
  ],
  steps: [
    { stage: 0, line: 1, instruction: 'FROM', text: 'FROM local/busybox:1', ...(builder === 'buildkit' ? { pos: '1/3' } : {}) },
    { stage: 0, line: 2, instruction: 'COPY', text: 'COPY . /src', ...(builder === 'buildkit' ? { pos: '2/3' } : {}) },
    { stage: 0, line: 3, instruction: 'RUN', text: 'RUN make', output: ['a', 'b'], ...(builder === 'buildkit' ? { pos: '3/3' } : {}) },
    { stage: 1, line: 5, instruction: 'FROM', text: 'FROM scratch' },
    { stage: 1, line: 6, instruction: 'COPY', text: 'COPY --from=build /out /out', ...(builder === 'buildkit' ? { pos: '1/1' } : {}) },
  ],
  ...(failing ? { error: { kind: 'run-failed', message: 'exit code: 2', step: 2 } } : {}),
});

const valid: BuildEvent[] = [
  ...simulationToEvents(resultFrom(spec('legacy', false)), { tags: ['x'] }),
  ...simulationToEvents(resultFrom(spec('legacy'))),
  ...simulationToEvents(resultFrom(spec('buildkit', false)), { tags: ['x'] }),
  ...simulationToEvents(resultFrom(spec('buildkit'))),
];

function renderEverything(events: readonly BuildEvent[]): void {
  renderLegacyLog(events, { color: 'ansi' });
  renderBuildkitPlainLog(events, { color: 'ansi' });
  renderBuildkitSummary(events, { color: 'ansi', width: 40 });
  progressFromEvents(events);
}

describe('odd event streams', () => {
  test('the fixture streams are valid events, so the shuffles below exercise real shapes', () => {
    expect(valid.length).toBeGreaterThan(40);
    expect(valid.every(isBuildEvent)).toBe(true);
  });

  test('renderers and the progress fold never throw on shuffled, repeated or missing events', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(valid.length - 1), { maxLength: 80 }), (indices) => {
        renderEverything(indices.map((index) => valid[index] as BuildEvent));
      }),
      { numRuns: 300 },
    );
  });

  test('events with a field replaced by junk are rejected by isBuildEvent or rendered without throwing', () => {
    fc.assert(
      fc.property(fc.nat(valid.length - 1), fc.string(), fc.anything(), (index, key, junk) => {
        const event = valid[index] as BuildEvent;
        const keys = Object.keys(event);
        const field = keys[key.length % keys.length] ?? 'type';
        const mutated: unknown = { ...event, [field]: junk };
        const accepted = [mutated].filter(isBuildEvent);
        renderEverything(accepted);
      }),
      { numRuns: 500 },
    );
  });

  test('arbitrary values are never taken for events unless they have an event’s shape', () => {
    fc.assert(
      fc.property(fc.array(fc.anything()), (values) => {
        renderEverything(values.filter(isBuildEvent));
      }),
      { numRuns: 200 },
    );
    expect(isBuildEvent({ type: 'step.started', builder: 'buildkit', timeMs: 0 })).toBe(false);
    expect(isBuildEvent({ type: 'step.log', builder: 'legacy', timeMs: -1, stepId: 'a', stream: 'stdout', text: '' })).toBe(false);
    expect(isBuildEvent({ type: 'build.canceled', builder: 'legacy', timeMs: 3, durationMs: 3 })).toBe(true);
  });

  test('masking accepts any text', () => {
    fc.assert(fc.property(fc.string(), (text) => typeof maskBuildLog(text) === 'string'));
  });
});
