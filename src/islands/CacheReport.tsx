// After a build: which steps hit the cache and why the others missed, per builder (each builder
// keeps its own cache across the session's builds).

import { memo } from 'react';
import type { SessionBuild } from '../core/session/pipeline.ts';

/** What an estimated step means, for the learner. */
const ESTIMATED_STEP =
  'The simulator could only guess part of this step (a command it does not run, the build host, output it cannot know): a real build may write other files or end differently here.';

/** The newest build of each chosen builder, step by step: cached or not, and why. */
export const CacheReport = memo(function CacheReport({ builds }: { builds: readonly SessionBuild[] }) {
  return (
    <section className="sc-view sc-view-cache" aria-labelledby="sc-cache-title" data-testid="cache-report">
      <h3 className="sc-view-title" id="sc-cache-title">
        Cache
      </h3>
      {builds.length === 0 ? <p className="sc-muted">Build, edit, then Rebuild: this lists which steps came from the cache and why the others ran.</p> : null}
      <div className={`sc-side-by-side sc-cols-${builds.length}`}>
        {builds.map((b) => {
          const steps = b.result.steps.filter((s) => s.instruction !== 'FROM' && !s.metaArg);
          const hits = steps.filter((s) => s.status === 'cached').length;
          return (
            <div key={b.builder}>
              <p>
                <strong>{b.builder === 'legacy' ? 'Legacy builder' : 'BuildKit'}</strong>: {hits} of {steps.length} steps cached
                {b.result.outcome === 'error' ? ` · failed: ${b.result.error?.message ?? ''}` : ''}
              </p>
              {b.result.outcome === 'error' && b.result.error?.explanation ? <p className="sc-muted">{b.result.error.explanation}</p> : null}
              <table className="sc-cache-table">
                <caption className="sc-visually-hidden">Cache result of each step</caption>
                <thead>
                  <tr>
                    <th scope="col">Step</th>
                    <th scope="col">Result</th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {steps.map((s) => (
                    <tr key={s.id} className={`sc-cache-${s.status}`}>
                      <td>
                        <code>{s.display || s.text}</code>
                      </td>
                      <td>
                        {s.status === 'cached' ? 'CACHED' : s.status === 'failed' ? 'failed' : 'ran'}
                        {s.estimated ? (
                          <span className="sc-estimate" title={ESTIMATED_STEP}>
                            estimated
                          </span>
                        ) : null}
                      </td>
                      <td>{s.reason.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        })}
      </div>
    </section>
  );
});
