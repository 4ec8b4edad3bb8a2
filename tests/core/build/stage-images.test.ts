import { describe, expect, test } from 'vitest';
import { parseForSimulation } from '../../../src/core/scenario/replay.ts';
import { buildContext, type ContextFile } from '../../../src/core/build/context.ts';
import { createBuildCache, simulateBuild, simulateStageImages, type SimulationInput } from '../../../src/core/build/simulate.ts';
import { catalogImageResolver } from '../../../src/core/build/catalog-images.ts';

const resolveImage = catalogImageResolver({ estimateUnknown: true });

// Stages built on each other, a stage copied from twice (identical COPY vertices merge in
// BuildKit), a stage read before it is defined, a failing stage and one that depends on it.
const dockerfile = [
  'FROM alpine:3.20 AS base',
  'RUN apk add --no-cache curl',
  'WORKDIR /src',
  'COPY app.txt ./',
  'FROM base AS build',
  'RUN mkdir -p /out && cp /src/app.txt /out/app && ln -s app /out/link',
  'FROM alpine:3.20 AS left',
  'COPY --from=build /out/ /pkg/',
  'FROM alpine:3.20 AS right',
  'COPY --from=build /out/ /pkg/',
  'RUN echo right > /pkg/right',
  'FROM alpine:3.20 AS early',
  'COPY --from=late /etc/os-release /late-os',
  'FROM alpine:3.20 AS late',
  'RUN echo late > /late',
  'FROM base AS broken',
  'RUN exit 3',
  'FROM broken AS after-broken',
  'RUN echo never > /never',
  'FROM scratch',
  'COPY --from=left /pkg/app /app',
  'COPY --from=right /pkg/right /right',
].join('\n');

function inputFor(text: string): SimulationInput {
  const files = new Map<string, ContextFile>([['Dockerfile', { content: text }], ['app.txt', { content: 'app\n' }]]);
  return { dockerfile: parseForSimulation(text), context: buildContext(files), request: { builder: 'buildkit' }, resolveImage };
}

describe('stage images for the per-stage views', () => {
  const names = ['base', 'build', 'left', 'right', 'early', 'late', 'broken', 'after-broken'];

  test('each stage image is what building that stage alone with --target on a fresh BuildKit cache makes (its own files and size)', () => {
    const input = inputFor(dockerfile);
    const images = simulateStageImages(input, names);
    for (const name of names) {
      const alone = simulateBuild({ ...input, request: { builder: 'buildkit', target: name } }, createBuildCache());
      const stage = alone.plan.targetIndex;
      const expected = alone.image
        ? { sizeBytes: alone.image.sizeBytes, files: alone.image.files.filter((f) => f.origin.kind === 'step' && f.origin.stage === stage) }
        : undefined;
      expect(images.get(name), name).toEqual(expected);
    }
    expect(images.get('broken')).toBeUndefined();
    expect(images.get('after-broken')).toBeUndefined();
    expect(images.get('right')?.files.map((f) => f.path)).toContain('/pkg/right');
  });

  test('stages a fresh BuildKit build already finished give the same images as a simulation of their own', () => {
    const input = inputFor(dockerfile);
    const full = simulateBuild(input, createBuildCache());
    expect(simulateStageImages(input, names, [full])).toEqual(simulateStageImages(inputFor(dockerfile), names));
  });
});
