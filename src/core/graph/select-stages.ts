// Which stages a build processes.
// BuildKit: the target and its dependency closure only (dockerfile2llb `allReachableStages`),
//   independent stages concurrently.
// Legacy: every stage from the top through the target, in file order
//   (builder/dockerfile/builder.go `stages[:targetIx+1]`); observed in p09-unused-stage-legacy-builds.

import type { StageSelection } from '../build/types.ts';
import type { GraphError, StageGraph } from './stage-graph.ts';

export interface StageSelectionResult {
  /** -1 when the target could not be resolved (then `error` is set). */
  readonly targetIndex: number;
  /** Stage indices to process, in processing order. */
  readonly order: readonly number[];
  readonly selection: readonly StageSelection[];
  readonly reasons: readonly string[];
  readonly error?: GraphError;
}

/** Finds the stage `--target` names (case-insensitively; BuildKit takes the last duplicate), or -1. */
export function resolveTarget(graph: StageGraph, target: string | undefined): number {
  if (graph.stages.length === 0) return -1;
  if (target === undefined || target === '') return graph.stages.length - 1;
  const wanted = target.toLowerCase();
  let found = -1;
  for (const s of graph.stages) {
    if (s.name !== wanted) continue;
    found = s.index;
    if (graph.builder === 'legacy') break;
  }
  return found;
}

/** Chooses the stages a builder processes for a target, with a reason for each stage. */
export function selectStages(graph: StageGraph, target: string | undefined): StageSelectionResult {
  const n = graph.stages.length;
  const targetIndex = resolveTarget(graph, target);
  const label = (i: number): string => graph.stages[i]?.name ?? `stage ${i}`;
  if (targetIndex < 0) {
    const names = graph.stages.flatMap((s) => (s.name !== undefined ? [s.name] : []));
    const message = graph.builder === 'legacy'
      ? `failed to reach build target ${target ?? ''} in Dockerfile`
      : `target stage ${target ?? ''} could not be found`;
    return {
      targetIndex: -1,
      order: [],
      selection: new Array<StageSelection>(n).fill('not-reached'),
      reasons: new Array<string>(n).fill('the build stopped before any stage ran'),
      error: {
        kind: 'unknown-target',
        buildkitPhase: 'finding-target',
        message,
        explanation: names.length > 0
          ? `No stage is named "${target ?? ''}". Named stages: ${names.join(', ')}. Unnamed stages cannot be targeted.`
          : `No stage is named "${target ?? ''}": this Dockerfile names no stages (add "AS name" to a FROM line).`,
      },
    };
  }

  if (graph.builder === 'legacy') {
    const order = Array.from({ length: targetIndex + 1 }, (_, i) => i);
    const needed = closure(graph, targetIndex);
    const selection = graph.stages.map((s): StageSelection => (s.index === targetIndex ? 'target' : s.index < targetIndex ? 'before-target' : 'after-target'));
    const reasons = graph.stages.map((s) => {
      if (s.index === targetIndex) return 'the target stage';
      if (s.index > targetIndex) return `comes after the target ${label(targetIndex)}, so the legacy builder stops before it`;
      return needed.has(s.index)
        ? `the target needs it, and the legacy builder runs every stage up to the target in order`
        : `not needed by the target, but the legacy builder runs every stage up to the target in order`;
    });
    return { targetIndex, order, selection, reasons };
  }

  const needed = closure(graph, targetIndex);
  const order = topologicalOrder(graph, needed);
  const selection = graph.stages.map((s): StageSelection => {
    if (s.index === targetIndex) return 'target';
    if (needed.has(s.index)) return 'dependency';
    return s.index > targetIndex ? 'after-target' : 'unreachable';
  });
  const reasons = graph.stages.map((s) => {
    if (s.index === targetIndex) return 'the target stage';
    if (needed.has(s.index)) return `${label(targetIndex)} depends on it (FROM, COPY --from or RUN --mount)`;
    return `nothing ${label(targetIndex)} needs comes from it, so BuildKit skips it`;
  });
  return { targetIndex, order, selection, reasons };
}

/** The stages `start` needs, itself included, as a set (indices, not in any particular order). */
function closure(graph: StageGraph, start: number): Set<number> {
  const seen = new Set<number>();
  const stack = [start];
  while (stack.length > 0) {
    const i = stack.pop() as number;
    if (seen.has(i)) continue;
    seen.add(i);
    const deps = graph.stages[i]?.dependsOn;
    if (deps !== undefined) for (const d of deps) if (!seen.has(d)) stack.push(d);
  }
  return seen;
}

const UNSEEN = 0;
const VISITING = 1;
const DONE = 2;

/** Dependencies first, then in file order (a depth-first walk from each included stage by index). */
function topologicalOrder(graph: StageGraph, include: ReadonlySet<number>): number[] {
  const out: number[] = [];
  const state = new Uint8Array(graph.stages.length);
  const visit = (i: number): void => {
    if (state[i] !== UNSEEN) return;
    state[i] = VISITING;
    const deps = graph.stages[i]?.dependsOn;
    if (deps !== undefined) for (const d of deps) if (include.has(d)) visit(d);
    state[i] = DONE;
    out.push(i);
  };
  // Ascending index order, as sorting the set gave.
  for (let i = 0; i < graph.stages.length; i++) if (include.has(i)) visit(i);
  return out;
}
