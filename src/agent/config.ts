// Who may talk to the agent. Origins are exact strings (`scheme://host[:port]`), compared by
// membership, never by prefix or pattern: webpack-dev-server allowed "any IP" origins
// (CVE-2025-30360), quarkus-mcp-server accepted `localhost.evil.example` through `startsWith`
// (quarkiverse/quarkus-mcp-server#902), and `*` undid Ollama's and Chrome DevTools' protection
// whenever a guide told users to set it (agent-security.md §2.2, §2.7, §3.9).

/**
 * The production site's origin: the only origin allowed by default. Override it with
 * `--site-origin URL` or `$STAGECRAFT_SITE_ORIGIN` when the site is served from elsewhere.
 */
export const DEFAULT_SITE_ORIGIN = 'https://stagecraft.dev';

/** Origins `--dev` adds: the Astro dev server (astro.config.mjs, port 4321), by name and by IP. */
export const DEV_ORIGINS: readonly string[] = ['http://localhost:4321', 'http://127.0.0.1:4321'];

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Checks an origin given on the command line: `https://…`, or `http://` on a loopback host with an
 * explicit port; no wildcard, path, query, credentials or trailing slash. Returns the canonical
 * origin, or a reason to refuse it.
 */
export function checkAllowedOrigin(value: string): { origin: string } | { error: string } {
  if (value.includes('*')) return { error: `${value}: wildcards are refused; list each origin exactly` };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { error: `${value}: not a URL` };
  }
  if (url.origin !== value) return { error: `${value}: give the bare origin, e.g. ${url.origin}` };
  if (url.protocol === 'https:') return { origin: url.origin };
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname) && url.port !== '') return { origin: url.origin };
  return { error: `${value}: only https:// origins, or http:// on localhost/127.0.0.1 with a port, are allowed` };
}

/** The site origin from `$STAGECRAFT_SITE_ORIGIN`, or the default. */
export function siteOriginFromEnv(): string {
  const fromEnv = process.env['STAGECRAFT_SITE_ORIGIN'];
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : DEFAULT_SITE_ORIGIN;
}
