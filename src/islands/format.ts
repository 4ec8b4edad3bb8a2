// Number formatting for the views: Docker's own size units plus exact byte counts.

import { formatBytesLikeDocker } from '../core/size/bytes.ts';
import type { Bytes } from '../core/size/bytes.ts';

/** Formats bytes like `docker images` (e.g. `170MB`). */
export function dockerSize(n: number): string {
  return formatBytesLikeDocker(Math.max(0, Math.round(n)) as Bytes);
}

/** Formats an exact byte count with thousands separators. */
export function exactBytes(n: number): string {
  return `${Math.round(n).toLocaleString('en-US')} bytes`;
}

/** Formats simulated milliseconds as seconds. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;
}

/** Names a stage for headings: `stage build`, or `stage 0` when unnamed (labels arrive as either). */
export function stageTitle(label: string): string {
  return label.startsWith('stage ') ? label : `stage ${label}`;
}
