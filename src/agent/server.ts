// The local agent's HTTP server: a deliberately narrow "build this context" service on
// 127.0.0.1, for pages from exactly the allowed origins, after pairing.
//
// Every request passes the gate below, in this order, before any handler runs (agent-security.md
// §3.3). A refused request never reaches Docker: tests/agent/server.test.ts injects a spy runner
// and checks it was never called.
//  1. Host: exactly one Host header, equal (ignoring case) to `127.0.0.1:PORT` or `localhost:PORT`.
//     Stops DNS rebinding (Ollama CVE-2024-28224, webpack-dev-server #887): a rebound name carries
//     the attacker's host name; empty Host (ollama#17721) and `0.0.0.0` (0.0.0.0-day) are refused.
//  2. No query string carrying a credential: tokens travel only in `Authorization`, never in URLs
//     (they would land in logs and Referer); any other query string is refused too.
//  3. Origin: present and exactly one of the allowed origins (no `*`, never echoed unless allowed).
//  4. Fetch metadata: `Sec-Fetch-Mode: no-cors|navigate` or a `Sec-Fetch-Dest` other than `empty`
//     is a script/img/iframe/form load, never our client (Vite's rejectNoCorsRequest).
//  5. CORS preflight answered only for allowed origins, methods and headers (no credentials).
//  6. Auth (all but health and pair): `Authorization: Bearer <token>` of a live session, compared in
//     constant time, and the request's Origin equal to the one the session paired from.
//  7. Body: `Content-Type: application/json` only (415: a text/plain or form POST is a "simple"
//     request that browsers send without preflight, Selenium Grid CVE-2022-28108), a declared
//     Content-Length within the limit (413), bytes counted while reading, strict schema (400).
// Then the context (path grammar, sizes), the Dockerfile policy, one build at a time (409).

import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BuildEvent } from '../core/build/events.ts';
import {
  AGENT_HEADER,
  LIMITS,
  NDJSON,
  PROTOCOL_VERSION,
  buildEventSchema,
  buildRequestSchema,
  contextListProblem,
  pairRequestSchema,
  type AgentErrorCode,
  type BuildRequestWire,
  type HealthResponse,
} from '../protocol/index.ts';
import { agentTag, AGENT_LABEL, cleanupImages } from './cleanup.ts';
import { probeDocker, runBuild, type DockerInfo } from './docker-driver.ts';
import { checkDockerfilePolicy } from './policy.ts';
import type { DockerRunner } from './runner.ts';
import type { TarFile } from './tar.ts';

export const AGENT_VERSION = '0.1.0';

export interface AgentOptions {
  readonly runner: DockerRunner;
  /** Exact allowed origins (already checked by ./config.ts). */
  readonly allowedOrigins: readonly string[];
  /** 0 picks a free port. */
  readonly port?: number;
  /** The site page the pairing link opens (its origin must be allowed). */
  readonly pairingPage?: string;
  readonly buildTimeoutMs?: number;
  readonly pairTtlMs?: number;
  readonly sessionIdleMs?: number;
  readonly maxSessions?: number;
  /** Wrong pairing codes before the code is replaced. */
  readonly maxPairFailures?: number;
  readonly limits?: Partial<typeof LIMITS>;
  /** Terminal output: the audit trail. Never receives a token or a pairing secret except through `onPairingCode`. */
  readonly log?: (line: string) => void;
  /** Called with each new pairing link and code (at start and after each use or rotation). */
  readonly onPairingCode?: (pairing: Pairing) => void;
  readonly now?: () => number;
}

export interface Pairing {
  /** Long secret for the link's fragment. */
  readonly secret: string;
  /** Short code to type: `PORT-XXXX-XXXX-XXXX`. */
  readonly code: string;
  /** `https://site/playground/#agent=PORT&pair=SECRET` (the fragment never leaves the browser). */
  readonly link: string;
  readonly expiresAt: number;
}

export interface Agent {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** The pairing currently valid. */
  pairing(): Pairing;
  /** Removes every image this agent built, then stops listening. */
  close(options?: { cleanup?: boolean }): Promise<void>;
}

interface Session {
  readonly id: string;
  readonly tokenDigest: Buffer;
  readonly origin: string;
  lastUsed: number;
  builds: number;
  readonly tags: string[];
  readonly intermediateIds: string[];
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: AgentErrorCode,
    message: string,
    readonly details?: readonly string[],
  ) {
    super(message);
  }
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function base64url(bytes: Buffer): string {
  return bytes.toString('base64url');
}

function shortCode(port: number): string {
  const bytes = randomBytes(12);
  let out = '';
  for (const b of bytes) out += CROCKFORD[b & 31];
  return `${port}-${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8, 12)}`;
}

const TOKEN_PARAMS = /(^|[?&])(token|access_token|auth|authorization|pair|code|key|session)=/i;

/** Starts the agent on 127.0.0.1 (never another interface). */
export async function startAgent(options: AgentOptions): Promise<Agent> {
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);
  const limits = { ...LIMITS, ...options.limits };
  const allowed = new Set(options.allowedOrigins);
  const pairTtl = options.pairTtlMs ?? 10 * 60_000;
  const idleMs = options.sessionIdleMs ?? 2 * 60 * 60_000;
  const maxSessions = options.maxSessions ?? 2;
  const maxFailures = options.maxPairFailures ?? 5;
  const hmacKey = randomBytes(32);
  const digest = (value: string): Buffer => createHmac('sha256', hmacKey).update(value).digest();
  const sessions: Session[] = [];
  // Every image any session built, kept after a session is evicted, for cleanup at exit.
  const journal = { tags: [] as string[], intermediateIds: [] as string[] };
  let port = 0;
  let pairing: Pairing | null = null;
  let pairFailures = 0;
  const pairAttempts: number[] = [];
  let busy = false;
  // The build in flight: closing the agent stops it before cleaning up.
  let inFlight: { abort: AbortController; done: Promise<unknown> } | null = null;
  let dockerInfo: { info: DockerInfo | null; error?: string; at: number } | null = null;
  const rejectLogAt = new Map<string, number>();

  const newPairing = (): void => {
    const secret = base64url(randomBytes(32));
    const code = shortCode(port);
    const page = options.pairingPage ?? `${options.allowedOrigins[0] ?? ''}/playground/`;
    pairing = { secret, code, link: `${page}#agent=${port}&pair=${secret}`, expiresAt: now() + pairTtl };
    pairFailures = 0;
    options.onPairingCode?.(pairing);
  };

  const docker = async (): Promise<{ info: DockerInfo | null; error?: string }> => {
    if (dockerInfo !== null && (dockerInfo.info !== null || now() - dockerInfo.at < 5000)) return dockerInfo;
    const probed = await probeDocker(options.runner);
    dockerInfo = { ...probed, at: now() };
    return probed;
  };

  const logRejection = (code: string, req: IncomingMessage): void => {
    const last = rejectLogAt.get(code) ?? 0;
    if (now() - last < 10_000) return;
    rejectLogAt.set(code, now());
    // The URL path only: a query string may hold a credential and is never logged.
    log(`refused ${req.method ?? '?'} ${(req.url ?? '').split('?')[0] ?? ''}: ${code} (further ones for 10 s not shown)`);
  };

  const baseHeaders = (res: ServerResponse): void => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader(AGENT_HEADER, String(PROTOCOL_VERSION));
  };

  const corsHeaders = (res: ServerResponse, origin: string): void => {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
  };

  const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
    const text = JSON.stringify(body);
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(text));
    res.end(text);
  };

  const hostAllowed = (req: IncomingMessage): boolean => {
    const hosts: string[] = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) if ((req.rawHeaders[i] ?? '').toLowerCase() === 'host') hosts.push(req.rawHeaders[i + 1] ?? '');
    if (hosts.length !== 1) return false;
    const host = (hosts[0] ?? '').toLowerCase();
    return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
  };

  const originOf = (req: IncomingMessage): string | null => {
    const values: string[] = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) if ((req.rawHeaders[i] ?? '').toLowerCase() === 'origin') values.push(req.rawHeaders[i + 1] ?? '');
    if (values.length !== 1) return null;
    const origin = values[0] ?? '';
    return allowed.has(origin) ? origin : null;
  };

  const sessionOf = (req: IncomingMessage, origin: string): Session => {
    const header = req.headers.authorization;
    const m = typeof header === 'string' ? /^Bearer ([A-Za-z0-9_-]{43})$/.exec(header) : null;
    if (!m) throw new HttpError(401, 'unauthorized', 'pair with the agent first (Authorization: Bearer <token>)');
    const given = digest(m[1] ?? '');
    const t = now();
    // Compare with every live session in constant time (HMAC digests always have equal length).
    let found: Session | null = null;
    for (const s of sessions) if (timingSafeEqual(given, s.tokenDigest) && t - s.lastUsed <= idleMs) found = s;
    if (found === null) throw new HttpError(401, 'unauthorized', 'unknown or expired session; pair again');
    if (found.origin !== origin) throw new HttpError(403, 'forbidden-origin', 'this session was paired from another origin');
    found.lastUsed = t;
    return found;
  };

  const readJson = async (req: IncomingMessage, maxBytes: number): Promise<unknown> => {
    const type = (req.headers['content-type'] ?? '').toLowerCase().replace(/\s+/g, '');
    if (type !== 'application/json' && type !== 'application/json;charset=utf-8') {
      throw new HttpError(415, 'unsupported-media-type', 'send Content-Type: application/json');
    }
    const lengthHeader = req.headers['content-length'];
    if (lengthHeader === undefined || !/^\d+$/.test(lengthHeader)) throw new HttpError(411, 'bad-request', 'Content-Length is required');
    if (Number(lengthHeader) > maxBytes) throw new HttpError(413, 'too-large', `the body is larger than ${maxBytes} bytes`);
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) throw new HttpError(413, 'too-large', `the body is larger than ${maxBytes} bytes`);
      chunks.push(chunk);
    }
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      throw new HttpError(400, 'bad-request', 'the body is not JSON');
    }
  };

  const handlePair = async (req: IncomingMessage, res: ServerResponse, origin: string): Promise<void> => {
    const t = now();
    while (pairAttempts.length > 0 && t - (pairAttempts[0] ?? 0) > 60_000) pairAttempts.shift();
    if (pairAttempts.length >= 10) throw new HttpError(429, 'rate-limited', 'too many pairing attempts; wait a minute');
    pairAttempts.push(t);
    const body = pairRequestSchema.safeParse(await readJson(req, limits.pairBodyBytes));
    if (!body.success) throw new HttpError(400, 'bad-request', 'send {"code": "<pairing code>"}');
    const current = pairing;
    if (current === null) throw new HttpError(401, 'unauthorized', 'no pairing code is active');
    const given = body.data.code;
    const expired = t > current.expiresAt;
    const matchesSecret = timingSafeEqual(digest(given), digest(current.secret));
    const matchesCode = timingSafeEqual(digest(given.toUpperCase()), digest(current.code));
    if (expired || !(matchesSecret || matchesCode)) {
      pairFailures++;
      if (expired) {
        log('the pairing code expired; here is a new one');
        newPairing();
      } else if (pairFailures >= maxFailures) {
        log(`${maxFailures} wrong pairing codes: the code was replaced`);
        newPairing();
        throw new HttpError(429, 'rate-limited', 'too many wrong codes; the agent printed a new one');
      }
      throw new HttpError(401, 'unauthorized', expired ? 'the pairing code expired; use the new one in the terminal' : 'wrong pairing code');
    }
    const token = base64url(randomBytes(32));
    const id = randomBytes(8).toString('hex').slice(0, 8).replace(/[^a-z0-9]/g, '0');
    sessions.push({ id, tokenDigest: digest(token), origin, lastUsed: t, builds: 0, tags: [], intermediateIds: [] });
    while (sessions.length > maxSessions) sessions.shift();
    log(`paired with ${origin} (session ${id})`);
    newPairing();
    corsHeaders(res, origin);
    sendJson(res, 200, { token, session: id, idleTimeoutMs: idleMs });
  };

  const decodeContext = (request: BuildRequestWire): TarFile[] => {
    const problems = contextListProblem(request.files.map((f) => f.path));
    if (problems.length > 0) throw new HttpError(400, 'bad-context', 'some context paths are refused', problems);
    const files: TarFile[] = [];
    let total = 0;
    for (const f of request.files) {
      const content = Buffer.from(f.contentBase64, 'base64');
      if (content.length > limits.fileBytes) throw new HttpError(413, 'too-large', `${f.path} is larger than ${limits.fileBytes} bytes`);
      total += content.length;
      files.push({ path: f.path, content: new Uint8Array(content), ...(f.executable === true ? { executable: true } : {}) });
    }
    if (request.files.length > limits.files) throw new HttpError(413, 'too-large', `more than ${limits.files} files`);
    if (total > limits.contextBytes) throw new HttpError(413, 'too-large', `the context is larger than ${limits.contextBytes} bytes`);
    if (Buffer.byteLength(request.dockerfile) > limits.dockerfileBytes) throw new HttpError(413, 'too-large', 'the Dockerfile is too large');
    files.push({ path: 'Dockerfile', content: new Uint8Array(Buffer.from(request.dockerfile, 'utf8')) });
    return files;
  };

  const handleBuild = async (req: IncomingMessage, res: ServerResponse, origin: string, session: Session): Promise<void> => {
    const raw = await readJson(req, limits.bodyBytes);
    const parsed = buildRequestSchema.safeParse(raw);
    if (!parsed.success) {
      throw new HttpError(400, 'bad-request', 'the build request does not match the protocol', parsed.error.issues.slice(0, 10).map((i) => `${i.path.join('.')}: ${i.message}`));
    }
    const request = parsed.data;
    const files = decodeContext(request);
    const violations = checkDockerfilePolicy(request.dockerfile, request.buildArgs ?? {});
    if (violations.length > 0) throw new HttpError(422, 'policy', 'the agent does not build this Dockerfile', violations.map((v) => v.message));
    if (busy) throw new HttpError(409, 'busy', 'another build is running; one at a time');
    busy = true;
    try {
      const probed = await docker();
      if (probed.info === null) throw new HttpError(503, 'docker-unavailable', `Docker is not reachable: ${probed.error ?? ''}`);
      if (request.builder === 'buildkit' && probed.info.buildkit === 'unavailable') throw new HttpError(503, 'docker-unavailable', 'this docker CLI cannot run BuildKit (install the buildx plugin)');
      session.builds++;
      const tag = agentTag(session.id, session.builds);
      session.tags.push(tag);
      journal.tags.push(tag);
      const hash = createHash('sha256').update(request.dockerfile).digest('hex').slice(0, 12);
      log(`build ${tag}: ${request.builder}${request.target ? ` --target ${request.target}` : ''}, Dockerfile ${hash}, ${files.length - 1} files, from ${origin}`);
      const abort = new AbortController();
      res.on('close', () => {
        if (!res.writableFinished) abort.abort();
      });
      corsHeaders(res, origin);
      res.statusCode = 200;
      res.setHeader('Content-Type', NDJSON);
      res.flushHeaders();
      const write = (event: BuildEvent): void => {
        const checked = buildEventSchema.safeParse(event);
        if (!checked.success) {
          log(`dropped an event that does not match the protocol: ${event.type}`);
          return;
        }
        if (!res.writableEnded && !res.destroyed) res.write(`${JSON.stringify(event)}\n`);
      };
      const running = runBuild(
        {
          builder: request.builder,
          files,
          target: request.target ?? null,
          buildArgs: request.buildArgs ?? {},
          noCache: request.noCache === true,
          tag,
          // One label: the legacy builder appends a LABEL step per --label; the tag names the session.
          labels: { [AGENT_LABEL]: '1' },
        },
        { runner: options.runner, buildkitMode: probed.info.buildkit, onEvent: write, signal: abort.signal, ...(options.buildTimeoutMs !== undefined ? { timeoutMs: options.buildTimeoutMs } : {}) },
      );
      inFlight = { abort, done: running };
      const result = await running.finally(() => {
        inFlight = null;
      });
      session.intermediateIds.push(...result.createdImageIds);
      journal.intermediateIds.push(...result.createdImageIds);
      log(`build ${tag}: ${result.outcome}`);
      res.end();
    } finally {
      busy = false;
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    baseHeaders(res);
    const url = req.url ?? '/';
    // 1. Host
    if (!hostAllowed(req)) throw new HttpError(403, 'forbidden-host', 'Host not allowed');
    // 2. Credentials never in the URL
    const query = url.includes('?') ? url.slice(url.indexOf('?')) : '';
    if (query !== '') {
      if (TOKEN_PARAMS.test(query) || /[A-Za-z0-9_-]{40,}/.test(query)) throw new HttpError(401, 'token-in-url', 'credentials in a URL are refused; send Authorization: Bearer');
      throw new HttpError(400, 'bad-request', 'query strings are not accepted');
    }
    // 3. Origin
    const origin = originOf(req);
    if (origin === null) throw new HttpError(403, 'forbidden-origin', 'Origin not allowed');
    // 4. Fetch metadata
    const mode = req.headers['sec-fetch-mode'];
    const dest = req.headers['sec-fetch-dest'];
    if (mode === 'no-cors' || mode === 'navigate' || (dest !== undefined && dest !== 'empty')) {
      throw new HttpError(403, 'forbidden-fetch-metadata', 'only fetch() requests are accepted');
    }
    const routes: Record<string, string> = { '/v1/health': 'GET', '/v1/pair': 'POST', '/v1/build': 'POST', '/v1/cleanup': 'POST' };
    const method = routes[url];
    if (method === undefined) throw new HttpError(404, 'not-found', 'no such endpoint');
    // 5. Preflight
    if (req.method === 'OPTIONS') {
      const wanted = req.headers['access-control-request-method'];
      const headers = (req.headers['access-control-request-headers'] ?? '')
        .toLowerCase()
        .split(',')
        .map((h) => h.trim())
        .filter(Boolean);
      if (wanted !== method || headers.some((h) => h !== 'authorization' && h !== 'content-type')) {
        throw new HttpError(403, 'forbidden-origin', 'preflight refused');
      }
      corsHeaders(res, origin);
      res.setHeader('Access-Control-Allow-Methods', method);
      res.setHeader('Access-Control-Allow-Headers', 'authorization, content-type');
      res.setHeader('Access-Control-Max-Age', '600');
      if (req.headers['access-control-request-private-network'] === 'true') res.setHeader('Access-Control-Allow-Private-Network', 'true');
      res.statusCode = 204;
      res.end();
      return;
    }
    if (req.method !== method) {
      corsHeaders(res, origin);
      throw new HttpError(405, 'method-not-allowed', `use ${method}`);
    }
    corsHeaders(res, origin);
    if (url === '/v1/health') {
      const probed = await docker();
      const body: HealthResponse = {
        agent: 'stagecraft',
        agentVersion: AGENT_VERSION,
        protocol: PROTOCOL_VERSION,
        docker:
          probed.info === null
            ? null
            : { client: probed.info.client, server: probed.info.server, buildkit: probed.info.buildkit === 'unavailable' ? 'unavailable' : probed.info.buildkit === 'docker-build' ? 'docker-build' : 'buildx', legacy: true },
        ...(probed.error !== undefined ? { dockerError: probed.error } : {}),
        busy,
      };
      sendJson(res, 200, body);
      return;
    }
    if (url === '/v1/pair') {
      await handlePair(req, res, origin);
      return;
    }
    // 6. Auth
    const session = sessionOf(req, origin);
    if (url === '/v1/build') {
      await handleBuild(req, res, origin, session);
      return;
    }
    // /v1/cleanup: a JSON body (`{}`) keeps the request non-simple.
    await readJson(req, 64);
    if (busy) throw new HttpError(409, 'busy', 'a build is running');
    const removed = await cleanupImages(options.runner, { tags: session.tags, intermediateIds: session.intermediateIds });
    session.tags.length = 0;
    session.intermediateIds.length = 0;
    log(`cleanup for session ${session.id}: ${removed.removedTags.length} tags, ${removed.removedIds.length} intermediate images`);
    sendJson(res, 200, { removedTags: removed.removedTags, removedImages: removed.removedIds.length });
  };

  const server = createServer({ maxHeaderSize: 16 * 1024 }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      const e = error instanceof HttpError ? error : new HttpError(500, 'bad-request', 'internal error');
      if (!(error instanceof HttpError)) log(`internal error: ${error instanceof Error ? error.message : String(error)}`);
      else if (e.status === 403 || e.status === 401 || e.status === 415) logRejection(e.code, req);
      if (res.headersSent) {
        res.end();
        return;
      }
      if (e.status === 403 && e.code !== 'forbidden-origin') res.removeHeader('Access-Control-Allow-Origin');
      if (e.code === 'forbidden-origin' || e.code === 'forbidden-host') {
        res.removeHeader('Access-Control-Allow-Origin');
        res.removeHeader('Vary');
      }
      // Drain nothing more: close the connection after refusing a body we did not read.
      res.setHeader('Connection', 'close');
      sendJson(res, e.status, { error: { code: e.code, message: e.message, ...(e.details ? { details: [...e.details] } : {}) } });
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;
  server.maxConnections = 8;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: options.port ?? 0 }, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  newPairing();

  // Sessions idle too long are forgotten.
  const sweep = setInterval(() => {
    const t = now();
    for (let i = sessions.length - 1; i >= 0; i--) if (t - (sessions[i]?.lastUsed ?? 0) > idleMs) sessions.splice(i, 1);
  }, 60_000);
  sweep.unref();

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    pairing: () => {
      if (pairing === null) throw new Error('no pairing');
      return pairing;
    },
    async close(closeOptions = {}) {
      clearInterval(sweep);
      const current = inFlight;
      if (current !== null) {
        current.abort.abort();
        await current.done.catch(() => undefined);
      }
      if (closeOptions.cleanup !== false) {
        if (journal.tags.length + journal.intermediateIds.length > 0) {
          const removed = await cleanupImages(options.runner, journal);
          log(`removed ${removed.removedTags.length} agent images`);
        }
      }
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
