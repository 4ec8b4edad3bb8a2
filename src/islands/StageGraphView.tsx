// The stage graph: each stage a node, each FROM <stage> / COPY --from / RUN --mount from an edge,
// laid out left to right by dependency depth. Under each builder it shows what the chosen target
// builds: stages the builder runs say "built", the others "skipped" (with the reason as text).

import { useSelector } from '@xstate/react';
import type { BuilderKind, StagePlan } from '../core/build/types.ts';
import type { BuildView } from '../core/session/pipeline.ts';
import type { BuildActor } from '../core/build/machine.ts';
import type { StageState } from '../core/build/machine.ts';
import { memo } from 'react';

const NODE_W = 168;
const NODE_H = 58;
const GAP_X = 56;
const GAP_Y = 22;
const LABEL: Record<BuilderKind, string> = { legacy: 'Legacy builder', buildkit: 'BuildKit' };

function layout(stages: readonly StagePlan[]): Map<number, { x: number; y: number }> {
  const depth = new Map<number, number>();
  const depthOf = (i: number, seen: Set<number>): number => {
    const known = depth.get(i);
    if (known !== undefined) return known;
    if (seen.has(i)) return 0;
    seen.add(i);
    const s = stages[i];
    const d = s ? Math.max(-1, ...s.dependsOn.filter((x) => x !== i).map((x) => depthOf(x, seen))) + 1 : 0;
    depth.set(i, d);
    return d;
  };
  const rows = new Map<number, number>();
  const out = new Map<number, { x: number; y: number }>();
  for (const s of stages) {
    const d = depthOf(s.index, new Set());
    const row = rows.get(d) ?? 0;
    rows.set(d, row + 1);
    out.set(s.index, { x: 8 + d * (NODE_W + GAP_X), y: 8 + row * (NODE_H + GAP_Y) });
  }
  return out;
}

function statusText(plan: StagePlan, live: StageState | undefined, targetIndex: number): { text: string; kind: string } {
  if (!plan.runs) return { text: plan.selection === 'not-reached' ? 'skipped (not reached)' : 'skipped', kind: 'skipped' };
  if (live === 'running') return { text: 'building…', kind: 'running' };
  if (live === 'failed') return { text: 'failed', kind: 'failed' };
  return { text: plan.index === targetIndex ? 'built (target)' : 'built', kind: 'built' };
}

function Graph({ view, actor }: { view: BuildView; actor: BuildActor }) {
  const liveStages = useSelector(actor, (s) => s.context.progress.stages);
  const live = new Map(liveStages.map((s) => [s.index, s.state]));
  const plan = view.result.plan;
  const pos = layout(plan.stages);
  const width = Math.max(...[...pos.values()].map((p) => p.x + NODE_W + 8), 200);
  const height = Math.max(...[...pos.values()].map((p) => p.y + NODE_H + 8), 80);
  const titleId = `sc-graph-${view.builder}`;
  return (
    <figure className="sc-graph" data-builder={view.builder}>
      <figcaption id={titleId}>{LABEL[view.builder]}</figcaption>
      {plan.stages.length === 0 ? (
        <p className="sc-muted">{view.result.error?.message ?? 'No stages yet: add a FROM line.'}</p>
      ) : (
        <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-labelledby={titleId} className="sc-graph-svg">
          <defs>
            <marker id={`sc-arrow-${view.builder}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M 0 0 L 10 5 L 0 10 z" className="sc-edge-head" />
            </marker>
          </defs>
          {plan.stages.flatMap((s) =>
            s.dependsOn
              .filter((d) => d !== s.index)
              .map((d) => {
                const a = pos.get(d);
                const b = pos.get(s.index);
                if (!a || !b) return null;
                const x1 = a.x + NODE_W;
                const y1 = a.y + NODE_H / 2;
                const x2 = b.x;
                const y2 = b.y + NODE_H / 2;
                const used = s.runs && (plan.stages[d]?.runs ?? false);
                return (
                  <path
                    key={`${d}-${s.index}`}
                    d={`M ${x1} ${y1} C ${x1 + GAP_X / 2} ${y1}, ${x2 - GAP_X / 2} ${y2}, ${x2 - 2} ${y2}`}
                    className={`sc-edge${used ? '' : ' sc-edge-unused'}`}
                    markerEnd={`url(#sc-arrow-${view.builder})`}
                  />
                );
              }),
          )}
          {plan.stages.map((s) => {
            const p = pos.get(s.index);
            if (!p) return null;
            const status = statusText(s, live.get(s.index), plan.targetIndex);
            const name = s.name ?? `stage ${s.index}`;
            const base = s.base.kind === 'image' ? s.base.ref : s.base.kind === 'scratch' ? 'scratch' : `stage ${plan.stages[s.base.index]?.name ?? s.base.index}`;
            return (
              <g key={s.index} transform={`translate(${p.x} ${p.y})`} className={`sc-node sc-node-${status.kind}${s.index === plan.targetIndex ? ' sc-node-target' : ''}`}>
                <title>{`${name}: ${status.text}. ${s.reason}`}</title>
                <rect width={NODE_W} height={NODE_H} rx="8" />
                <text x="10" y="20" className="sc-node-name">
                  {name.length > 20 ? `${name.slice(0, 19)}…` : name}
                </text>
                <text x="10" y="36" className="sc-node-base">
                  {base.length > 24 ? `${base.slice(0, 23)}…` : base}
                </text>
                <text x="10" y="51" className="sc-node-status">
                  {status.text}
                </text>
              </g>
            );
          })}
        </svg>
      )}
      <ul className="sc-stage-list">
        {plan.stages.map((s) => {
          const status = statusText(s, live.get(s.index), plan.targetIndex);
          return (
            <li key={s.index} data-stage={s.name ?? s.index} data-status={status.kind}>
              <strong>{s.name ?? `stage ${s.index}`}</strong>: {status.text} — {s.reason}
            </li>
          );
        })}
      </ul>
    </figure>
  );
}

/** The stage graph of each builder's view; `actors` give the live state of a playing build. */
export const StageGraphView = memo(function StageGraphView({ views, actors }: { views: readonly BuildView[]; actors: Readonly<Record<BuilderKind, BuildActor>> }) {
  return (
    <section className="sc-view sc-view-graph" aria-labelledby="sc-graph-title" data-testid="stage-graph">
      <h3 className="sc-view-title" id="sc-graph-title">
        Stage graph
      </h3>
      {views.length === 0 ? <p className="sc-muted">Simulating…</p> : null}
      <div className={`sc-side-by-side sc-cols-${views.length}`}>
        {views.map((v) => (
          <Graph key={v.builder} view={v} actor={actors[v.builder]} />
        ))}
      </div>
    </section>
  );
});
