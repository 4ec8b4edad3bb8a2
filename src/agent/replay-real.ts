// `stagecraft replay SCENARIO_DIR --real`: replays a scenario on the real engine through the
// agent's docker driver and reports it in real.json's shape, so a scenario can be recorded, and the
// simulator held against the engine, with the same code the agent streams to the site.
//
// Every scenario starts from empty caches (shared/conformance/README.md), so, like
// shared/tools/record.mjs, the replay first resets the engine: stopped containers, every image but
// the kept base images (`local/busybox:1` and the scenario's declared images), and the BuildKit
// cache go. That is a development tool's privilege, never the agent's: the agent only removes what
// it created (./cleanup.ts).

import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { ScenarioReport, ScenarioSpec } from '../core/scenario/types.ts';
import { probeDocker, runBuild, type BuildkitMode } from './docker-driver.ts';
import { createProcessRunner, runToEnd, type DockerRunner } from './runner.ts';
import type { TarFile } from './tar.ts';
import { AGENT_LABEL, cleanupImages } from './cleanup.ts';

export const KEPT_IMAGES: readonly string[] = ['local/busybox:1'];

export interface RealReplayOptions {
  readonly runner?: DockerRunner;
  /** Progress lines (one per build) for a terminal. */
  readonly log?: (line: string) => void;
  readonly timeoutMs?: number;
}

function readFiles(root: string): Map<string, TarFile> {
  const files = new Map<string, TarFile>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else if (st.isFile()) {
        const rel = path.relative(root, full).split(path.sep).join('/');
        files.set(rel, { path: rel, content: new Uint8Array(readFileSync(full)), executable: (st.mode & 0o111) !== 0 });
      }
    }
  };
  if (existsSync(root)) walk(root);
  return files;
}

/** Removes everything but the kept images, as record.mjs's resetEngine does. */
export async function resetEngine(runner: DockerRunner, keep: readonly string[] = KEPT_IMAGES): Promise<void> {
  const keepIds = new Set<string>();
  for (const ref of keep) {
    const r = await runToEnd(runner, ['image', 'inspect', ref, '--format', '{{.Id}}']);
    if (r.code === 0) keepIds.add(r.stdout.trim());
  }
  await runToEnd(runner, ['container', 'prune', '-f']);
  for (let round = 0; round < 5; round++) {
    const all = (await runToEnd(runner, ['images', '-a', '--no-trunc', '-q'])).stdout.trim().split('\n').filter(Boolean);
    const drop = [...new Set(all)].filter((id) => !keepIds.has(id));
    if (drop.length === 0) break;
    for (const id of drop) await runToEnd(runner, ['rmi', '-f', id]);
  }
  await runToEnd(runner, ['builder', 'prune', '-af']);
}

/** Replays a scenario directory on the real engine. */
export async function replayReal(dir: string, options: RealReplayOptions = {}): Promise<ScenarioReport> {
  const runner = options.runner ?? createProcessRunner();
  const probe = await probeDocker(runner);
  if (probe.info === null) throw new Error(`no Docker engine reachable through ${runner.binary}: ${probe.error ?? 'unknown error'}`);
  const mode: BuildkitMode = probe.info.buildkit;
  const spec = JSON.parse(readFileSync(path.join(dir, 'scenario.json'), 'utf8')) as ScenarioSpec;
  const files = readFiles(path.join(dir, 'files'));
  await resetEngine(runner, [...new Set([...KEPT_IMAGES, ...Object.keys(spec.images ?? {})])]);
  const session = `replay${process.pid.toString(36)}`.slice(0, 16).toLowerCase();
  const builds = [];
  const journal = { tags: [] as string[], intermediateIds: [] as string[] };
  for (const [n, b] of spec.builds.entries()) {
    for (const [p, content] of Object.entries(b.edits ?? {})) {
      if (content === null) files.delete(p);
      else files.set(p, { path: p, content: new Uint8Array(Buffer.from(content, 'utf8')), executable: files.get(p)?.executable ?? false });
    }
    if (b.builder === 'buildkit' && mode === 'unavailable') throw new Error('this docker CLI cannot run BuildKit (no buildx plugin)');
    const result = await runBuild(
      {
        builder: b.builder,
        files: [...files.values()],
        dockerfilePath: b.dockerfile ?? 'Dockerfile',
        target: b.target ?? null,
        buildArgs: b.buildArgs ?? {},
        noCache: b.noCache === true,
        tag: `stagecraft-agent/${session}:${n + 1}`,
        labels: { [AGENT_LABEL]: '1' },
      },
      { runner, buildkitMode: mode, ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) },
    );
    journal.tags.push(`stagecraft-agent/${session}:${n + 1}`);
    journal.intermediateIds.push(...result.createdImageIds);
    options.log?.(`#${n + 1} ${b.builder}${b.target ? `@${b.target}` : ''}: ${result.report.outcome}${result.report.error ? ` (${result.report.error.kind})` : ''}`);
    builds.push(result.report);
  }
  // The replay's own images go; the build cache stays (the next replay resets it anyway).
  await cleanupImages(runner, journal);
  return { scenario: path.basename(path.resolve(dir)), engine: probe.info.server, builds };
}
