// Test doubles for the agent: a spy docker runner that records every call and plays canned
// output, and raw HTTP requests over a socket (so Host, Origin and body can be anything at all).

import net from 'node:net';
import type { DockerProcess, DockerRunner, SpawnOptions } from '../../src/agent/runner.ts';

export interface SpyCall {
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly stdinBytes: number;
}

export interface Script {
  readonly stdout?: string;
  readonly stderr?: string;
  readonly code?: number;
  /** Wait this long before exiting (ms); a kill ends it at once with code null. */
  readonly delayMs?: number;
}

export interface SpyRunner extends DockerRunner {
  readonly calls: SpyCall[];
  readonly kills: number[];
}

/** The default script: a Docker 20.10 without buildx, and a legacy build that succeeds. */
export function defaultScript(args: readonly string[]): Script {
  const [first, second] = args;
  if (first === 'version') return { stdout: '20.10.24|20.10.24\n' };
  if (first === 'buildx') return { code: 1, stderr: "docker: 'buildx' is not a docker command.\n" };
  if (first === 'image' && second === 'inspect') return { stdout: '1982388|2\n' };
  if (first === 'history') return { stdout: '0B\n6B\n1.98MB\n' };
  if (first === 'image' && second === 'rm') return { stdout: 'Untagged\n' };
  if (first === 'build') {
    return {
      stdout: [
        'Sending build context to Docker daemon  3.072kB',
        'Step 1/3 : FROM local/busybox:1',
        ' ---> 82f37c143231',
        'Step 2/3 : COPY a.txt /a',
        ' ---> 9aaf41a63770',
        'Step 3/3 : LABEL io.stagecraft.agent=1',
        ' ---> Running in 5ccb43d3559f',
        'Removing intermediate container 5ccb43d3559f',
        ' ---> 2b10e2dcdc4d',
        'Successfully built 2b10e2dcdc4d',
        '',
      ].join('\n'),
    };
  }
  return {};
}

export function spyRunner(script: (args: readonly string[]) => Script = defaultScript): SpyRunner {
  const calls: SpyCall[] = [];
  const kills: number[] = [];
  return {
    binary: 'spy-docker',
    calls,
    kills,
    spawn(args: readonly string[], options: SpawnOptions = {}): DockerProcess {
      calls.push({ args: [...args], env: { ...options.env }, stdinBytes: options.stdin?.length ?? 0 });
      const s = script(args);
      const out: ((c: string) => void)[] = [];
      const err: ((c: string) => void)[] = [];
      let finish: (code: number | null) => void = () => undefined;
      const exit = new Promise<number | null>((resolve) => (finish = resolve));
      let done = false;
      setTimeout(() => {
        if (s.stdout) for (const l of out) l(s.stdout);
        if (s.stderr) for (const l of err) l(s.stderr);
        setTimeout(() => {
          if (!done) {
            done = true;
            finish(s.code ?? 0);
          }
        }, s.delayMs ?? 0);
      }, 1);
      return {
        onStdout: (l) => out.push(l),
        onStderr: (l) => err.push(l),
        exit,
        kill: () => {
          kills.push(calls.length);
          if (!done) {
            done = true;
            finish(null);
          }
        },
      };
    },
  };
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Sends bytes exactly as given and reads the whole response (the server closes or we time out). */
export function rawRequest(port: number, text: string | Buffer, timeoutMs = 5000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const all = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = all.split('\r\n\r\n');
      const lines = head.split('\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0);
      const headers: Record<string, string> = {};
      for (const line of lines.slice(1)) {
        const at = line.indexOf(':');
        if (at > 0) headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
      }
      let body = rest.join('\r\n\r\n');
      if (headers['transfer-encoding'] === 'chunked') body = dechunk(body);
      if (status === 0 && chunks.length === 0) reject(new Error('no response'));
      else resolve({ status, headers, body });
    });
    socket.write(text);
  });
}

function dechunk(body: string): string {
  let out = '';
  let rest = body;
  for (;;) {
    const at = rest.indexOf('\r\n');
    if (at === -1) break;
    const size = parseInt(rest.slice(0, at), 16);
    if (!(size > 0)) break;
    out += rest.slice(at + 2, at + 2 + size);
    rest = rest.slice(at + 2 + size + 2);
  }
  return out;
}

export interface RequestParts {
  readonly method?: string;
  readonly path?: string;
  /** null: no Host header at all. */
  readonly host?: string | null;
  /** null: no Origin header. */
  readonly origin?: string | null;
  readonly contentType?: string | null;
  readonly token?: string | null;
  readonly body?: string;
  readonly headers?: readonly (readonly [string, string])[];
  /** Override Content-Length (null: none). */
  readonly contentLength?: number | null;
}

/** Builds a raw HTTP/1.1 request. */
export function requestText(port: number, parts: RequestParts, defaults: { origin: string }): string {
  const body = parts.body ?? '';
  const lines = [`${parts.method ?? 'POST'} ${parts.path ?? '/v1/build'} HTTP/1.1`];
  const host = parts.host === undefined ? `127.0.0.1:${port}` : parts.host;
  if (host !== null) lines.push(`Host: ${host}`);
  const origin = parts.origin === undefined ? defaults.origin : parts.origin;
  if (origin !== null) lines.push(`Origin: ${origin}`);
  const type = parts.contentType === undefined ? 'application/json' : parts.contentType;
  if (type !== null) lines.push(`Content-Type: ${type}`);
  if (parts.token !== undefined && parts.token !== null) lines.push(`Authorization: Bearer ${parts.token}`);
  for (const [k, v] of parts.headers ?? []) lines.push(`${k}: ${v}`);
  const length = parts.contentLength === undefined ? Buffer.byteLength(body) : parts.contentLength;
  if (length !== null) lines.push(`Content-Length: ${length}`);
  lines.push('Connection: close');
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}
