import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { replayReal } from '../../src/agent/replay-real.ts';
import { createProcessRunner, defaultDockerBinary, runToEnd } from '../../src/agent/runner.ts';
import { startAgent } from '../../src/agent/server.ts';
import { cleanupImages } from '../../src/agent/cleanup.ts';
import { runBuild } from '../../src/agent/docker-driver.ts';
import { compareReports } from '../../src/core/scenario/compare.ts';
import type { ScenarioReport, ScenarioSpec } from '../../src/core/scenario/types.ts';
import { parseBuildEventLine } from '../../src/protocol/index.ts';
import { rawRequest, requestText } from './helpers.ts';

// Against a real Docker engine (CI starts one; see .ci/run). Every shared scenario is replayed on
// the engine through the agent's driver and must match its real.json with
// shared/tools/compare-scenarios.mjs's rules (builds marked "scored": false are skipped).
// The replay resets the engine like record.mjs does (every image but local/busybox:1), so these
// tests run one after another in this one file.

const docker = defaultDockerBinary();
const reachable = spawnSync(docker, ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8' }).status === 0;
const hasBase = reachable && spawnSync(docker, ['image', 'inspect', 'local/busybox:1'], { encoding: 'utf8' }).status === 0;
const why = !reachable
  ? `no Docker daemon reachable through ${docker}: real-engine tests skipped (run ../shared/tools/setup-docker.sh)`
  : 'local/busybox:1 is missing: real-engine tests skipped (run ../shared/tools/setup-docker.sh)';
if (!hasBase) console.warn(`[tests/agent/real-engine] ${why}`);
// CI sets STAGECRAFT_REQUIRE_DOCKER=1 after starting dockerd, so a missing engine fails the run
// instead of quietly skipping the tests that prove the agent against a real one.
const requireDocker = process.env['STAGECRAFT_REQUIRE_DOCKER'] === '1';
test.runIf(requireDocker && !hasBase)('a real Docker engine is available (STAGECRAFT_REQUIRE_DOCKER=1)', () => {
  expect.fail(why);
});

const root = path.resolve(__dirname, '../../../shared/conformance/scenarios');
const dirs = existsSync(root)
  ? readdirSync(root)
      .map((name) => path.join(root, name))
      .filter((dir) => existsSync(path.join(dir, 'scenario.json')) && existsSync(path.join(dir, 'real.json')))
  : [];

describe.runIf(hasBase).sequential('replay --real matches every shared scenario recording', () => {
  test('there are shared scenarios', () => {
    expect(dirs.length).toBeGreaterThan(0);
  });
  for (const dir of dirs) {
    test(
      `${path.basename(dir)}`,
      async () => {
        const spec = JSON.parse(readFileSync(path.join(dir, 'scenario.json'), 'utf8')) as ScenarioSpec;
        const real = JSON.parse(readFileSync(path.join(dir, 'real.json'), 'utf8')) as ScenarioReport;
        const report = await replayReal(dir);
        const results = compareReports(real, report, spec.builds.map((b) => b.scored));
        const failures = results.filter((r) => !r.matched).map((r) => `build #${r.index + 1} (${real.builds[r.index]?.builder}):\n  ${r.differences.join('\n  ')}`);
        expect(failures.join('\n')).toBe('');
      },
      240_000,
    );
  }
});

describe.runIf(hasBase).sequential('the agent removes only the images it built', () => {
  test(
    'decoys tagged by the user, labelled otherwise, or named like ours survive cleanup; the agent images go',
    async () => {
      const runner = createProcessRunner(docker);
      const decoys = ['user/app:latest', 'stagecraft-agentx/foo:1', 'decoy-labelled:1'];
      await runToEnd(runner, ['tag', 'local/busybox:1', 'user/app:latest']);
      await runToEnd(runner, ['tag', 'local/busybox:1', 'stagecraft-agentx/foo:1']);
      const labelled = await runToEnd(runner, ['build', '-q', '--label', 'io.stagecraft.agent=1', '-t', 'decoy-labelled:1', '-'], {
        env: { DOCKER_BUILDKIT: '0' },
        stdin: new Uint8Array(Buffer.from('FROM local/busybox:1\nRUN echo decoy > /decoy\n')),
      });
      expect(labelled.code).toBe(0);
      const origin = 'http://localhost:4321';
      const agent = await startAgent({ runner, allowedOrigins: [origin] });
      let tag = '';
      try {
        try {
          const paired = await rawRequest(agent.port, requestText(agent.port, { path: '/v1/pair', body: JSON.stringify({ code: agent.pairing().code }) }, { origin }));
          const token = (JSON.parse(paired.body) as { token: string }).token;
          const body = JSON.stringify({
            builder: 'legacy',
            dockerfile: 'FROM local/busybox:1\nCOPY a.txt /a\nRUN cat /a > /b\n',
            files: [{ path: 'a.txt', contentBase64: Buffer.from(`cleanup ${Date.now()}\n`).toString('base64') }],
          });
          const res = await rawRequest(agent.port, requestText(agent.port, { token, body }, { origin }), 120_000);
          const events = res.body.trim().split('\n').map(parseBuildEventLine);
          const last = events.at(-1);
          expect(last?.type).toBe('build.succeeded');
          tag = last?.type === 'build.succeeded' ? (last.tags[0] ?? '') : '';
          // The user tags the agent's image too: the user's name must survive our cleanup.
          await runToEnd(runner, ['tag', tag, 'user/kept-copy:1']);
          const cleaned = await rawRequest(agent.port, requestText(agent.port, { path: '/v1/cleanup', token, body: '{}' }, { origin }));
          expect(cleaned.status).toBe(200);
          expect((JSON.parse(cleaned.body) as { removedTags: string[] }).removedTags).toEqual([tag]);
        } finally {
          await agent.close();
        }
        for (const decoy of [...decoys, 'user/kept-copy:1']) {
          expect((await runToEnd(runner, ['image', 'inspect', decoy])).code, `${decoy} survives`).toBe(0);
        }
        expect((await runToEnd(runner, ['image', 'inspect', tag])).code).not.toBe(0);
        const leftovers = await runToEnd(runner, ['images', '--format', '{{.Repository}}', '--filter', 'reference=stagecraft-agent/*']);
        expect(leftovers.stdout.trim()).toBe('');
        // The sweep removes agent-namespace images even without a journal, still never the decoys.
        await cleanupImages(runner, { tags: [], intermediateIds: [] }, true);
        for (const decoy of decoys) expect((await runToEnd(runner, ['image', 'inspect', decoy])).code).toBe(0);
      } finally {
        // Our own decoys: this test made them, so it removes them.
        for (const decoy of [...decoys, 'user/kept-copy:1']) await runToEnd(runner, ['image', 'rm', decoy]);
      }
    },
    180_000,
  );
});

describe.runIf(hasBase).sequential('a build past its timeout is killed with its process group', () => {
  for (const builder of ['legacy', 'buildkit'] as const) {
    test(
      `${builder}: RUN sleep 60 with a 3 s timeout ends as failed within seconds and leaves no container`,
      async () => {
        const runner = createProcessRunner(docker);
        const before = (await runToEnd(runner, ['ps', '-aq'])).stdout.trim();
        const started = Date.now();
        const result = await runBuild(
          {
            builder,
            files: [{ path: 'Dockerfile', content: new Uint8Array(Buffer.from(`FROM local/busybox:1\nRUN sleep 60 # ${started}\n`)) }],
            target: null,
            buildArgs: {},
            noCache: false,
            tag: `stagecraft-agent/timeout${started}:1`,
            labels: { 'io.stagecraft.agent': '1' },
          },
          { runner, buildkitMode: 'docker-build', timeoutMs: 3000 },
        );
        expect(result.outcome).toBe('timeout');
        expect(Date.now() - started).toBeLessThan(15_000);
        const last = result.events.at(-1);
        expect(last?.type === 'build.failed' ? last.error.message : '').toMatch(/longer than 3 s/);
        await new Promise((r) => setTimeout(r, 3000));
        expect((await runToEnd(runner, ['ps', '-aq'])).stdout.trim()).toBe(before);
      },
      60_000,
    );
  }
});

test.skipIf(hasBase)(`real-engine tests: ${why}`, () => {
  expect(hasBase).toBe(false);
});
