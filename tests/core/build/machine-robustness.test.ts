import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import { simulationToEvents, type BuildEvent } from '../../../src/core/build/events.ts';
import { buildMachine } from '../../../src/core/build/machine.ts';
import { BUSYBOX, resultFrom } from './render/fixture-results.ts';

const events: BuildEvent[] = simulationToEvents(
  resultFrom({
    builder: 'buildkit',
    stages: [{ label: '', base: BUSYBOX }],
    steps: [
      { stage: 0, line: 1, instruction: 'FROM', text: 'FROM docker.io/local/busybox:1', pos: '1/2' },
      { stage: 0, line: 2, instruction: 'RUN', text: 'RUN true', pos: '2/2', output: ['x'] },
    ],
  }),
);

const commands = fc.constantFrom(
  { type: 'build.pause' } as const,
  { type: 'build.resume' } as const,
  { type: 'build.step' } as const,
  { type: 'build.cancel' } as const,
  { type: 'build.reset' } as const,
  { type: 'build.speed', speed: 3 } as const,
  { type: 'build.start', events } as const,
  { type: 'build.start', events, paused: true } as const,
  { type: 'build.start', live: true } as const,
);

describe('build machine under any sequence of commands', () => {
  test('never throws, never plays more events than it was given, and a finished build has a terminal event last', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(commands, fc.nat(400)), { maxLength: 30 }), (script) => {
        const clock = new SimulatedClock();
        const actor = createActor(buildMachine, { clock, input: { minStepDelayMs: 50 } });
        actor.start();
        for (const [command, wait] of script) {
          actor.send(command);
          for (let i = 0; i < wait; i += 50) clock.increment(50);
          const snapshot = actor.getSnapshot();
          expect(snapshot.context.emitted.length).toBeLessThanOrEqual(events.length + 1);
          if (snapshot.matches('succeeded')) expect(snapshot.context.emitted.at(-1)?.type).toBe('build.succeeded');
          if (snapshot.matches('canceled')) expect(snapshot.context.progress.outcome).toBe('canceled');
          if (snapshot.matches('idle')) expect(snapshot.context.emitted).toEqual([]);
        }
        actor.stop();
      }),
      { numRuns: 200 },
    );
  });
});
