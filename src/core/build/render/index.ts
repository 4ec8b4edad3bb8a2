// The build log renderers: events in, the real engines' text out.

import type { BuildEvent, BuilderKind } from '../events.ts';
import { createBuildkitPlainRenderer } from './buildkit-plain.ts';
import { createLegacyRenderer, type LineRenderer } from './legacy.ts';

export { createBuildkitPlainRenderer, formatStatus, renderBuildkitPlainLog, type BuildkitPlainRenderOptions } from './buildkit-plain.ts';
export { renderBuildkitSummary, type BuildkitSummaryOptions } from './buildkit-tty.ts';
export { createLegacyRenderer, renderLegacyLog, type LegacyRenderOptions, type LineRenderer } from './legacy.ts';
export { maskBuildLog } from './mask.ts';
export { digestFromKey, sha256Hex, shortIdFromKey, toShortId } from './ids.ts';
export { formatContextSize, formatTransferBytes, stripAnsi } from './format.ts';

/** Creates the line renderer for a builder's own log format (legacy steps or BuildKit plain progress). */
export function createLogRenderer(builder: BuilderKind, options: { readonly color?: 'none' | 'ansi' } = {}): LineRenderer {
  return builder === 'legacy' ? createLegacyRenderer(options) : createBuildkitPlainRenderer(options);
}

/**
 * Creates a line renderer that picks the log format from the first event's builder, for a
 * terminal that prints the build machine's `build.played` events as they come. A new
 * `build.started` (a rebuild) starts a fresh log.
 */
export function createBuildLogRenderer(options: { readonly color?: 'none' | 'ansi' } = {}): LineRenderer {
  let current: LineRenderer | null = null;
  return {
    push(event: BuildEvent): string[] {
      if (current === null || event.type === 'build.started') current = createLogRenderer(event.builder, options);
      return current.push(event);
    },
  };
}

/** Renders a whole event stream in the format of the builder that produced it. */
export function renderBuildLog(events: readonly BuildEvent[], options: { readonly color?: 'none' | 'ansi' } = {}): string[] {
  const renderer = createBuildLogRenderer(options);
  return events.flatMap((event) => renderer.push(event));
}
