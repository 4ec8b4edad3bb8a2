// BuildKit's TTY progress view (`docker build` in a terminal), as its last frame looks:
//
//   [+] Building 0.2s (5/5) FINISHED
//    => [internal] load build definition from Dockerfile                       0.0s
//    => => transferring dockerfile: 93B                                        0.0s
//    => CACHED [1/2] FROM docker.io/local/busybox:1                            0.0s
//    => ERROR [2/2] RUN echo one && echo two && exit 3                         0.2s
//   ------
//    > [2/2] RUN echo one && echo two && exit 3:
//   #5 0.187 one
//   ------
//   executor failed running [/bin/sh -c echo one && echo two && exit 3]: exit code: 3
//
// Layout from buildkit util/progress/progressui/display.go, measured on Engine 20.10 in an
// 80-column terminal: the header is padded to the width, each row to width-1 with its timer
// right-aligned; names too long are cut. Finished rows are blue, failed ones red; unlike plain
// progress, the error summary repeats the failed vertex's logs.

import type { BuildEvent, StepInfo } from '../events.ts';
import { ANSI, formatLogOffset, formatSeconds, formatTransferBytes } from './format.ts';

export interface BuildkitSummaryOptions {
  /** Terminal columns; 80 by default. */
  readonly width?: number;
  readonly color?: 'none' | 'ansi';
}

type VertexStatus = 'running' | 'done' | 'cached' | 'error' | 'canceled';

interface StatusRow {
  readonly text: string;
  readonly durationMs: number;
}

interface Vertex {
  readonly info: StepInfo;
  readonly startMs: number;
  endMs: number | null;
  status: VertexStatus;
  readonly statuses: Map<string, StatusRow>;
  readonly logs: { readonly timeMs: number; readonly text: string }[];
}

function statusText(event: Extract<BuildEvent, { type: 'step.progress' }>): string {
  if (event.current === undefined) return event.id;
  const total = event.total !== undefined && event.total > 0 ? ` / ${formatTransferBytes(event.total)}` : '';
  return `${event.id} ${formatTransferBytes(event.current)}${total}`;
}

function row(text: string, durationMs: number, width: number): string {
  const timer = ` ${formatSeconds(durationMs)}`;
  const room = Math.max(1, width - 1 - timer.length);
  const cut = text.length > room - 1 ? text.slice(0, room - 1) : text;
  return `${cut.padEnd(room, ' ')}${timer}`;
}

/**
 * Renders the TTY view of a BuildKit build from the events seen so far: the `[+] Building` header
 * (FINISHED once the build ended), one row per vertex with its sub-statuses, and on failure the
 * error summary with the failed vertex's logs.
 */
export function renderBuildkitSummary(events: readonly BuildEvent[], options: BuildkitSummaryOptions = {}): string[] {
  const width = Math.max(20, Math.floor(options.width ?? 80));
  const ansi = options.color === 'ansi';
  const vertices = new Map<string, Vertex>();
  let now = 0;
  let finished = false;
  let failure: { readonly stepId?: string; readonly message: string } | null = null;

  for (const event of events) {
    now = Math.max(now, event.timeMs);
    switch (event.type) {
      case 'step.started':
        if (!vertices.has(event.step.stepId)) {
          vertices.set(event.step.stepId, {
            info: event.step,
            startMs: event.timeMs,
            endMs: null,
            status: 'running',
            statuses: new Map(),
            logs: [],
          });
        }
        break;
      case 'step.progress': {
        const vertex = vertices.get(event.stepId);
        vertex?.statuses.set(event.id, { text: statusText(event), durationMs: event.durationMs });
        break;
      }
      case 'step.log':
        vertices.get(event.stepId)?.logs.push({ timeMs: event.timeMs, text: event.text });
        break;
      case 'step.finished':
      case 'step.cached':
      case 'step.canceled':
      case 'step.failed': {
        const vertex = vertices.get(event.stepId);
        if (vertex !== undefined) {
          vertex.status =
            event.type === 'step.finished' ? 'done' : event.type === 'step.cached' ? 'cached' : event.type === 'step.canceled' ? 'canceled' : 'error';
          vertex.endMs = event.type === 'step.cached' ? vertex.startMs : event.timeMs;
        }
        break;
      }
      case 'build.succeeded':
        finished = true;
        break;
      case 'build.failed':
        finished = true;
        failure = { ...(event.error.stepId !== undefined ? { stepId: event.error.stepId } : {}), message: event.error.message };
        break;
      case 'build.canceled':
        finished = true;
        for (const vertex of vertices.values()) {
          if (vertex.status === 'running') {
            vertex.status = 'canceled';
            vertex.endMs = event.timeMs;
          }
        }
        break;
      default:
        break;
    }
  }

  const all = [...vertices.values()];
  const completed = all.filter((vertex) => vertex.status !== 'running').length;
  const header = `[+] Building ${formatSeconds(now)} (${completed}/${all.length})${finished ? ' FINISHED' : ''}`;
  // Each row carries the colour of its vertex; like the real display, a coloured row is reset at
  // the start of the line after it (and by a last line of its own at the very end).
  const rows: { readonly text: string; readonly color: string | null }[] = [{ text: header.padEnd(width, ' '), color: null }];
  const colorOf = (status: VertexStatus): string | null =>
    status === 'error' ? ANSI.red : status === 'done' || status === 'cached' ? ANSI.blue : null;
  for (const vertex of all) {
    const prefix = vertex.status === 'cached' ? 'CACHED ' : vertex.status === 'error' ? 'ERROR ' : vertex.status === 'canceled' ? 'CANCELED ' : '';
    const duration = (vertex.endMs ?? now) - vertex.startMs;
    rows.push({ text: row(` => ${prefix}${vertex.info.name}`, duration, width), color: colorOf(vertex.status) });
    for (const status of vertex.statuses.values()) {
      rows.push({ text: row(` => => ${status.text}`, status.durationMs, width), color: colorOf(vertex.status) });
    }
  }

  if (failure !== null) {
    const failed = failure.stepId === undefined ? undefined : vertices.get(failure.stepId);
    if (failed !== undefined) {
      const number = all.indexOf(failed) + 1;
      rows.push({ text: '------', color: null }, { text: ` > ${failed.info.name}:`, color: null });
      for (const log of failed.logs) rows.push({ text: `#${number} ${formatLogOffset(log.timeMs - failed.startMs)} ${log.text}`, color: null });
      rows.push({ text: '------', color: null });
    }
    rows.push({ text: failure.message, color: null });
  }

  if (!ansi) return rows.map(({ text }) => text);
  const lines: string[] = [];
  let previousColored = false;
  for (const { text, color } of rows) {
    lines.push(`${previousColored ? ANSI.reset : ''}${color ?? ''}${text}`);
    previousColored = color !== null;
  }
  if (previousColored) lines.push(ANSI.reset);
  return lines;
}
