// The browser side of the local agent protocol (src/protocol): health, pairing, and a build whose
// NDJSON response is read line by line and validated event by event. Used by the "Connect local
// agent" panel (src/islands/agent/AgentPanel.tsx).
//
// Rules from agent-security.md §3.2 and §3.10:
// - the agent is called by IP literal (`http://127.0.0.1:PORT`), never `localhost`;
// - the pairing secret arrives in the URL fragment (never sent to any server) and the fragment is
//   removed from the address bar at once;
// - the session token lives in sessionStorage (this tab only), never in localStorage or a cookie,
//   and travels only in the Authorization header;
// - nothing is probed before the learner asks (Chrome's Local Network Access prompt).

import type { BuildEvent } from '../core/build/events.ts';
import {
  healthResponseSchema,
  LIMITS,
  NDJSON,
  pairResponseSchema,
  errorResponseSchema,
  parseBuildEventLine,
  contextListProblem,
  type BuildRequestWire,
  type HealthResponse,
  type PairResponse,
} from '../protocol/index.ts';

import { AgentError, type AgentConnection } from './agent-link.ts';

export { AgentError, type AgentConnection } from './agent-link.ts';

async function failure(res: Response): Promise<AgentError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON
  }
  const parsed = errorResponseSchema.safeParse(body);
  if (parsed.success) return new AgentError(parsed.data.error.code, parsed.data.error.message, parsed.data.error.details ?? []);
  return new AgentError(`http-${res.status}`, `the agent answered ${res.status}`);
}

async function call(url: string, init: RequestInit): Promise<Response> {
  try {
    // `targetAddressSpace` tells Chrome (LNA) in advance that this is a loopback request.
    return await fetch(url, { ...init, mode: 'cors', credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer', ...({ targetAddressSpace: 'loopback' } as object) });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new AgentError(
      'unreachable',
      'The agent did not answer. Is `npx stagecraft agent` running, and is this site one of its allowed origins? Some browsers also block pages from reaching 127.0.0.1 unless you allow it.',
    );
  }
}

export async function fetchHealth(baseUrl: string, signal?: AbortSignal): Promise<HealthResponse> {
  const res = await call(`${baseUrl}/v1/health`, { method: 'GET', ...(signal ? { signal } : {}) });
  if (!res.ok) throw await failure(res);
  const parsed = healthResponseSchema.safeParse(await res.json());
  if (!parsed.success) throw new AgentError('protocol', 'the agent sent an answer this page does not understand');
  return parsed.data;
}

export async function pairWithAgent(baseUrl: string, code: string): Promise<AgentConnection> {
  const res = await call(`${baseUrl}/v1/pair`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }) });
  if (!res.ok) throw await failure(res);
  const parsed = pairResponseSchema.safeParse(await res.json());
  if (!parsed.success) throw new AgentError('protocol', 'the agent sent an answer this page does not understand');
  const data: PairResponse = parsed.data;
  return { baseUrl, token: data.token, session: data.session };
}

export async function cleanupAgentImages(connection: AgentConnection): Promise<{ removedTags: string[] }> {
  const res = await call(`${connection.baseUrl}/v1/cleanup`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${connection.token}` },
    body: '{}',
  });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as { removedTags: string[] };
}

function base64OfText(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The build request for the playground's files; throws an AgentError when a limit or path rule would refuse it. */
export function buildRequestFor(input: {
  readonly builder: 'legacy' | 'buildkit';
  readonly dockerfile: string;
  readonly files: Readonly<Record<string, string>>;
  readonly target?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly noCache?: boolean;
}): BuildRequestWire {
  const paths = Object.keys(input.files);
  const problems = contextListProblem(paths);
  if (problems.length > 0) throw new AgentError('bad-context', 'Some file names cannot be sent to the agent.', problems);
  if (paths.length > LIMITS.files) throw new AgentError('too-large', `The agent takes at most ${LIMITS.files} files.`);
  const target = input.target?.trim() ?? '';
  return {
    builder: input.builder,
    dockerfile: input.dockerfile,
    files: paths.map((path) => ({ path, contentBase64: base64OfText(input.files[path] ?? '') })),
    ...(target !== '' ? { target } : {}),
    ...(input.buildArgs && Object.keys(input.buildArgs).length > 0 ? { buildArgs: { ...input.buildArgs } } : {}),
    ...(input.noCache === true ? { noCache: true } : {}),
  };
}

/**
 * Runs a build on the agent and yields its events as they arrive. Aborting the signal closes the
 * stream, which makes the agent kill the build. A line that is not a valid BuildEvent ends the
 * stream with an error: the page never renders what it could not validate.
 */
export async function* streamBuild(connection: AgentConnection, request: BuildRequestWire, signal: AbortSignal): AsyncGenerator<BuildEvent> {
  const res = await call(`${connection.baseUrl}/v1/build`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${connection.token}` },
    body: JSON.stringify(request),
    signal,
  });
  if (!res.ok) throw await failure(res);
  if (!(res.headers.get('content-type') ?? '').startsWith(NDJSON) || res.body === null) throw new AgentError('protocol', 'the agent did not send a build stream');
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let at = buffer.indexOf('\n');
      while (at !== -1) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 1);
        at = buffer.indexOf('\n');
        if (line.trim() === '') continue;
        const event = parseBuildEventLine(line);
        if (event === null) throw new AgentError('protocol', 'the agent sent a line that is not a build event');
        yield event;
      }
    }
  } finally {
    reader.releaseLock();
  }
}
