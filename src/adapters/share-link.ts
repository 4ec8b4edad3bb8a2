// Share links: the whole scenario (Dockerfile, context, settings) as deflate-raw compressed JSON in
// the URL hash, base64url-encoded, using the browser's own CompressionStream (no dependency).

import { canonical, readScenario, type PlaygroundSettings, type Scenario } from '../core/session/scenario.ts';

/** The hash parameter that carries a scenario: `#scenario=<base64url>`. */
export const SHARE_PARAM = 'scenario';

async function pipeBytes(data: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([data as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

/** Encodes bytes as base64url without padding. */
export function toBase64Url(data: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes base64url (padding optional); null when it is not base64url. */
export function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/** Compresses a scenario into the text of a share link's hash parameter. */
export async function encodeScenario(scenario: Scenario): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(canonical(scenario)));
  return toBase64Url(await pipeBytes(json, new CompressionStream('deflate-raw')));
}

/** Restores a scenario from a share link's parameter; null when it is damaged. */
export async function decodeScenario(text: string, fallbackSettings: PlaygroundSettings): Promise<Scenario | null> {
  const data = fromBase64Url(text);
  if (!data) return null;
  try {
    const json = new TextDecoder().decode(await pipeBytes(data, new DecompressionStream('deflate-raw')));
    return readScenario(JSON.parse(json), fallbackSettings);
  } catch {
    return null;
  }
}

/** Makes the full share URL for the current page. */
export async function shareUrl(scenario: Scenario, location: { origin: string; pathname: string; search: string }): Promise<string> {
  return `${location.origin}${location.pathname}${location.search}#${SHARE_PARAM}=${await encodeScenario(scenario)}`;
}

/** Reads the scenario parameter from a URL hash (`#scenario=…`), or null. */
export function scenarioParam(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return params.get(SHARE_PARAM);
}
