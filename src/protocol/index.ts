// The local agent's wire protocol, shared by the browser (src/adapters/agent-client.ts) and the
// agent (src/agent/server.ts). Every body either side receives is parsed with these zod schemas
// before anything reads it; unknown fields are refused (`.strict()`), so a page cannot smuggle an
// option the agent does not know about.
//
// Design and attacks: shared/reference/agent-security.md §3 (request gate, pairing, limits) and
// §5 (fetch POST with an NDJSON response, as Ollama and the Engine API's /build do).

import { z } from 'zod';

export { PATH_RULES, contextPathProblem, contextListProblem } from './paths.ts';
export { buildEventSchema, parseBuildEventLine } from './events.ts';

/** Bumped when a request or response changes incompatibly; `/v1/health` reports it. */
export const PROTOCOL_VERSION = 1;

/** Header the agent sends with every response, so the page knows it talks to a Stagecraft agent. */
export const AGENT_HEADER = 'x-stagecraft-agent';

/**
 * Tutorial-scale limits (agent-security.md §3.5). The agent enforces them (the CLI may lower them,
 * never the page); the browser checks them too so the learner hears about it before sending.
 */
export const LIMITS = {
  /** Whole JSON body of `POST /v1/build` (base64 costs a third more than the files). */
  bodyBytes: 12 * 1024 * 1024,
  /** Body of `POST /v1/pair`. */
  pairBodyBytes: 1024,
  files: 200,
  fileBytes: 1024 * 1024,
  contextBytes: 8 * 1024 * 1024,
  dockerfileBytes: 64 * 1024,
  buildArgs: 32,
  buildArgValueChars: 4096,
} as const;

// ---- /v1/health ------------------------------------------------------------------------------

export const healthResponseSchema = z
  .object({
    agent: z.literal('stagecraft'),
    agentVersion: z.string(),
    protocol: z.number().int(),
    docker: z
      .object({
        client: z.string(),
        server: z.string(),
        /** `buildx` when `docker buildx` exists, else BuildKit through `DOCKER_BUILDKIT=1 docker build`. */
        buildkit: z.enum(['buildx', 'docker-build', 'unavailable']),
        legacy: z.boolean(),
      })
      .strict()
      .nullable(),
    /** Why Docker is unreachable, when `docker` is null. */
    dockerError: z.string().optional(),
    busy: z.boolean(),
  })
  .strict();
export type HealthResponse = z.infer<typeof healthResponseSchema>;

// ---- /v1/pair --------------------------------------------------------------------------------

/** A pairing code as printed by the agent: `PORT-XXXX-XXXX-XXXX` or the long fragment secret. */
export const pairRequestSchema = z
  .object({
    code: z.string().min(8).max(128).regex(/^[A-Za-z0-9_-]+$/),
  })
  .strict();
export type PairRequest = z.infer<typeof pairRequestSchema>;

export const pairResponseSchema = z
  .object({
    token: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
    /** The session id that names this session's images (`stagecraft-agent/<session>:<n>`). */
    session: z.string().regex(/^[a-z0-9]{8}$/),
    idleTimeoutMs: z.number().int().positive(),
  })
  .strict();
export type PairResponse = z.infer<typeof pairResponseSchema>;

// ---- /v1/build -------------------------------------------------------------------------------

const buildArgName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'build-arg names are letters, digits and _');
// eslint-disable-next-line no-control-regex
const noControl = /^[^\u0000-\u0008\u000b-\u001f\u007f]*$/;

export const contextFileSchema = z
  .object({
    /** Relative path with `/` separators; see ./paths.ts for the grammar. */
    path: z.string().min(1).max(200),
    /** The file's bytes, base64. */
    contentBase64: z.string().max(Math.ceil((LIMITS.fileBytes * 4) / 3) + 4).regex(/^[A-Za-z0-9+/]*={0,2}$/),
    /** Mode 0755 instead of 0644. No other mode, owner, link or device can be expressed. */
    executable: z.boolean().optional(),
  })
  .strict();
export type ContextFileWire = z.infer<typeof contextFileSchema>;

export const buildRequestSchema = z
  .object({
    builder: z.enum(['legacy', 'buildkit']),
    dockerfile: z.string().max(LIMITS.dockerfileBytes),
    files: z.array(contextFileSchema).max(LIMITS.files),
    target: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/)
      .nullable()
      .optional(),
    buildArgs: z
      .record(buildArgName, z.string().max(LIMITS.buildArgValueChars).regex(noControl))
      .refine((r) => Object.keys(r).length <= LIMITS.buildArgs, `at most ${LIMITS.buildArgs} build-args`)
      .optional(),
    noCache: z.boolean().optional(),
  })
  .strict();
export type BuildRequestWire = z.infer<typeof buildRequestSchema>;

// ---- errors ----------------------------------------------------------------------------------

export const errorCodeSchema = z.enum([
  'forbidden-host',
  'forbidden-origin',
  'forbidden-fetch-metadata',
  'token-in-url',
  'unauthorized',
  'unsupported-media-type',
  'too-large',
  'bad-request',
  'bad-context',
  'policy',
  'busy',
  'rate-limited',
  'not-found',
  'method-not-allowed',
  'docker-unavailable',
]);
export type AgentErrorCode = z.infer<typeof errorCodeSchema>;

export const errorResponseSchema = z
  .object({
    error: z
      .object({
        code: errorCodeSchema,
        message: z.string(),
        /** Policy and context problems: one sentence per problem. */
        details: z.array(z.string()).optional(),
      })
      .strict(),
  })
  .strict();
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

/** Media type of the build stream: one `BuildEvent` JSON per line. */
export const NDJSON = 'application/x-ndjson';
