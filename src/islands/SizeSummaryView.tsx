// The size comparison: the final image, the stage it copies its artifacts from, and what shipping
// that stage (a single-stage build) would weigh.

import { memo } from 'react';
import type { BuildView } from '../core/session/pipeline.ts';
import { dockerSize, exactBytes, stageTitle } from './format.ts';

/** Final image vs build stage vs single-stage equivalent, for the last builder with an image. */
export const SizeSummaryView = memo(function SizeSummaryView({ views }: { views: readonly BuildView[] }) {
  const view = [...views].reverse().find((v) => v.sizes !== null) ?? views[views.length - 1];
  const sizes = view?.sizes ?? null;
  const rows: { label: string; bytes: number; kind: string }[] = [];
  if (sizes) {
    rows.push({ label: `Final image (${stageTitle(sizes.finalLabel)})`, bytes: sizes.finalBytes, kind: 'final' });
    if (sizes.buildStage) rows.push({ label: `Build stage (${stageTitle(sizes.buildStage.label)})`, bytes: sizes.buildStage.bytes, kind: 'build' });
    if (sizes.singleStage) rows.push({ label: 'Single-stage equivalent', bytes: sizes.singleStage.singleStageBytes, kind: 'single' });
  }
  const max = Math.max(1, ...rows.map((r) => r.bytes));
  return (
    <section className="sc-view sc-view-size" aria-labelledby="sc-size-title" data-testid="size-summary">
      <h3 className="sc-view-title" id="sc-size-title">
        Image size
      </h3>
      {!view ? <p className="sc-muted">Simulating…</p> : null}
      {view && !sizes ? <p className="sc-muted">No image: {view.result.error?.message ?? 'the build did not finish.'}</p> : null}
      {sizes ? (
        <>
          <p className="sc-final-size">
            Final image: <strong data-final-bytes={sizes.finalBytes}>{dockerSize(sizes.finalBytes)}</strong> <span className="sc-muted">({exactBytes(sizes.finalBytes)})</span>
            {sizes.estimated ? <span className="sc-estimate"> estimated</span> : null}
          </p>
          <dl className="sc-bars">
            {rows.map((r) => (
              <div key={r.kind} className={`sc-bar-row sc-bar-${r.kind}`}>
                <dt>{r.label}</dt>
                <dd>
                  <span className="sc-bar-track" aria-hidden="true">
                    <span className="sc-bar" style={{ width: `${Math.max(0.5, (r.bytes / max) * 100)}%` }} />
                  </span>
                  <span className="sc-bar-value">{dockerSize(r.bytes)}</span>
                </dd>
              </div>
            ))}
          </dl>
          {sizes.singleStage && sizes.singleStage.savedBytes > 0 ? (
            <p>
              Multi-stage saves <strong>{dockerSize(sizes.singleStage.savedBytes)}</strong>: the final image is{' '}
              {Number.isFinite(sizes.singleStage.ratio) ? `${sizes.singleStage.ratio.toFixed(1)}×` : 'far'} smaller than shipping the build stage.
            </p>
          ) : null}
          {views.length > 1 ? <p className="sc-muted">Sizes shown for {view?.builder === 'legacy' ? 'the legacy builder' : 'BuildKit'}; both builders produce the same layers here.</p> : null}
        </>
      ) : null}
    </section>
  );
});
