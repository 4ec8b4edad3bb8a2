import { describe, expect, test } from 'vitest';
import { createPipelineDeps, createPlaygroundSession } from '../../../src/core/session/pipeline.ts';
import { DEFAULT_SETTINGS, type Scenario } from '../../../src/core/session/scenario.ts';
import { addImage, EMPTY_STORE, formatRun, type ImageStore } from '../../../src/core/terminal/index.ts';
import { collectKnownContents, collectUncertainPaths } from '../../../src/core/terminal/image-contents.ts';
import type { BuilderKind } from '../../../src/core/build/types.ts';

// Built like the playground's Build button: one session, then the image enters the terminal's store.
function buildAndStore(dockerfile: string, files: Record<string, string>, builder: BuilderKind = 'buildkit'): ImageStore {
  const session = createPlaygroundSession(createPipelineDeps());
  const scenario: Scenario = { dockerfile, files, settings: DEFAULT_SETTINGS };
  const build = session.build(scenario, builder, { tags: ['app'] });
  const image = build.result.image;
  if (!image) throw new Error(`the test build failed: ${build.result.error?.message ?? ''}`);
  const id = image.id.startsWith('sha256:') ? image.id : `sha256:${image.id.padEnd(64, '0')}`;
  return addImage(EMPTY_STORE, { id, tags: ['app'], builder, createdMs: 0, image, contents: collectKnownContents(image), uncertainPaths: collectUncertainPaths(image) });
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

describe('docker run IMAGE cat FILE says when the text is the simulator\'s guess', () => {
  const GUESSES = [
    'FROM local/busybox:1',
    'RUN echo hi > /hi.txt && echo old > /edited.txt',
    'RUN ls -l /tmp > /listing.txt && id > /id.txt',
    'RUN date > /stamp.txt',
    'RUN echo partly > /partly.txt && md5sum /partly.txt',
    'RUN ln -s /listing.txt /listing-link',
    'RUN sed -i s/old/new/ /edited.txt',
    '',
  ].join('\n');

  for (const builder of ['legacy', 'buildkit'] as const) {
    test(`${builder}: \`ls -l\` output prints its approximate text and then one line saying it is the simulator's approximation`, () => {
      const store = buildAndStore(GUESSES, {}, builder);
      const { lines, status } = formatRun(store, 'app', ['cat', '/listing.txt']);
      expect(status).toBe(0);
      expect(lines.slice(1, -1)).toEqual(['total 0']);
      expect(lines.at(-1)).toMatch(/^\[\/listing\.txt: the simulator's approximation, written by stage 0, line 3 RUN: a real engine writes what the build host and builder give .*may differ\]$/);
    });
  }

  test('`id` prints with the note: Engine 20.10 prints groups=0 under the legacy builder and no groups under BuildKit', () => {
    const lines = formatRun(buildAndStore(GUESSES, {}), 'app', ['cat', '/id.txt']).lines.slice(1);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('uid=0 gid=0 groups=0');
    expect(lines[1]).toContain("the simulator's approximation");
  });

  test('the output of a command the simulator does not model (date) is not invented: neither text nor size is claimed', () => {
    const { lines, status } = formatRun(buildAndStore(GUESSES, {}), 'app', ['cat', '/stamp.txt']);
    expect(status).toBe(0);
    expect(lines.slice(1)).toEqual([
      '[/stamp.txt: written by stage 0, line 4 RUN with the output of a command the simulator does not run (not modelled, or only estimated); it knows neither its contents nor its real size (the simulated file has 0 bytes)]',
    ]);
  });

  test('a file written in a step that also ran an unmodelled command (md5sum) prints its text with a note that it may differ', () => {
    const lines = formatRun(buildAndStore(GUESSES, {}), 'app', ['cat', '/partly.txt']).lines.slice(1);
    expect(lines[0]).toBe('partly');
    expect(lines[1]).toBe('[/partly.txt: the simulator\'s approximation, written by stage 0, line 5 RUN, which ran a command the simulator does not model; the real file may differ]');
    expect(lines).toHaveLength(2);
  });

  test('a file a later step edited with `sed -i` (not modelled) no longer shows its old text', () => {
    const lines = formatRun(buildAndStore(GUESSES, {}), 'app', ['cat', '/edited.txt']).lines.slice(1);
    expect(lines).toEqual(['[/edited.txt: written by stage 0, line 7 RUN with the output of a command the simulator does not run (not modelled, or only estimated); it knows neither its contents nor its real size (the simulated file has 4 bytes)]']);
  });

  test('an exact file of the same build still prints exactly, with no note', () => {
    expect(formatRun(buildAndStore(GUESSES, {}), 'app', ['cat', '/hi.txt']).lines.slice(1)).toEqual(['hi']);
  });

  test('a symlink to an approximated file does not show the text without its note', () => {
    const store = buildAndStore(GUESSES, {});
    expect(store.images[0]?.contents['/listing-link']).toBeUndefined();
    expect(formatRun(store, 'app', ['cat', '/listing-link']).lines[1]).toContain('not its contents');
  });

  test('the guess mark survives a structured clone (it is on the file provenance, not the filesystem)', () => {
    const session = createPlaygroundSession(createPipelineDeps());
    const image = session.build({ dockerfile: GUESSES, files: {}, settings: DEFAULT_SETTINGS }, 'buildkit').result.image;
    const clone = structuredClone(image);
    expect(clone?.files.find((f) => f.path === '/listing.txt')?.guess).toBe('host-dependent');
    expect(clone?.files.find((f) => f.path === '/hi.txt')?.guess).toBeUndefined();
  });
});

// /etc/resolv.conf is the build host's (both builders): whether it names Google's DNS is a guess.
describe('docker run IMAGE cat of what a RUN wrote or skipped on a guessed condition', () => {
  const GUESSED = [
    'FROM local/busybox:1',
    'RUN if grep -q 8.8.8.8 /etc/resolv.conf; then echo google > /dns; else echo other > /other-dns; fi',
    'RUN echo done > /done',
    '',
  ].join('\n');

  test('the file the branch taken wrote prints with a note that a real build may not have written it', () => {
    const { lines } = formatRun(buildAndStore(GUESSED, {}), 'app', ['cat', '/dns']);
    expect(lines[1]).toBe('google');
    expect(lines[2]).toMatch(/^\[\/dns: .*a condition the simulator could only guess/);
  });

  test('the file the other branch would write is missing, with a note that a real build may have it', () => {
    const { lines, status } = formatRun(buildAndStore(GUESSED, {}), 'app', ['cat', '/other-dns']);
    expect(status).toBe(1);
    expect(lines[1]).toBe("cat: can't open '/other-dns': No such file or directory");
    expect(lines[2]).toMatch(/^\[\/other-dns: missing in the simulated image, .*a real build may have it\]$/);
  });

  test('a later exact step stays exact', () => {
    expect(formatRun(buildAndStore(GUESSED, {}), 'app', ['cat', '/done']).lines.slice(1)).toEqual(['done']);
  });
});
