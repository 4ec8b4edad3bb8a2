import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildArgv, RawJsonTranslator, runBuild } from '../../src/agent/docker-driver.ts';
import type { ScenarioReport } from '../../src/core/scenario/types.ts';
import { buildEventSchema } from '../../src/protocol/index.ts';
import { spyRunner } from './helpers.ts';

// The driver on canned engine output (no Docker needed): the logs kept in the shared recordings
// (real.json `log`, Engine 20.10) go through the driver's parsers; the report must be the recording's
// and every event valid on the wire.

const shared = path.resolve(__dirname, '../../../shared/conformance/scenarios');
const cases: [string, number][] = [
  ['p02-target-skips-lint', 2],
  ['p01-jar-two-stage', 3],
  ['p05-missing-artifact', 0],
  ['p05-missing-artifact', 1],
];

describe('recorded Engine 20.10 logs become the recorded report and valid events', () => {
  for (const [scenario, index] of cases) {
    test(`${scenario} build #${index + 1}`, async () => {
      const real = JSON.parse(readFileSync(path.join(shared, scenario, 'real.json'), 'utf8')) as ScenarioReport;
      const build = real.builds[index];
      if (build === undefined) throw new Error('missing build');
      const dockerfile = readFileSync(path.join(shared, scenario, 'files/Dockerfile'));
      const log = `${build.log ?? ''}\n`;
      const runner = spyRunner((args) => {
        if (args[0] === 'build') return build.builder === 'legacy' ? { stdout: log, code: build.outcome === 'success' ? 0 : 1 } : { stderr: log, code: build.outcome === 'success' ? 0 : 1 };
        if (args[0] === 'image') return { stdout: `${build.image?.sizeBytes ?? 0}|${build.image?.layers ?? 0}\n` };
        if (args[0] === 'history') return { stdout: '0B\n' };
        return {};
      });
      const result = await runBuild(
        { builder: build.builder, files: [{ path: 'Dockerfile', content: new Uint8Array(dockerfile) }], target: build.target, buildArgs: {}, noCache: false, tag: 'stagecraft-agent/test:1', labels: { 'io.stagecraft.agent': '1' } },
        { runner, buildkitMode: 'docker-build' },
      );
      expect(result.report.outcome).toBe(build.outcome);
      expect(result.report.error?.kind ?? null).toBe(build.error?.kind ?? null);
      expect(result.report.stagesBuilt).toEqual(build.stagesBuilt);
      expect(result.report.steps).toEqual(build.steps);
      if (build.image) expect(result.report.image?.sizeBytes).toBe(build.image.sizeBytes);
      for (const event of result.events) expect(buildEventSchema.safeParse(event).success, event.type).toBe(true);
      const last = result.events.at(-1);
      expect(last?.type).toBe(build.outcome === 'success' ? 'build.succeeded' : 'build.failed');
      // Every instruction step the report lists was started as an event with its line.
      const lines = new Set(result.events.flatMap((e) => (e.type === 'step.started' && e.step.line !== null ? [e.step.line] : [])));
      for (const step of build.steps) expect(lines.has(step.line)).toBe(true);
    });
  }
});

describe('argv', () => {
  const request = { builder: 'buildkit' as const, files: [], target: 'app', buildArgs: { A: 'b c' }, noCache: true, tag: 'stagecraft-agent/abc:1', labels: { 'io.stagecraft.agent': '1' } };
  test('BuildKit without buildx: DOCKER_BUILDKIT=1 docker build --progress=plain, the tar on stdin', () => {
    const { args, env } = buildArgv(request, 'docker-build', '/tmp/x/iid');
    expect(env).toEqual({ DOCKER_BUILDKIT: '1' });
    expect(args).toEqual(['build', '--progress=plain', '--iidfile', '/tmp/x/iid', '--label', 'io.stagecraft.agent=1', '-t', 'stagecraft-agent/abc:1', '--target', 'app', '--no-cache', '--build-arg', 'A=b c', '-']);
  });
  test('buildx with rawjson, and legacy with DOCKER_BUILDKIT=0 and --force-rm', () => {
    expect(buildArgv(request, 'buildx-rawjson', 'f').args.slice(0, 3)).toEqual(['buildx', 'build', '--progress=rawjson']);
    const legacy = buildArgv({ ...request, builder: 'legacy' }, 'docker-build', 'f');
    expect(legacy.env).toEqual({ DOCKER_BUILDKIT: '0' });
    expect(legacy.args.slice(0, 3)).toEqual(['build', '--rm', '--force-rm']);
    expect(legacy.args).not.toContain('--progress=plain');
  });
});

describe('buildx rawjson becomes plain-progress lines', () => {
  test('vertices, cache hits, logs, errors', () => {
    const t = new RawJsonTranslator();
    const lines = [
      ...t.translate(JSON.stringify({ vertexes: [{ digest: 'sha256:a', name: '[1/2] FROM docker.io/local/busybox:1', cached: true }] })),
      ...t.translate(JSON.stringify({ vertexes: [{ digest: 'sha256:b', name: '[2/2] RUN echo hi', started: '2024-01-01T00:00:00Z' }] })),
      ...t.translate(JSON.stringify({ logs: [{ vertex: 'sha256:b', stream: 1, data: Buffer.from('hi\n').toString('base64') }] })),
      ...t.translate(JSON.stringify({ vertexes: [{ digest: 'sha256:b', name: '[2/2] RUN echo hi', started: '2024-01-01T00:00:00Z', completed: '2024-01-01T00:00:01.5Z', error: 'exit code: 1' }] })),
      ...t.translate('ERROR: failed to solve'),
    ];
    expect(lines).toEqual(['#1 [1/2] FROM docker.io/local/busybox:1', '#1 CACHED', '#2 [2/2] RUN echo hi', '#2 0.000 hi', '#2 ERROR: exit code: 1', 'ERROR: failed to solve']);
  });
});

describe('.dockerignore is applied to the tar, as the docker CLI does for a directory context', () => {
  test('ignored files are left out; re-included ones, the Dockerfile and .dockerignore always go', async () => {
    const { contextFiles } = await import('../../src/agent/docker-driver.ts');
    const file = (p: string, text = 'x') => ({ path: p, content: new Uint8Array(Buffer.from(text)) });
    const kept = contextFiles(
      [file('.dockerignore', '*.log\nsecrets/\n!keep.log\nDockerfile\n.dockerignore\n'), file('Dockerfile'), file('app.txt'), file('debug.log'), file('keep.log'), file('secrets/key.txt'), file('sub/x.log')],
      'Dockerfile',
    ).map((f) => f.path);
    expect(kept).toEqual(['.dockerignore', 'Dockerfile', 'app.txt', 'keep.log', 'sub/x.log']);
  });
});
