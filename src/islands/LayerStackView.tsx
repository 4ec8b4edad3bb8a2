// The layer stack of each stage, like dive: the base image, then every step that changed the
// filesystem, with a size bar, its file count and (expandable) the files it wrote; then, for every
// file of the final image, the stage and step it came from.

import { memo, useState } from 'react';
import type { BuildView, StageStack } from '../core/session/pipeline.ts';
import type { FileProvenance } from '../core/build/types.ts';
import { dockerSize, stageTitle } from './format.ts';

const MAX_FILES = 200;

function FileList({ files }: { files: readonly FileProvenance[] }) {
  if (files.length === 0) return <p className="sc-muted">No files (metadata or directories only).</p>;
  return (
    <ul className="sc-file-list">
      {files.slice(0, MAX_FILES).map((f) => (
        <li key={f.path}>
          <code>{f.path}</code> <span className="sc-muted">{dockerSize(f.bytes)}</span>
        </li>
      ))}
      {files.length > MAX_FILES ? <li className="sc-muted">… and {files.length - MAX_FILES} more</li> : null}
    </ul>
  );
}

function Stack({ stack, max }: { stack: StageStack; max: number }) {
  const pct = (n: number): string => `${Math.max(0.4, (n / max) * 100)}%`;
  return (
    <li className={`sc-stack${stack.runs ? '' : ' sc-stack-skipped'}`}>
      <h4>
        <strong>{stageTitle(stack.label)}</strong>{' '}
        <span className="sc-muted">
          {stack.runs ? (stack.totalBytes !== null ? `· ${dockerSize(stack.totalBytes)}` : '· not finished') : '· skipped by this build'}
        </span>
      </h4>
      <ol className="sc-layers">
        <li className="sc-layer sc-layer-base">
          <span className="sc-layer-text">FROM {stack.baseLabel}</span>
          <span className="sc-bar" style={{ width: pct(stack.baseBytes) }} aria-hidden="true" />
          <span className="sc-layer-size">{dockerSize(stack.baseBytes)}</span>
        </li>
        {stack.layers.map((l) => (
          <li key={l.line} className={`sc-layer sc-layer-${l.status}`}>
            <details>
              <summary>
                <span className="sc-layer-text">
                  <span className="sc-muted">line {l.line}</span> {l.text.length > 70 ? `${l.text.slice(0, 69)}…` : l.text}
                </span>
                <span className="sc-bar" style={{ width: pct(l.bytes) }} aria-hidden="true" />
                <span className="sc-layer-size">
                  {dockerSize(l.bytes)} · {l.entries} {l.entries === 1 ? 'entry' : 'entries'}
                  {l.estimated ? ' · estimated' : ''}
                </span>
              </summary>
              {stack.filesKnown ? <FileList files={l.files} /> : <p className="sc-muted">Name the stage (AS name) to see the files of its layers.</p>}
            </details>
          </li>
        ))}
      </ol>
    </li>
  );
}

function Provenance({ view }: { view: BuildView }) {
  const image = view.result.image;
  if (!image) return null;
  const own = image.files.filter((f) => f.type !== 'dir' && f.origin.kind === 'step');
  const fromBase = image.files.filter((f) => f.type !== 'dir' && f.origin.kind === 'base');
  const stageName = (i: number): string => view.result.plan.stages[i]?.name ?? `stage ${i}`;
  return (
    <div className="sc-provenance">
      <h4>Where the final image’s files come from</h4>
      <table>
        <caption className="sc-visually-hidden">Files of the final image and the stage and step that wrote them</caption>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Size</th>
            <th scope="col">Stage</th>
            <th scope="col">Step</th>
          </tr>
        </thead>
        <tbody>
          {own.slice(0, MAX_FILES).map((f) =>
            f.origin.kind === 'step' ? (
              <tr key={f.path}>
                <td>
                  <code>{f.path}</code>
                </td>
                <td>{dockerSize(f.bytes)}</td>
                <td>{stageName(f.origin.stage)}</td>
                <td>
                  line {f.origin.line} {f.origin.instruction}
                </td>
              </tr>
            ) : null,
          )}
        </tbody>
      </table>
      <p className="sc-muted">
        Plus {fromBase.length} files from the base image ({dockerSize(fromBase.reduce((n, f) => n + f.bytes, 0))}).
      </p>
    </div>
  );
}

/** The layer stacks of one builder's view (a toggle when there are two). */
export const LayerStackView = memo(function LayerStackView({ views }: { views: readonly BuildView[] }) {
  const [chosen, setChosen] = useState<'legacy' | 'buildkit' | null>(null);
  const view = views.find((v) => v.builder === chosen) ?? views[views.length - 1];
  const max = Math.max(1, ...(view?.stacks ?? []).flatMap((s) => [s.baseBytes, ...s.layers.map((l) => l.bytes)]));
  return (
    <section className="sc-view sc-view-layers" aria-labelledby="sc-layers-title" data-testid="layers">
      <h3 className="sc-view-title" id="sc-layers-title">
        Layers
      </h3>
      {views.length > 1 ? (
        <div role="group" aria-label="Builder for the layer view" className="sc-segmented">
          {views.map((v) => (
            <button key={v.builder} type="button" aria-pressed={v.builder === view?.builder} onClick={() => setChosen(v.builder)}>
              {v.builder === 'legacy' ? 'Legacy builder' : 'BuildKit'}
            </button>
          ))}
        </div>
      ) : null}
      {!view ? <p className="sc-muted">Simulating…</p> : null}
      {view ? (
        <>
          <ol className="sc-stacks">
            {view.stacks.map((s) => (
              <Stack key={s.stage} stack={s} max={max} />
            ))}
          </ol>
          <Provenance view={view} />
        </>
      ) : null}
    </section>
  );
});
