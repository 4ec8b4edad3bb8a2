// The build timeline: each step a bar over simulated time. The legacy builder runs one step after
// another; BuildKit runs independent stages in parallel, so their bars overlap.

import { memo } from 'react';
import type { BuildView } from '../core/session/pipeline.ts';
import { seconds } from './format.ts';

/** Each builder's steps over simulated time. */
export const TimelineView = memo(function TimelineView({ views }: { views: readonly BuildView[] }) {
  return (
    <section className="sc-view sc-view-timeline" aria-labelledby="sc-timeline-title" data-testid="timeline">
      <h3 className="sc-view-title" id="sc-timeline-title">
        Timeline
      </h3>
      <div className={`sc-side-by-side sc-cols-${views.length}`}>
        {views.map((v) => {
          const steps = v.result.steps.filter((s) => !s.metaArg);
          const total = Math.max(1, v.result.durationMs, ...steps.map((s) => s.startMs + s.durationMs));
          return (
            <figure key={v.builder} className="sc-timeline">
              <figcaption>
                {v.builder === 'legacy' ? 'Legacy builder: one step at a time' : 'BuildKit: independent stages in parallel'} · {seconds(total)} simulated
              </figcaption>
              <ol>
                {steps.map((s) => (
                  <li key={s.id} className={`sc-tl-row sc-tl-${s.status}`}>
                    <span className="sc-tl-label" title={s.display}>
                      {v.result.plan.stages[s.stage]?.name ?? `stage ${s.stage}`} · {s.instruction} <span className="sc-muted">l.{s.line}</span>
                    </span>
                    <span className="sc-tl-track" aria-hidden="true">
                      <span className="sc-tl-bar" style={{ left: `${(s.startMs / total) * 100}%`, width: `${Math.max(0.6, (s.durationMs / total) * 100)}%` }} />
                    </span>
                    <span className="sc-tl-time">
                      {seconds(s.startMs)}–{seconds(s.startMs + s.durationMs)}
                    </span>
                  </li>
                ))}
              </ol>
            </figure>
          );
        })}
      </div>
    </section>
  );
});
