import { describe, expect, test } from 'vitest';
import { parseForSimulation } from '../../../src/core/scenario/replay.ts';
import { buildContext, type ContextFile } from '../../../src/core/build/context.ts';
import { createBuildCache, finalImageRootfs, simulateBuild, type SimulationInput } from '../../../src/core/build/simulate.ts';
import { catalogImageResolver } from '../../../src/core/build/catalog-images.ts';
import { createStepMemos, defaultStepMemos, type StepMemos } from '../../../src/core/build/step-memos.ts';
import { Rootfs } from '../../../src/core/fs/layered-fs.ts';
import type { Layer } from '../../../src/core/fs/layer.ts';
import type { BuildResult, BuilderKind } from '../../../src/core/build/types.ts';

// One step of each memoised kind: WORKDIR, COPY from the context, RUN through the shell model.
const text = 'FROM alpine:3.20\nWORKDIR /app\nCOPY app.txt ./\nRUN echo hi > /app/greeting\n';
const resolveImage = catalogImageResolver({ estimateUnknown: true });
const files = new Map<string, ContextFile>([['Dockerfile', { content: text }], ['app.txt', { content: 'app\n' }]]);

// Every simulation gets its own parse and context, as every keystroke does: only the memos can
// make two of them return the same layer objects.
function firstBuild(builder: BuilderKind, stepMemos?: StepMemos): BuildResult {
  const input: SimulationInput = { dockerfile: parseForSimulation(text), context: buildContext(files), request: { builder }, resolveImage };
  return simulateBuild(stepMemos ? { ...input, stepMemos } : input, createBuildCache());
}

/** The layers the build's steps committed, from its final image's filesystem (base layers left out). */
function stepLayers(result: BuildResult): readonly Layer[] {
  const fs = result.image ? finalImageRootfs(result.image) : undefined;
  if (!(fs instanceof Rootfs)) throw new Error(`no final filesystem (${result.outcome}: ${result.error?.message ?? ''})`);
  return fs.layers.slice(-3);
}

describe.each(['legacy', 'buildkit'] as const)('step memos (%s)', (builder) => {
  test('one store hands the same WORKDIR, COPY and RUN layer objects to a later first build', () => {
    const memos = createStepMemos();
    const first = stepLayers(firstBuild(builder, memos));
    const again = stepLayers(firstBuild(builder, memos));
    expect(first.map((l) => l.createdBy)).toEqual(['WORKDIR /app', 'COPY app.txt ./', 'RUN echo hi > /app/greeting']);
    for (let i = 0; i < first.length; i++) expect(again[i]).toBe(first[i]);
  });

  test('two stores share no layer, and their builds report the same thing', () => {
    const a = firstBuild(builder, createStepMemos());
    const b = firstBuild(builder, createStepMemos());
    const [layersA, layersB] = [stepLayers(a), stepLayers(b)];
    for (let i = 0; i < layersA.length; i++) {
      expect(layersB[i]).not.toBe(layersA[i]);
      expect(layersB[i]?.digest).toBe(layersA[i]?.digest);
    }
    expect(b).toEqual(a);
  });

  test('a build that names no store uses the default one, which remembers across calls', () => {
    const first = stepLayers(firstBuild(builder));
    const again = stepLayers(firstBuild(builder));
    const named = stepLayers(firstBuild(builder, defaultStepMemos));
    const other = stepLayers(firstBuild(builder, createStepMemos()));
    for (let i = 0; i < first.length; i++) {
      expect(again[i]).toBe(first[i]);
      expect(named[i]).toBe(first[i]);
      expect(other[i]).not.toBe(first[i]);
    }
    expect([...defaultStepMemos.runs.values()].some((outcome) => outcome.layer === first[2])).toBe(true);
  });
});
