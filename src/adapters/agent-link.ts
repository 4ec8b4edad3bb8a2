// The light half of the agent client: parsing the pairing link and code, the agent's address,
// and the session kept in sessionStorage. No zod, no fetch: the playground bundle carries only
// this; ./agent-client.ts (schemas and requests) loads when the learner first acts.

export interface AgentConnection {
  readonly baseUrl: string;
  readonly token: string;
  readonly session: string;
}

export class AgentError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}

const STORAGE_KEY = 'stagecraft.agent.session';

/** `http://127.0.0.1:PORT` for a port (1–65535), or null. */
export function agentBaseUrl(port: number): string | null {
  return Number.isInteger(port) && port > 0 && port < 65536 ? `http://127.0.0.1:${port}` : null;
}

/** Reads `#agent=PORT&pair=SECRET` (the agent's pairing link); null when the hash is something else. */
export function parsePairingHash(hash: string): { port: number; secret: string } | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const port = Number(params.get('agent'));
  const secret = params.get('pair') ?? '';
  if (agentBaseUrl(port) === null || !/^[A-Za-z0-9_-]{20,128}$/.test(secret)) return null;
  return { port, secret };
}

/** Reads a typed code `PORT-XXXX-XXXX-XXXX` (spaces and case forgiven). */
export function parsePairingCode(text: string): { port: number; code: string } | null {
  const code = text.trim().toUpperCase().replace(/\s+/g, '');
  const m = /^(\d{1,5})-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/.exec(code);
  if (!m) return null;
  const port = Number(m[1]);
  return agentBaseUrl(port) === null ? null : { port, code };
}

export function saveConnection(connection: AgentConnection | null): void {
  try {
    if (connection === null) sessionStorage.removeItem(STORAGE_KEY);
    else sessionStorage.setItem(STORAGE_KEY, JSON.stringify(connection));
  } catch {
    // Storage may be unavailable (privacy modes): the connection then lasts as long as the page.
  }
}

export function loadConnection(): AgentConnection | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (raw === null) return null;
    const value = JSON.parse(raw) as Partial<AgentConnection>;
    if (typeof value.baseUrl !== 'string' || !/^http:\/\/127\.0\.0\.1:\d{1,5}$/.test(value.baseUrl)) return null;
    if (typeof value.token !== 'string' || typeof value.session !== 'string') return null;
    return { baseUrl: value.baseUrl, token: value.token, session: value.session };
  } catch {
    return null;
  }
}

