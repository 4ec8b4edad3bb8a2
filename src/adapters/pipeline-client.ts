// The playground's handle on the pipeline: a Web Worker when the browser has one, the same host on
// the main thread otherwise. Analyses are latest-wins: while one runs, only the newest scenario
// waits, so a burst of keystrokes costs at most two analyses.

import type { BuilderKind } from '../core/build/types.ts';
import type { Analysis, BuildOptions, SessionBuild } from '../core/session/pipeline.ts';
import type { Scenario } from '../core/session/scenario.ts';
import type { PipelineRequest, PipelineResponse } from './pipeline-protocol.ts';

export interface AnalysisTiming {
  /** Time inside the pipeline (parse + lint + simulations). */
  readonly pipelineMs: number;
  /** From the request to the answer on the main thread. */
  readonly roundTripMs: number;
}

export interface PipelineClient {
  /** Asks for an analysis; `onResult` gets only answers that are still the newest. */
  analyze(scenario: Scenario): void;
  /**
   * Runs a build; `contents` are the final image's file texts the simulation knows and
   * `uncertainPaths` the paths it could only guess the presence of (for `docker run … cat/ls`).
   */
  build(
    scenario: Scenario,
    builder: BuilderKind,
    options?: BuildOptions,
  ): Promise<{ build: SessionBuild; contents: Readonly<Record<string, string>>; uncertainPaths: readonly string[]; elapsedMs: number }>;
  /** Empties one builder's cache, or both. */
  reset(builder?: BuilderKind): Promise<void>;
  dispose(): void;
}

export interface PipelineClientOptions {
  readonly onAnalysis: (analysis: Analysis, timing: AnalysisTiming) => void;
  readonly onError?: (message: string) => void;
}

type Transport = { send(request: PipelineRequest): void; dispose(): void };

function createWorkerTransport(onResponse: (r: PipelineResponse) => void): Transport | null {
  if (typeof Worker === 'undefined') return null;
  try {
    const worker = new Worker(new URL('./pipeline.worker.ts', import.meta.url), { type: 'module', name: 'stagecraft-pipeline' });
    worker.addEventListener('message', (e: MessageEvent<PipelineResponse>) => onResponse(e.data));
    return { send: (r) => worker.postMessage(r), dispose: () => worker.terminate() };
  } catch {
    return null;
  }
}

function createInlineTransport(onResponse: (r: PipelineResponse) => void): Transport {
  let host: ((r: PipelineRequest) => PipelineResponse) | null = null;
  const queue: PipelineRequest[] = [];
  void import('./pipeline-host.ts').then(({ createPipelineHost }) => {
    host = createPipelineHost(() => performance.now());
    for (const r of queue.splice(0)) onResponse(host(r));
  });
  return {
    send: (r) => {
      if (host) {
        const h = host;
        setTimeout(() => onResponse(h(r)), 0);
      } else queue.push(r);
    },
    dispose: () => undefined,
  };
}

/** Starts the pipeline (a worker when possible). */
export function createPipelineClient(options: PipelineClientOptions): PipelineClient {
  let nextId = 1;
  const waiting = new Map<number, (r: PipelineResponse) => void>();
  let analysisInFlight: { id: number; sentAt: number } | null = null;
  let queuedScenario: Scenario | null = null;
  let disposed = false;

  const sendAnalysis = (scenario: Scenario): void => {
    const id = nextId++;
    analysisInFlight = { id, sentAt: performance.now() };
    transport.send({ type: 'analyze', id, scenario });
  };

  const onResponse = (r: PipelineResponse): void => {
    if (disposed) return;
    if (r.type === 'analysis' || (r.type === 'error' && analysisInFlight?.id === r.id)) {
      const sentAt = analysisInFlight?.sentAt ?? performance.now();
      analysisInFlight = null;
      if (queuedScenario) {
        const next = queuedScenario;
        queuedScenario = null;
        sendAnalysis(next);
      } else if (r.type === 'analysis') {
        options.onAnalysis(r.analysis, { pipelineMs: r.analysis.elapsedMs, roundTripMs: performance.now() - sentAt });
      }
      if (r.type === 'error') options.onError?.(r.message);
      return;
    }
    const resolve = waiting.get(r.id);
    waiting.delete(r.id);
    resolve?.(r);
  };

  const transport = createWorkerTransport(onResponse) ?? createInlineTransport(onResponse);

  const request = (make: (id: number) => PipelineRequest): Promise<PipelineResponse> =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      transport.send(make(id));
    });

  return {
    analyze(scenario) {
      if (analysisInFlight) queuedScenario = scenario;
      else sendAnalysis(scenario);
    },
    async build(scenario, builder, buildOptions = {}) {
      const r = await request((id) => ({ type: 'build', id, scenario, builder, options: buildOptions }));
      if (r.type === 'built') return { build: r.build, contents: r.contents, uncertainPaths: r.uncertainPaths, elapsedMs: r.elapsedMs };
      throw new Error(r.type === 'error' ? r.message : `unexpected answer ${r.type}`);
    },
    async reset(builder) {
      await request((id) => (builder ? { type: 'reset', id, builder } : { type: 'reset', id }));
    },
    dispose() {
      disposed = true;
      transport.dispose();
    },
  };
}
