// Runs one real `docker build` through the docker CLI and turns its log into the same
// `BuildEvent` stream the simulator emits (src/core/build/events.ts) and into the replay report
// (real.json's shape, with shared/tools/record.mjs's rules: ./log-report.ts).
//
// Builders (agent-security.md §6.1):
// - legacy: `DOCKER_BUILDKIT=0 docker build … -` prints `Step N/M : …`, ` ---> Using cache`,
//   ` ---> Running in <id>`, ` ---> <id>` on stdout;
// - BuildKit with buildx: `docker buildx build --progress=rawjson … -`: one SolveStatus JSON per
//   line on stderr (moby/buildkit#4113); turned into plain-progress lines so one parser serves;
// - BuildKit without buildx (Debian's docker.io 20.10): `DOCKER_BUILDKIT=1 docker build
//   --progress=plain … -`: `#N [stage k/n] …`, `#N CACHED`, `#N DONE 0.2s`, `#N ERROR: …` on stderr.
// The context is a tar this agent wrote itself (./tar.ts), piped on stdin. Sizes come from
// `docker image inspect` (`.Size`, `.RootFS.Layers`, as record.mjs reads them) and the history
// row count from `docker history`.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BuildEvent, StepInfo } from '../core/build/events.ts';
import type { BuilderKind } from '../core/build/types.ts';
import { readRecorderModel, type RecorderModel } from '../core/scenario/recorder-model.ts';
import type { ReportBuild } from '../core/scenario/types.ts';
import { BUILDKIT_VERTEX, buildkitInstruction, legacyInstruction, reportFromLog } from './log-report.ts';
import { runToEnd, type DockerRunner } from './runner.ts';
import { writeTar, type TarFile } from './tar.ts';
import { parseDockerignore } from '../core/build/context.ts';

/** How this machine's docker CLI runs BuildKit. */
export type BuildkitMode = 'buildx-rawjson' | 'buildx-plain' | 'docker-build' | 'unavailable';

export interface DockerInfo {
  readonly client: string;
  readonly server: string;
  readonly buildkit: BuildkitMode;
}

/** Asks the CLI for its versions and how BuildKit can be driven; null with a reason when unreachable. */
export async function probeDocker(runner: DockerRunner): Promise<{ info: DockerInfo | null; error?: string }> {
  const version = await runToEnd(runner, ['version', '--format', '{{.Client.Version}}|{{.Server.Version}}']);
  const [client = '', server = ''] = version.stdout.trim().split('|');
  if (version.code !== 0 || server === '') {
    return { info: null, error: (version.stderr.trim().split('\n').pop() ?? '') || `${runner.binary} version failed` };
  }
  let buildkit: BuildkitMode = 'docker-build';
  const buildx = await runToEnd(runner, ['buildx', 'version']);
  if (buildx.code === 0) {
    const help = await runToEnd(runner, ['buildx', 'build', '--help']);
    buildkit = help.stdout.includes('rawjson') ? 'buildx-rawjson' : 'buildx-plain';
  } else if (Number(client.split('.')[0]) >= 23) {
    // Since CLI 23, `DOCKER_BUILDKIT=1 docker build` needs the buildx plugin.
    buildkit = 'unavailable';
  }
  return { info: { client, server, buildkit } };
}

export interface DriverBuildRequest {
  readonly builder: BuilderKind;
  /** Every file of the context, the Dockerfile included (at `dockerfilePath`). */
  readonly files: readonly TarFile[];
  readonly dockerfilePath?: string;
  readonly target: string | null;
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly noCache: boolean;
  /** `stagecraft-agent/<session>:<n>`. */
  readonly tag: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface DriverOptions {
  readonly runner: DockerRunner;
  readonly buildkitMode: BuildkitMode;
  readonly onEvent?: (event: BuildEvent) => void;
  readonly signal?: AbortSignal;
  /** Kills the build's process group after this long (default 300 s). */
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

export interface DriverResult {
  readonly outcome: 'success' | 'error' | 'canceled' | 'timeout';
  readonly events: readonly BuildEvent[];
  readonly report: ReportBuild;
  readonly imageId: string | null;
  /** Legacy: ids of intermediate images this build created (for cleanup; never cached ones). */
  readonly createdImageIds: readonly string[];
  readonly argv: readonly string[];
}

/** The argv for one build: a fixed template, page values only in validated slots. */
export function buildArgv(request: DriverBuildRequest, mode: BuildkitMode, iidfile: string): { args: string[]; env: Record<string, string> } {
  const common: string[] = ['--iidfile', iidfile];
  for (const [key, value] of Object.entries(request.labels)) common.push('--label', `${key}=${value}`);
  common.push('-t', request.tag);
  if (request.target !== null) common.push('--target', request.target);
  if (request.noCache) common.push('--no-cache');
  for (const [key, value] of Object.entries(request.buildArgs)) common.push('--build-arg', `${key}=${value}`);
  if (request.dockerfilePath !== undefined && request.dockerfilePath !== 'Dockerfile') common.push('-f', request.dockerfilePath);
  if (request.builder === 'legacy') {
    return { args: ['build', '--rm', '--force-rm', ...common, '-'], env: { DOCKER_BUILDKIT: '0' } };
  }
  if (mode === 'buildx-rawjson') return { args: ['buildx', 'build', '--progress=rawjson', '--load', '--provenance=false', ...common, '-'], env: {} };
  if (mode === 'buildx-plain') return { args: ['buildx', 'build', '--progress=plain', '--load', ...common, '-'], env: {} };
  return { args: ['build', '--progress=plain', ...common, '-'], env: { DOCKER_BUILDKIT: '1' } };
}

type Emit = (event: BuildEvent) => void;

interface StageTracker {
  started: Map<number, { failed: boolean; canceled: boolean }>;
}

function stageNaming(model: RecorderModel, stage: number, builder: BuilderKind): { name: string | null; label: string } {
  const name = model.stages[stage]?.name ?? null;
  if (builder === 'legacy') return { name, label: name ?? '' };
  return { name, label: name ?? (model.stages.length === 1 ? '' : `stage-${stage}`) };
}

/** Legacy builder log → events. */
class LegacyParser {
  private current: { info: StepInfo; start: number; cached: boolean; removed?: string; ended: boolean } | null = null;
  private stage: number | null = null;
  readonly created: string[] = [];
  constructor(
    private readonly model: RecorderModel,
    private readonly emit: Emit,
    private readonly clock: () => number,
    private readonly stages: StageTracker,
  ) {}

  line(text: string, stream: 'stdout' | 'stderr'): void {
    const t = this.clock();
    const step = /^Step (\d+)\/(\d+) : (.*)$/.exec(text);
    if (step) {
      const n = Number(step[1]);
      const ins = legacyInstruction(this.model, n);
      if (ins === undefined) {
        // The CLI's own `--label` step, appended after the file's last instruction.
        this.current = null;
        return;
      }
      if (ins.kw === 'FROM' && ins.stage >= 0) {
        if (this.stage !== null && this.stage !== ins.stage) this.finishStage(this.stage, t, 'succeeded');
        this.stage = ins.stage;
        const naming = stageNaming(this.model, ins.stage, 'legacy');
        this.stages.started.set(ins.stage, { failed: false, canceled: false });
        this.emit({ type: 'stage.started', builder: 'legacy', timeMs: t, stage: ins.stage, ...naming });
      }
      const info: StepInfo = {
        stepId: `step-${n}`,
        kind: 'instruction',
        stage: ins.stage >= 0 ? ins.stage : null,
        stageLabel: ins.stage >= 0 ? stageNaming(this.model, ins.stage, 'legacy').label : '',
        instruction: ins.kw,
        line: ins.line,
        range: null,
        text: step[3] ?? '',
        name: text,
        number: n,
        total: Number(step[2]),
        ...(ins.stage < 0 ? { metaArg: true } : {}),
      };
      this.current = { info, start: t, cached: false, ended: false };
      this.emit({ type: 'step.started', builder: 'legacy', timeMs: t, step: info });
      return;
    }
    const cur = this.current;
    if (/^Sending build context to Docker daemon/.test(text) || /^Successfully (built|tagged) /.test(text)) return;
    if (cur === null || cur.ended) return;
    if (/^ ---> Using cache$/.test(text)) {
      cur.cached = true;
      return;
    }
    const running = /^ ---> Running in ([0-9a-f]{12})$/.exec(text);
    if (running) {
      this.emit({ type: 'step.container', builder: 'legacy', timeMs: t, stepId: cur.info.stepId, containerId: running[1] ?? '' });
      return;
    }
    const removed = /^Removing intermediate container ([0-9a-f]{12})$/.exec(text);
    if (removed) {
      cur.removed = removed[1] ?? '';
      return;
    }
    const done = /^ ---> ([0-9a-f]{12})$/.exec(text);
    if (done) {
      const imageId = done[1] ?? '';
      cur.ended = true;
      if (cur.cached) this.emit({ type: 'step.cached', builder: 'legacy', timeMs: t, stepId: cur.info.stepId, imageId });
      else {
        if (cur.info.instruction !== 'FROM') this.created.push(imageId);
        this.emit({
          type: 'step.finished',
          builder: 'legacy',
          timeMs: t,
          stepId: cur.info.stepId,
          durationMs: t - cur.start,
          imageId,
          ...(cur.removed !== undefined ? { removedContainerId: cur.removed } : {}),
        });
      }
      return;
    }
    if (text === '') return;
    this.emit({ type: 'step.log', builder: 'legacy', timeMs: t, stepId: cur.info.stepId, stream, text });
  }

  finish(ok: boolean, message: string): string | undefined {
    const t = this.clock();
    const cur = this.current;
    let failedStep: string | undefined;
    if (!ok && cur !== null && !cur.ended) {
      const exit = /non-zero code: (\d+)/.exec(message)?.[1];
      this.emit({
        type: 'step.failed',
        builder: 'legacy',
        timeMs: t,
        stepId: cur.info.stepId,
        durationMs: t - cur.start,
        message,
        ...(exit !== undefined ? { exitCode: Number(exit) } : {}),
      });
      failedStep = cur.info.stepId;
    }
    if (this.stage !== null) this.finishStage(this.stage, t, ok ? 'succeeded' : 'failed');
    return failedStep;
  }

  private finishStage(stage: number, t: number, outcome: 'succeeded' | 'failed'): void {
    this.emit({ type: 'stage.finished', builder: 'legacy', timeMs: t, stage, ...stageNaming(this.model, stage, 'legacy'), outcome });
  }
}

/** BuildKit plain-progress log → events. */
class BuildkitParser {
  private readonly vertices = new Map<string, { info: StepInfo; start: number; ended: boolean }>();
  failedStep: string | undefined;
  constructor(
    private readonly model: RecorderModel,
    private readonly emit: Emit,
    private readonly clock: () => number,
    private readonly stages: StageTracker,
  ) {}

  line(text: string): void {
    const t = this.clock();
    const m = /^#(\d+) (.*)$/.exec(text);
    if (!m) return;
    const id = `#${m[1] ?? ''}`;
    const rest = m[2] ?? '';
    const vertex = this.vertices.get(id);
    if (vertex === undefined) {
      this.start(id, text, rest, t);
      return;
    }
    if (rest === vertex.info.name || /^sha256:[0-9a-f]{64}$/.test(rest)) return;
    const stepId = vertex.info.stepId;
    const doneMatch = /^DONE (\d+(?:\.\d+)?)s$/.exec(rest);
    if (doneMatch) {
      vertex.ended = true;
      this.emit({ type: 'step.finished', builder: 'buildkit', timeMs: t, stepId, durationMs: Math.round(Number(doneMatch[1]) * 1000) });
      return;
    }
    if (rest === 'CACHED') {
      vertex.ended = true;
      this.emit({ type: 'step.cached', builder: 'buildkit', timeMs: t, stepId });
      return;
    }
    if (rest === 'CANCELED') {
      vertex.ended = true;
      this.markStage(vertex.info, 'canceled');
      this.emit({ type: 'step.canceled', builder: 'buildkit', timeMs: t, stepId, durationMs: t - vertex.start });
      return;
    }
    const error = /^ERROR(?:: (.*))?$/.exec(rest);
    if (error) {
      vertex.ended = true;
      this.failedStep ??= stepId;
      this.markStage(vertex.info, 'failed');
      const message = error[1] ?? '';
      const exit = /exit code: (\d+)/.exec(message)?.[1];
      this.emit({
        type: 'step.failed',
        builder: 'buildkit',
        timeMs: t,
        stepId,
        durationMs: t - vertex.start,
        message,
        ...(exit !== undefined ? { exitCode: Number(exit) } : {}),
      });
      return;
    }
    const log = /^(\d+\.\d+) (.*)$/.exec(rest);
    if (log) {
      this.emit({ type: 'step.log', builder: 'buildkit', timeMs: t, stepId, stream: 'stdout', text: log[2] ?? '' });
      return;
    }
    const status = /^(.*?)(?: (\d+(?:\.\d+)?)s)?( done)?$/.exec(rest);
    this.emit({
      type: 'step.progress',
      builder: 'buildkit',
      timeMs: t,
      stepId,
      id: status?.[1] ?? rest,
      durationMs: status?.[2] !== undefined ? Math.round(Number(status[2]) * 1000) : 0,
      done: status?.[3] !== undefined,
    });
  }

  private start(id: string, text: string, rest: string, t: number): void {
    const m = BUILDKIT_VERTEX.exec(text);
    let info: StepInfo;
    if (m) {
      const { stage, ins } = buildkitInstruction(this.model, m[2], Number(m[3]));
      const stageIndex = stage >= 0 ? stage : null;
      if (stageIndex !== null && !this.stages.started.has(stageIndex)) {
        this.stages.started.set(stageIndex, { failed: false, canceled: false });
        this.emit({ type: 'stage.started', builder: 'buildkit', timeMs: t, stage: stageIndex, ...stageNaming(this.model, stageIndex, 'buildkit') });
      }
      info = {
        stepId: id,
        kind: 'instruction',
        stage: stageIndex,
        stageLabel: m[2] ?? '',
        instruction: (m[5] ?? '').toUpperCase(),
        line: ins?.line ?? null,
        range: null,
        text: rest.replace(/^\[[^\]]*\] /, ''),
        name: rest,
        number: Number(m[3]),
        total: Number(m[4]),
      };
    } else {
      info = {
        stepId: id,
        kind: rest === 'exporting to image' ? 'export' : 'internal',
        stage: null,
        stageLabel: '',
        instruction: null,
        line: null,
        range: null,
        text: rest,
        name: rest,
        number: 0,
        total: 0,
      };
    }
    this.vertices.set(id, { info, start: t, ended: false });
    this.emit({ type: 'step.started', builder: 'buildkit', timeMs: t, step: info });
  }

  private markStage(info: StepInfo, how: 'failed' | 'canceled'): void {
    if (info.stage === null) return;
    const stage = this.stages.started.get(info.stage);
    if (stage) stage[how] = true;
  }

  finish(ok: boolean): void {
    const t = this.clock();
    for (const [stage, state] of this.stages.started) {
      const outcome = state.failed ? 'failed' : state.canceled || !ok ? 'canceled' : 'succeeded';
      this.emit({ type: 'stage.finished', builder: 'buildkit', timeMs: t, stage, ...stageNaming(this.model, stage, 'buildkit'), outcome });
    }
  }
}

/**
 * buildx `--progress=rawjson` → plain-progress lines (`#N name`, `#N CACHED`, `#N DONE 0.1s`,
 * `#N ERROR: …`, `#N 0.123 log`), so the plain parser and record.mjs's report rules apply as is.
 * Each SolveStatus JSON names vertices by digest; numbers are given in order of first appearance.
 */
export class RawJsonTranslator {
  private readonly numbers = new Map<string, number>();
  private readonly named = new Set<string>();
  private readonly ended = new Set<string>();

  translate(line: string): string[] {
    let status: unknown;
    try {
      status = JSON.parse(line);
    } catch {
      return [line];
    }
    if (typeof status !== 'object' || status === null) return [line];
    const out: string[] = [];
    const record = status as { vertexes?: unknown[]; statuses?: unknown[]; logs?: unknown[] };
    const num = (digest: string): number => {
      let n = this.numbers.get(digest);
      if (n === undefined) {
        n = this.numbers.size + 1;
        this.numbers.set(digest, n);
      }
      return n;
    };
    for (const raw of record.vertexes ?? []) {
      const v = raw as { digest?: string; name?: string; started?: string; completed?: string; cached?: boolean; error?: string };
      if (typeof v.digest !== 'string') continue;
      const n = num(v.digest);
      if (!this.named.has(v.digest) && typeof v.name === 'string') {
        this.named.add(v.digest);
        out.push(`#${n} ${v.name}`);
      }
      if (this.ended.has(v.digest)) continue;
      if (v.cached === true) {
        this.ended.add(v.digest);
        out.push(`#${n} CACHED`);
      } else if (typeof v.completed === 'string') {
        this.ended.add(v.digest);
        if (typeof v.error === 'string' && v.error !== '') out.push(/context canceled/.test(v.error) ? `#${n} CANCELED` : `#${n} ERROR: ${v.error}`);
        else {
          const secs = typeof v.started === 'string' ? (Date.parse(v.completed) - Date.parse(v.started)) / 1000 : 0;
          out.push(`#${n} DONE ${Math.max(0, secs).toFixed(1)}s`);
        }
      }
    }
    for (const raw of record.logs ?? []) {
      const l = raw as { vertex?: string; data?: string };
      if (typeof l.vertex !== 'string' || typeof l.data !== 'string') continue;
      const n = num(l.vertex);
      for (const text of Buffer.from(l.data, 'base64').toString('utf8').split('\n')) if (text !== '') out.push(`#${n} 0.000 ${text}`);
    }
    for (const raw of record.statuses ?? []) {
      const s = raw as { vertex?: string; id?: string; completed?: string };
      if (typeof s.vertex !== 'string' || typeof s.id !== 'string' || typeof s.completed !== 'string') continue;
      out.push(`#${num(s.vertex)} ${s.id} done`);
    }
    return out;
  }
}

/**
 * The files the docker CLI would send for this context: `.dockerignore` matches left out, as the
 * CLI does for a directory context before it makes the tar (docker/cli build.go; the daemon does
 * not filter a tar it receives on stdin). Like the CLI (`TrimBuildFilesFromExcludes`), the
 * Dockerfile and `.dockerignore` themselves are always sent. Patterns are read with the core's
 * parser (moby/patternmatcher rules: the last matching pattern wins, `!` re-includes).
 */
export function contextFiles(files: readonly TarFile[], dockerfilePath: string): TarFile[] {
  const ignore = files.find((f) => f.path === '.dockerignore');
  if (ignore === undefined) return [...files];
  const rules = parseDockerignore(Buffer.from(ignore.content).toString('utf8'));
  return files.filter((f) => {
    if (f.path === dockerfilePath || f.path === '.dockerignore') return true;
    let ignored = false;
    for (const rule of rules) if (rule.regex.test(f.path)) ignored = !rule.negate;
    return !ignored;
  });
}

/** Splits a stream into lines, calling back for each complete one. */
function lineSplitter(onLine: (line: string) => void): { push(chunk: string): void; flush(): void } {
  let buffer = '';
  return {
    push(chunk) {
      buffer += chunk;
      let at = buffer.indexOf('\n');
      while (at !== -1) {
        onLine(buffer.slice(0, at).replace(/\r$/, ''));
        buffer = buffer.slice(at + 1);
        at = buffer.indexOf('\n');
      }
    },
    flush() {
      if (buffer !== '') onLine(buffer.replace(/\r$/, ''));
      buffer = '';
    },
  };
}

/** Reads size, layer count and history rows of a built image, as record.mjs does. */
export async function inspectImage(runner: DockerRunner, imageId: string): Promise<{ sizeBytes: number; layers: number; history: number } | null> {
  const inspect = await runToEnd(runner, ['image', 'inspect', '--format', '{{.Size}}|{{len .RootFS.Layers}}', imageId]);
  if (inspect.code !== 0) return null;
  const [size = '0', layers = '0'] = inspect.stdout.trim().split('|');
  const history = await runToEnd(runner, ['history', '--no-trunc', '--format', '{{.Size}}', imageId]);
  const rows = history.stdout.trim() === '' ? 0 : history.stdout.trim().split('\n').length;
  return { sizeBytes: Number(size), layers: Number(layers), history: rows };
}

/** Runs one build to the end; events are passed to `onEvent` as they happen. */
export async function runBuild(request: DriverBuildRequest, options: DriverOptions): Promise<DriverResult> {
  const { runner } = options;
  const now = options.now ?? Date.now;
  const startedAt = now();
  const clock = (): number => Math.max(0, now() - startedAt);
  const events: BuildEvent[] = [];
  const emit: Emit = (event) => {
    events.push(event);
    options.onEvent?.(event);
  };
  const dockerfilePath = request.dockerfilePath ?? 'Dockerfile';
  const dockerfile = request.files.find((f) => f.path === dockerfilePath);
  const dockerfileText = dockerfile === undefined ? '' : Buffer.from(dockerfile.content).toString('utf8');
  const model = readRecorderModel(dockerfileText);
  const tar = writeTar(contextFiles(request.files, dockerfilePath));
  const dir = mkdtempSync(path.join(tmpdir(), 'stagecraft-agent-'));
  const iidfile = path.join(dir, 'iid');
  const { args, env } = buildArgv(request, options.buildkitMode, iidfile);
  const builder = request.builder;

  emit({
    type: 'build.started',
    builder,
    timeMs: 0,
    target: request.target,
    tags: [request.tag],
    buildArgs: { ...request.buildArgs },
    noCache: request.noCache,
    contextBytes: tar.length,
    dockerfileTransferBytes: dockerfile?.content.length ?? 0,
  });

  const stages: StageTracker = { started: new Map() };
  const legacy = new LegacyParser(model, emit, clock, stages);
  const buildkit = new BuildkitParser(model, emit, clock, stages);
  const raw = new RawJsonTranslator();
  let stdout = '';
  let stderr = '';
  const proc = runner.spawn(args, { env, stdin: tar });
  const outLines = lineSplitter((line) => {
    stdout += `${line}\n`;
    if (builder === 'legacy') legacy.line(line, 'stdout');
  });
  const errLines = lineSplitter((line) => {
    if (builder === 'legacy') {
      stderr += `${line}\n`;
      legacy.line(line, 'stderr');
      return;
    }
    const lines = options.buildkitMode === 'buildx-rawjson' ? raw.translate(line) : [line];
    for (const l of lines) {
      stderr += `${l}\n`;
      buildkit.line(l);
    }
  });
  proc.onStdout((chunk) => outLines.push(chunk));
  proc.onStderr((chunk) => errLines.push(chunk));

  let stopped: 'canceled' | 'timeout' | null = null;
  const timeoutMs = options.timeoutMs ?? 300_000;
  const timer = setTimeout(() => {
    stopped ??= 'timeout';
    proc.kill();
  }, timeoutMs);
  const onAbort = (): void => {
    stopped ??= 'canceled';
    proc.kill();
  };
  if (options.signal?.aborted === true) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  const code = await proc.exit;
  clearTimeout(timer);
  options.signal?.removeEventListener('abort', onAbort);
  outLines.flush();
  errLines.flush();

  const ok = code === 0 && stopped === null;
  let imageId: string | null = null;
  let image: { sizeBytes: number; layers: number; history: number } | null = null;
  if (ok) {
    try {
      imageId = readFileSync(iidfile, 'utf8').trim() || null;
    } catch {
      imageId = null;
    }
    image = await inspectImage(runner, imageId ?? request.tag);
  }
  rmSync(dir, { recursive: true, force: true });

  const report = reportFromLog({ builder, target: request.target, model, stdout, stderr, ok: ok && image !== null, image });
  // reportFromLog already classified the log of a failed build; its error is null only on success,
  // where no error is read.
  const error = stopped === 'timeout' ? { kind: 'other' as const, message: `The build ran longer than ${Math.round(timeoutMs / 1000)} s; the agent stopped it.` } : (report.error ?? { kind: 'other' as const, message: '' });
  const finalReport: ReportBuild = stopped === 'timeout' ? { ...report, outcome: 'error', error, image: null } : report;

  if (builder === 'legacy') legacy.finish(ok, error.message);
  else buildkit.finish(ok);
  const t = clock();
  if (stopped === 'canceled') emit({ type: 'build.canceled', builder, timeMs: t, durationMs: t });
  else if (ok && image !== null) {
    emit({
      type: 'build.succeeded',
      builder,
      timeMs: t,
      imageId: imageId ?? '',
      tags: [request.tag],
      sizeBytes: image.sizeBytes,
      layers: image.layers,
      durationMs: t,
    });
  } else {
    const failedStep = builder === 'buildkit' ? buildkit.failedStep : undefined;
    emit({
      type: 'build.failed',
      builder,
      timeMs: t,
      error: { kind: error.kind, message: error.message, ...(failedStep !== undefined ? { stepId: failedStep } : {}) },
      durationMs: t,
    });
  }
  return {
    outcome: stopped ?? (ok && image !== null ? 'success' : 'error'),
    events,
    report: finalReport,
    imageId,
    createdImageIds: legacy.created,
    argv: args,
  };
}
