// BuildKit's `--progress=plain` log, Engine 20.10 flavour, line by line as events arrive.
//
// Format (buildkit util/progress/progressui/printer.go, checked against the recordings in
// shared/conformance/scenarios and runs of Engine 20.10.24):
//   #N <vertex name>
//   #N sha256:<vertex digest>           (20.10 prints the digest under every name)
//   #N <status> [<amount>] [<t>s] [done]
//   #N <secs> <log line>
//   #N CACHED | #N DONE <t>s | #N ERROR: <message> | #N CANCELED
// A blank line precedes every block but the first. N counts vertices in order of first appearance.
// 20.10 prints one vertex at a time: while a block is open, updates of other vertices wait and are
// printed as whole blocks once it closes (two concurrent RUNs came out as two separate blocks).

import type { BuildEvent, StepInfo } from '../events.ts';
import { ANSI, formatLogOffset, formatSeconds, formatTransferBytes } from './format.ts';
import type { LineRenderer } from './legacy.ts';

export interface BuildkitPlainRenderOptions {
  /** `ansi` colours error lines red and warnings yellow; 20.10 itself prints plain text. */
  readonly color?: 'none' | 'ansi';
  /** Print the `#N sha256:…` line under each vertex name (Engine 20.10 does). Default true. */
  readonly digests?: boolean;
  /**
   * Print a vertex's name as soon as it starts when nothing else is printing, so a live terminal
   * shows the running step. The recordings favour waiting for its first output or its end
   * (151 vs 150 of 202 logs identical), so the default is false.
   */
  readonly eagerHeaders?: boolean;
}

interface VertexState {
  readonly info: StepInfo;
  readonly startMs: number;
  /** Body lines not yet printed, without the `#N ` prefix (it is added when N is known). */
  pending: { readonly text: string; readonly error: boolean }[];
  headerPrinted: boolean;
  complete: boolean;
  number: number;
}

/** Formats a status line's text after `#N ` (`transferring context: 137B done`). */
export function formatStatus(event: Extract<BuildEvent, { type: 'step.progress' }>): string {
  let text = event.id;
  if (event.current !== undefined) {
    text += ` ${formatTransferBytes(event.current)}`;
    if (event.total !== undefined && event.total > 0) text += ` / ${formatTransferBytes(event.total)}`;
  }
  // The printer shows a status's time only once it exceeds 10 ms.
  if (event.durationMs > 10) text += ` ${formatSeconds(event.durationMs)}`;
  if (event.done) text += ' done';
  return text;
}

/** Creates a BuildKit plain-progress renderer that prints each event's lines as it arrives. */
export function createBuildkitPlainRenderer(options: BuildkitPlainRenderOptions = {}): LineRenderer {
  const ansi = options.color === 'ansi';
  const showDigests = options.digests ?? true;
  const eager = options.eagerHeaders === true;
  const vertices = new Map<string, VertexState>();
  const queue: string[] = [];
  let open: string | null = null;
  let nextNumber = 1;
  let printedAnything = false;
  const red = (text: string): string => (ansi ? `${ANSI.red}${text}${ANSI.reset}` : text);

  const printVertex = (vertex: VertexState, out: string[]): void => {
    if (!vertex.headerPrinted) {
      if (vertex.number === 0) vertex.number = nextNumber++;
      if (printedAnything) out.push('');
      out.push(`#${vertex.number} ${vertex.info.name}`);
      if (showDigests && vertex.info.digest !== undefined) out.push(`#${vertex.number} ${vertex.info.digest}`);
      vertex.headerPrinted = true;
      printedAnything = true;
    }
    for (const body of vertex.pending) out.push(body.error ? red(`#${vertex.number} ${body.text}`) : `#${vertex.number} ${body.text}`);
    vertex.pending = [];
  };

  // Prints queued vertices once nothing is open; an unfinished one becomes the open block. Then,
  // like the printer's "make any open vertex active", a started vertex that is still running
  // takes the stage (its name printed again if an interruption cut it off).
  const activate = (out: string[], force: boolean): void => {
    while ((open === null || force) && queue.length > 0) {
      const id = queue.shift() ?? '';
      const vertex = vertices.get(id);
      if (vertex === undefined) continue;
      if (open !== null && open !== id) interrupt(out);
      printVertex(vertex, out);
      open = vertex.complete ? null : id;
    }
    if (open !== null || force || !eager) return;
    for (const [id, vertex] of vertices) {
      if (vertex.complete) continue;
      printVertex(vertex, out);
      open = id;
      return;
    }
  };

  // Cuts the open block short (`#N ...`); its name is printed again when it resumes.
  const interrupt = (out: string[]): void => {
    const current = open === null ? undefined : vertices.get(open);
    if (current !== undefined && current.headerPrinted) {
      out.push(`#${current.number} ...`);
      current.headerPrinted = false;
    }
    open = null;
  };

  // Adds a body line to a vertex and prints what may be printed now. Updates of a vertex other
  // than the open one wait, unless they complete it: finished vertices are printed first, cutting
  // the open block short (scenario s05: `#5 ...`, then #7's block, then #5 again).
  const emit = (stepId: string, body: string | null, completes: boolean, error = false): string[] => {
    const vertex = vertices.get(stepId);
    if (vertex === undefined) return [];
    if (body !== null) vertex.pending.push({ text: body, error });
    if (completes) vertex.complete = true;
    const out: string[] = [];
    if (open !== null && open !== stepId && !completes) {
      if (!queue.includes(stepId)) queue.push(stepId);
      return out;
    }
    if (open !== null && open !== stepId) interrupt(out);
    const index = queue.indexOf(stepId);
    if (index >= 0) queue.splice(index, 1);
    printVertex(vertex, out);
    open = vertex.complete ? null : stepId;
    activate(out, false);
    return out;
  };

  const summary = (stepId: string | undefined, message: string): string[] => {
    const name = stepId === undefined ? undefined : vertices.get(stepId)?.info.name;
    if (name === undefined) return [red(message)];
    return [red('------'), red(` > ${name}:`), red('------'), red(message)];
  };

  return {
    push(event: BuildEvent): string[] {
      switch (event.type) {
        case 'step.started': {
          if (!vertices.has(event.step.stepId)) {
            vertices.set(event.step.stepId, {
              info: event.step,
              startMs: event.timeMs,
              pending: [],
              headerPrinted: false,
              complete: false,
              number: 0,
            });
          }
          return eager ? emit(event.step.stepId, null, false) : [];
        }
        case 'step.progress':
          return emit(event.stepId, formatStatus(event), false);
        case 'step.log': {
          const start = vertices.get(event.stepId)?.startMs ?? 0;
          return emit(event.stepId, `${formatLogOffset(event.timeMs - start)} ${event.text}`, false);
        }
        case 'step.cached':
          return emit(event.stepId, 'CACHED', true);
        case 'step.finished':
          return emit(event.stepId, `DONE ${formatSeconds(event.durationMs)}`, true);
        case 'step.canceled':
          return emit(event.stepId, 'CANCELED', true);
        case 'step.failed':
          return emit(event.stepId, `ERROR: ${event.message}`, true, true);
        case 'build.failed': {
          const out: string[] = [];
          activate(out, true);
          return [...out, ...summary(event.error.stepId, event.error.message)];
        }
        case 'build.canceled': {
          const out: string[] = [];
          for (const [id, vertex] of vertices) {
            if (!vertex.complete) {
              vertex.pending.push({ text: 'CANCELED', error: false });
              vertex.complete = true;
              if (!queue.includes(id) && open !== id) queue.push(id);
            }
          }
          if (open !== null) {
            const current = vertices.get(open);
            if (current !== undefined) printVertex(current, out);
            open = null;
          }
          activate(out, true);
          return out;
        }
        case 'build.succeeded': {
          const out: string[] = [];
          activate(out, true);
          return out;
        }
        default:
          return [];
      }
    },
  };
}

/** Renders a whole BuildKit event stream to its plain-progress lines. */
export function renderBuildkitPlainLog(events: readonly BuildEvent[], options: BuildkitPlainRenderOptions = {}): string[] {
  const renderer = createBuildkitPlainRenderer(options);
  return events.flatMap((event) => renderer.push(event));
}
