// The legacy builder's log (`DOCKER_BUILDKIT=0 docker build`), Engine 20.10 flavour, line by line
// as events arrive. Formats: moby daemon/builder/dockerfile (builder.go, internals.go), the CLI's
// `Sending build context`, and the recordings in shared/conformance/scenarios (p01, p02, p05).

import type { BuildEvent, StepInfo } from '../events.ts';
import { ANSI, formatContextSize, tagWithLatest } from './format.ts';
import { toShortId } from './ids.ts';

export interface LegacyRenderOptions {
  /**
   * `ansi` keeps the escapes the daemon itself wraps around RUN stderr (`ESC[91m … ESC[0m`), as a
   * terminal receives them; `none` gives plain text.
   */
  readonly color?: 'none' | 'ansi';
}

/** An incremental renderer: feed events in order, get the lines each one prints. */
export interface LineRenderer {
  push(event: BuildEvent): string[];
}

/** Creates a legacy-log renderer that prints each event's lines as it arrives. */
export function createLegacyRenderer(options: LegacyRenderOptions = {}): LineRenderer {
  const ansi = options.color === 'ansi';
  const steps = new Map<string, StepInfo>();
  let anyStepStarted = false;
  // Stderr chunk state: the daemon writes ESC[91m before and ESC[0m after each stderr write, so
  // the reset lands at the start of whatever line follows the chunk.
  let stderrChunkTime: number | null = null;

  const line = (text: string): string => {
    if (stderrChunkTime === null) return text;
    stderrChunkTime = null;
    return ansi ? `${ANSI.reset}${text}` : text;
  };

  const stderrLine = (text: string, timeMs: number): string => {
    if (!ansi) return text;
    if (stderrChunkTime === timeMs) return text;
    const prefix = stderrChunkTime === null ? ANSI.stderr : `${ANSI.reset}${ANSI.stderr}`;
    stderrChunkTime = timeMs;
    return `${prefix}${text}`;
  };

  return {
    push(event: BuildEvent): string[] {
      switch (event.type) {
        case 'build.started':
          // jsonmessage right-aligns the amount in 8 columns after one space (`daemon   5.12kB`).
          return [line(`Sending build context to Docker daemon ${formatContextSize(event.contextBytes).padStart(8, ' ')}`)];
        case 'step.started':
          steps.set(event.step.stepId, event.step);
          anyStepStarted = true;
          // ONBUILD triggers run under their FROM's Step line, without one of their own.
          return event.step.onbuild === true ? [] : [line(event.step.name)];
        case 'step.container':
          return [line(` ---> Running in ${toShortId(event.containerId)}`)];
        case 'step.log':
          return [event.stream === 'stderr' ? stderrLine(event.text, event.timeMs) : line(event.text)];
        case 'step.cached':
          return [line(' ---> Using cache'), line(` ---> ${toShortId(event.imageId ?? '')}`)];
        case 'step.finished': {
          const info = steps.get(event.stepId);
          if (info?.metaArg === true) return [];
          // A FROM whose image has ONBUILD triggers prints no id: the triggers' last commit does
          // (scenario s40: `Step 4/5 : FROM base AS child` / `# Executing 1 build trigger`).
          if (info?.triggers !== undefined && info.triggers > 0) {
            return [line(`# Executing ${info.triggers} build trigger${info.triggers === 1 ? '' : 's'}`)];
          }
          const out: string[] = [];
          // Engine 20.10 wording; moby 25 prints ` ---> Removed intermediate container <id>`.
          if (event.removedContainerId !== undefined) out.push(line(`Removing intermediate container ${toShortId(event.removedContainerId)}`));
          out.push(line(` ---> ${toShortId(event.imageId ?? '')}`));
          return out;
        }
        case 'step.failed':
          return event.removedContainerId === undefined ? [] : [line(`Removing intermediate container ${toShortId(event.removedContainerId)}`)];
        case 'warning':
          // Only the daemon's own warnings reach the legacy log; lint findings are BuildKit's.
          // The parser's come on the daemon's stderr, one chunk (red) before the first step.
          if (event.message.startsWith('[WARNING]:')) return event.message.split('\n').map((text) => stderrLine(text, -1));
          return event.message.startsWith('[Warning]') ? [line(event.message)] : [];
        case 'build.succeeded': {
          const out = [line(`Successfully built ${toShortId(event.imageId)}`)];
          for (const tag of event.tags) out.push(line(`Successfully tagged ${tagWithLatest(tag)}`));
          return out;
        }
        case 'build.failed': {
          // Errors raised before the first step (parse, unknown target) come back from the API
          // call itself, which the CLI prints as `Error response from daemon: …`.
          const message = event.error.message;
          const prefixed = anyStepStarted || message.startsWith('Error response from daemon:') ? message : `Error response from daemon: ${message}`;
          return [line(prefixed)];
        }
        default:
          return [];
      }
    },
  };
}

/** Renders a whole legacy event stream to its log lines. */
export function renderLegacyLog(events: readonly BuildEvent[], options: LegacyRenderOptions = {}): string[] {
  const renderer = createLegacyRenderer(options);
  return events.flatMap((event) => renderer.push(event));
}
