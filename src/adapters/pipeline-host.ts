// Answers pipeline requests with the pure session pipeline: used inside the worker, and on the main
// thread when workers are unavailable.

import { analyzeScenario, createPipelineDeps, createPlaygroundSession } from '../core/session/pipeline.ts';
import { collectKnownContents, collectUncertainPaths } from '../core/terminal/image-contents.ts';
import type { PipelineRequest, PipelineResponse } from './pipeline-protocol.ts';

/** Creates a request handler holding one session (one simulated engine with its caches). */
export function createPipelineHost(now: () => number): (request: PipelineRequest) => PipelineResponse {
  const deps = createPipelineDeps(now);
  const session = createPlaygroundSession(deps);
  return (request) => {
    try {
      switch (request.type) {
        case 'analyze':
          return { type: 'analysis', id: request.id, analysis: analyzeScenario(request.scenario, deps) };
        case 'build': {
          const start = now();
          const build = session.build(request.scenario, request.builder, request.options);
          const elapsedMs = now() - start;
          // Only a build the learner ran (never the per-keystroke analysis) reads file bodies, here
          // in the worker where the final filesystem still is.
          const contents = build.result.image ? collectKnownContents(build.result.image) : {};
          const uncertainPaths = build.result.image ? collectUncertainPaths(build.result.image) : [];
          return { type: 'built', id: request.id, build, contents, uncertainPaths, elapsedMs };
        }
        case 'reset':
          session.reset(request.builder);
          return { type: 'reset', id: request.id };
      }
    } catch (e) {
      return { type: 'error', id: request.id, message: e instanceof Error ? e.message : String(e) };
    }
  };
}
