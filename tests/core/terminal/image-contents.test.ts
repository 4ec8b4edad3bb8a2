import { describe, expect, test } from 'vitest';
import { createPipelineDeps, createPlaygroundSession } from '../../../src/core/session/pipeline.ts';
import { DEFAULT_SETTINGS, type Scenario } from '../../../src/core/session/scenario.ts';
import { addImage, EMPTY_STORE, formatRun, type ImageStore } from '../../../src/core/terminal/index.ts';
import { collectKnownContents } from '../../../src/core/terminal/image-contents.ts';
import type { BuilderKind } from '../../../src/core/build/types.ts';

// Built like the playground's Build button: one session, then the image enters the terminal's store.
function buildAndStore(dockerfile: string, files: Record<string, string>, builder: BuilderKind = 'buildkit'): ImageStore {
  const session = createPlaygroundSession(createPipelineDeps());
  const scenario: Scenario = { dockerfile, files, settings: DEFAULT_SETTINGS };
  const build = session.build(scenario, builder, { tags: ['app'] });
  const image = build.result.image;
  if (!image) throw new Error(`the test build failed: ${build.result.error?.message ?? ''}`);
  return addImage(EMPTY_STORE, { id: image.id.startsWith('sha256:') ? image.id : `sha256:${image.id.padEnd(64, '0')}`, tags: ['app'], builder, createdMs: 0, image, contents: collectKnownContents(image) });
}

// Dockerfile of the learner's first experiment: a file a RUN wrote, one from another stage.
const MULTI_STAGE = [
  'FROM local/busybox:1 AS gen',
  'RUN printf "one\\ntwo\\n" > /gen.txt',
  'FROM local/busybox:1',
  'RUN echo hi > /a.txt',
  'RUN cp /a.txt /b.txt && echo more >> /b.txt',
  'COPY --from=gen /gen.txt /from-gen.txt',
  'COPY app.txt /app.txt',
  '',
].join('\n');

describe('docker run IMAGE cat FILE prints what the build wrote', () => {
  for (const builder of ['legacy', 'buildkit'] as const) {
    test(`${builder}: a file RUN echo wrote prints its text, as the engine does`, () => {
      const store = buildAndStore(MULTI_STAGE, { 'app.txt': 'ctx\n' }, builder);
      const { lines, status } = formatRun(store, 'app', ['cat', '/a.txt']);
      expect(lines.slice(1)).toEqual(['hi']);
      expect(status).toBe(0);
    });
  }

  test('a file cp and >> made in a RUN prints both lines', () => {
    const store = buildAndStore(MULTI_STAGE, { 'app.txt': 'ctx\n' });
    expect(formatRun(store, 'app', ['cat', '/b.txt']).lines.slice(1)).toEqual(['hi', 'more']);
  });

  test('a file COPY --from brought in from another stage prints the text that stage wrote', () => {
    const store = buildAndStore(MULTI_STAGE, { 'app.txt': 'ctx\n' });
    expect(formatRun(store, 'app', ['cat', '/from-gen.txt']).lines.slice(1)).toEqual(['one', 'two']);
  });

  test('a file copied from the build context prints the context text, also through sh -c', () => {
    const store = buildAndStore(MULTI_STAGE, { 'app.txt': 'ctx\n' });
    expect(formatRun(store, 'app', ['sh', '-c', 'cat /app.txt']).lines.slice(1)).toEqual(['ctx']);
  });

  test('a base-image file says its contents are unknown instead of inventing them', () => {
    const store = buildAndStore(MULTI_STAGE, { 'app.txt': 'ctx\n' });
    const { lines, status } = formatRun(store, 'app', ['cat', '/bin/busybox']);
    expect(status).toBe(0);
    expect(lines.slice(1)).toHaveLength(1);
    expect(lines[1]).toContain('/bin/busybox: 1.98MB (1982256 bytes) from the base image local/busybox:1');
    expect(lines[1]).toContain('not its contents');
  });

  test('a catalog base image\'s skeleton text (/etc/os-release) is not shown as the real file', () => {
    const store = buildAndStore('FROM alpine:3.19\nRUN echo x > /x\n', {});
    expect(formatRun(store, 'app', ['cat', '/etc/os-release']).lines[1]).toContain('not its contents');
    expect(formatRun(store, 'app', ['cat', '/x']).lines.slice(1)).toEqual(['x']);
  });

  test('a build tool\'s output (a knowledge-base estimate) says its contents are unknown', () => {
    const store = buildAndStore('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n', { 'go.mod': 'module x\n', 'main.go': 'package main\n\nfunc main() {}\n' });
    const { lines } = formatRun(store, 'app', ['cat', '/out/app']);
    expect(lines[1]).toMatch(/^\[\/out\/app: .* written by stage 0, line 4 RUN; the simulator knows its size and origin, not its contents/);
    expect(formatRun(store, 'app', ['cat', '/src/go.mod']).lines.slice(1)).toEqual(['module x']);
  });

  test('a missing file prints busybox\'s error and exits 1 (docker run --rm local/busybox:1 cat /nope)', () => {
    const store = buildAndStore(MULTI_STAGE, { 'app.txt': 'ctx\n' });
    expect(formatRun(store, 'app', ['cat', '/nope'])).toEqual({ lines: [expect.stringContaining('# would run'), "cat: can't open '/nope': No such file or directory"], status: 1 });
    expect(formatRun(store, 'app', ['cat', '/bin']).lines.slice(1)).toEqual(['cat: read error: Is a directory']);
  });

  test('an image that lost its filesystem (a structured clone) knows no contents', () => {
    const session = createPlaygroundSession(createPipelineDeps());
    const image = session.build({ dockerfile: MULTI_STAGE, files: { 'app.txt': 'ctx\n' }, settings: DEFAULT_SETTINGS }, 'buildkit').result.image;
    expect(image).toBeDefined();
    if (image) expect(collectKnownContents(structuredClone(image))).toEqual({});
  });
});
