import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startAgent, type Agent, type Pairing } from '../../src/agent/server.ts';
import { parseBuildEventLine } from '../../src/protocol/index.ts';
import { rawRequest, requestText, spyRunner, type RequestParts, type SpyRunner } from './helpers.ts';

// The request gate, tested the way agent-security.md §4 asks: every refused request is checked
// for its status AND for the side effect: the spy docker runner must never have been called.

const ORIGIN = 'http://localhost:4321';
const OTHER_ALLOWED = 'https://stagecraft.dev';

let agent: Agent;
let runner: SpyRunner;
let logs: string[];
let pairings: Pairing[];

const buildBody = (overrides: Record<string, unknown> = {}): string =>
  JSON.stringify({
    builder: 'legacy',
    dockerfile: 'FROM local/busybox:1\nCOPY a.txt /a\n',
    files: [{ path: 'a.txt', contentBase64: Buffer.from('hello\n').toString('base64') }],
    ...overrides,
  });

async function send(parts: RequestParts) {
  return rawRequest(agent.port, requestText(agent.port, parts, { origin: ORIGIN }));
}

async function pair(origin = ORIGIN): Promise<string> {
  const code = agent.pairing().code;
  const res = await send({ path: '/v1/pair', origin, body: JSON.stringify({ code }) });
  expect(res.status).toBe(200);
  return (JSON.parse(res.body) as { token: string }).token;
}

beforeEach(async () => {
  runner = spyRunner();
  logs = [];
  pairings = [];
  agent = await startAgent({
    runner,
    allowedOrigins: [OTHER_ALLOWED, ORIGIN],
    log: (line) => logs.push(line),
    onPairingCode: (p) => pairings.push(p),
    limits: { bodyBytes: 4096 },
  });
});

afterEach(async () => {
  await agent.close({ cleanup: false });
});

describe('the agent listens on loopback only', () => {
  test('it is bound to 127.0.0.1 and prints that address', () => {
    const address = agent.server.address();
    expect(typeof address === 'object' && address?.address).toBe('127.0.0.1');
    expect(agent.url).toBe(`http://127.0.0.1:${agent.port}`);
  });
});

describe('a forged Host gets 403 and never reaches Docker', () => {
  const hosts: [string, (port: number) => string | null][] = [
    ['another name (DNS rebinding)', (p) => `evil.example:${p}`],
    ['an empty Host', () => ''],
    ['only a port (ollama#17721)', (p) => `:${p}`],
    ['0.0.0.0', (p) => `0.0.0.0:${p}`],
    ['the wrong port', (p) => `127.0.0.1:${p + 1}`],
    ['no port', () => '127.0.0.1'],
    ['a trailing dot', (p) => `localhost.:${p}`],
    ['a subdomain of localhost', (p) => `foo.localhost:${p}`],
    ['a rebinding service name', (p) => `127.0.0.1.nip.io:${p}`],
    ['IPv6 loopback', (p) => `[::1]:${p}`],
    ['IPv4-mapped IPv6', (p) => `[::ffff:127.0.0.1]:${p}`],
    ['a decimal IP', (p) => `2130706433:${p}`],
    ['an octal-looking IP', (p) => `0177.0.0.1:${p}`],
  ];
  for (const [what, host] of hosts) {
    test(`${what}`, async () => {
      const res = await send({ host: host(agent.port), body: buildBody() });
      expect(res.status).toBe(403);
      expect(res.body).toContain('forbidden-host');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(runner.calls).toEqual([]);
    });
  }
  test('no Host header at all: Node refuses the HTTP/1.1 request itself (400) before the gate', async () => {
    const res = await send({ host: null, body: buildBody() });
    expect([400, 403]).toContain(res.status);
    expect(runner.calls).toEqual([]);
  });
  test('two Host headers', async () => {
    const res = await send({ host: `127.0.0.1:${agent.port}`, headers: [['Host', `evil.example:${agent.port}`]], body: buildBody() });
    expect(res.status).toBe(403);
    expect(runner.calls).toEqual([]);
  });
  test('health is refused for a forged Host too', async () => {
    const res = await send({ method: 'GET', path: '/v1/health', host: `evil.example:${agent.port}`, contentType: null });
    expect(res.status).toBe(403);
    expect(runner.calls).toEqual([]);
  });
  test('LOCALHOST:PORT is the allowed name in another case, so it passes the Host check (and then needs a token)', async () => {
    const res = await send({ host: `LOCALHOST:${agent.port}`, body: buildBody() });
    expect(res.status).toBe(401);
    expect(runner.calls).toEqual([]);
  });
});

describe('a forged or missing Origin gets 403 and never reaches Docker', () => {
  const origins: [string, string | null][] = [
    ['no Origin', null],
    ['Origin: null', 'null'],
    ['a foreign site', 'https://evil.example'],
    ['a look-alike suffix', 'http://localhost:4321.evil.example'],
    ['another localhost port', 'http://localhost:4322'],
    ['the right host with https', 'https://localhost:4321'],
    ['a trailing slash', 'http://localhost:4321/'],
    ['a wildcard', '*'],
    ['different case', 'HTTP://LOCALHOST:4321'],
  ];
  for (const [what, origin] of origins) {
    test(`${what}`, async () => {
      const token = await pair();
      runner.calls.length = 0;
      const res = await send({ origin, token, body: buildBody() });
      expect(res.status).toBe(403);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(runner.calls).toEqual([]);
    });
  }
  test('two Origin headers, one allowed', async () => {
    const res = await send({ headers: [['Origin', 'https://evil.example']], body: buildBody() });
    expect(res.status).toBe(403);
    expect(runner.calls).toEqual([]);
  });
  test('a token paired from one allowed origin is refused from another allowed origin', async () => {
    const token = await pair(ORIGIN);
    const res = await send({ origin: OTHER_ALLOWED, token, body: buildBody() });
    expect(res.status).toBe(403);
    expect(runner.calls.filter((c) => c.args[0] === 'build')).toEqual([]);
  });
  test('a no-cors script load is refused (Sec-Fetch-Mode/Dest)', async () => {
    const token = await pair();
    const res = await send({ token, body: buildBody(), headers: [['Sec-Fetch-Mode', 'no-cors'], ['Sec-Fetch-Dest', 'script']] });
    expect(res.status).toBe(403);
    const nav = await send({ token, body: buildBody(), headers: [['Sec-Fetch-Mode', 'navigate'], ['Sec-Fetch-Dest', 'document']] });
    expect(nav.status).toBe(403);
    expect(runner.calls).toEqual([]);
  });
});

describe('CORS preflight is strict', () => {
  test('an allowed origin gets its exact origin back, the private-network answer and no credentials', async () => {
    const res = await send({
      method: 'OPTIONS',
      contentType: null,
      headers: [
        ['Access-Control-Request-Method', 'POST'],
        ['Access-Control-Request-Headers', 'authorization,content-type'],
        ['Access-Control-Request-Private-Network', 'true'],
      ],
    });
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(res.headers['vary']).toBe('Origin');
    expect(res.headers['access-control-allow-private-network']).toBe('true');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(runner.calls).toEqual([]);
  });
  test('a foreign origin gets 403 and no CORS headers', async () => {
    const res = await send({ method: 'OPTIONS', origin: 'https://evil.example', contentType: null, headers: [['Access-Control-Request-Method', 'POST']] });
    expect(res.status).toBe(403);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
  test('a preflight asking for another header or method is refused', async () => {
    const header = await send({ method: 'OPTIONS', contentType: null, headers: [['Access-Control-Request-Method', 'POST'], ['Access-Control-Request-Headers', 'x-custom']] });
    expect(header.status).toBe(403);
    const method = await send({ method: 'OPTIONS', contentType: null, headers: [['Access-Control-Request-Method', 'DELETE']] });
    expect(method.status).toBe(403);
  });
});

describe('only application/json bodies are read (simple-request CSRF)', () => {
  const types = ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json-patch+json', 'text/plain; application/json'];
  for (const type of types) {
    test(`${type} gets 415`, async () => {
      const token = await pair();
      runner.calls.length = 0;
      const res = await send({ token, contentType: type, body: buildBody() });
      expect(res.status).toBe(415);
      expect(runner.calls).toEqual([]);
    });
  }
  test('no Content-Type gets 415', async () => {
    const token = await pair();
    runner.calls.length = 0;
    const res = await send({ token, contentType: null, body: buildBody() });
    expect(res.status).toBe(415);
    expect(runner.calls).toEqual([]);
  });
  test('a form post without a token (what a cross-site <form> sends) gets 401', async () => {
    const res = await send({ contentType: 'application/x-www-form-urlencoded', body: 'builder=legacy' });
    expect(res.status).toBe(401);
    expect(runner.calls).toEqual([]);
  });
  test('pairing also refuses text/plain', async () => {
    const res = await send({ path: '/v1/pair', contentType: 'text/plain', body: JSON.stringify({ code: agent.pairing().code }) });
    expect(res.status).toBe(415);
  });
});

describe('tokens', () => {
  test('a build without a token gets 401', async () => {
    const res = await send({ body: buildBody() });
    expect(res.status).toBe(401);
    expect(runner.calls).toEqual([]);
  });
  test('a wrong token gets 401', async () => {
    await pair();
    const res = await send({ token: 'A'.repeat(43), body: buildBody() });
    expect(res.status).toBe(401);
    const malformed = await send({ token: 'not-a-token', body: buildBody() });
    expect(malformed.status).toBe(401);
    expect(runner.calls).toEqual([]);
  });
  test('a token in the query string gets 401, even a valid one', async () => {
    const token = await pair();
    for (const query of [`?token=${token}`, `?access_token=${token}`, `?x=${token}`]) {
      const res = await send({ path: `/v1/build${query}`, body: buildBody() });
      expect(res.status).toBe(401);
      expect(res.body).toContain('token-in-url');
    }
    expect(runner.calls).toEqual([]);
    expect(logs.join('\n')).not.toContain(token);
  });
  test('a replayed pairing code gets 401: codes are single use', async () => {
    const { code, secret } = agent.pairing();
    const first = await send({ path: '/v1/pair', body: JSON.stringify({ code: secret }) });
    expect(first.status).toBe(200);
    for (const replay of [secret, code]) {
      const again = await send({ path: '/v1/pair', body: JSON.stringify({ code: replay }) });
      expect(again.status).toBe(401);
    }
  });
  test('a token of a session pushed out by newer pairings (at most 2) gets 401', async () => {
    const oldest = await pair();
    await pair();
    await pair();
    runner.calls.length = 0;
    const res = await send({ token: oldest, body: buildBody() });
    expect(res.status).toBe(401);
    expect(runner.calls).toEqual([]);
  });
  test('an idle session expires: its token gets 401', async () => {
    let clock = 5_000_000;
    const timed = await startAgent({ runner, allowedOrigins: [ORIGIN], now: () => clock, sessionIdleMs: 1000 });
    try {
      const paired = await rawRequest(timed.port, requestText(timed.port, { path: '/v1/pair', body: JSON.stringify({ code: timed.pairing().code }) }, { origin: ORIGIN }));
      const token = (JSON.parse(paired.body) as { token: string }).token;
      clock += 5000;
      runner.calls.length = 0;
      const res = await rawRequest(timed.port, requestText(timed.port, { token, body: buildBody() }, { origin: ORIGIN }));
      expect(res.status).toBe(401);
      expect(runner.calls).toEqual([]);
    } finally {
      await timed.close({ cleanup: false });
    }
  });
  test('an expired pairing code gets 401', async () => {
    let clock = 1_000_000;
    const timed = await startAgent({ runner, allowedOrigins: [ORIGIN], now: () => clock, pairTtlMs: 1000 });
    try {
      const code = timed.pairing().code;
      clock += 2000;
      const res = await rawRequest(timed.port, requestText(timed.port, { path: '/v1/pair', body: JSON.stringify({ code }) }, { origin: ORIGIN }));
      expect(res.status).toBe(401);
    } finally {
      await timed.close({ cleanup: false });
    }
  });
  test('after 5 wrong codes the code is replaced and the old one no longer works', async () => {
    const old = agent.pairing().code;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await send({ path: '/v1/pair', body: JSON.stringify({ code: `${agent.port}-AAAA-AAAA-AAA${i}` }) })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    expect(agent.pairing().code).not.toBe(old);
    expect(pairings.length).toBe(2);
    const res = await send({ path: '/v1/pair', body: JSON.stringify({ code: old }) });
    expect(res.status).toBe(401);
  });
  test('more than 10 pairing attempts a minute get 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await send({ path: '/v1/pair', body: JSON.stringify({ code: 'zzzzzzzzzz' }) })).status);
    expect(statuses.slice(-1)).toEqual([429]);
  });
  test('the pairing code lowers to upper case and the link carries the secret in the fragment only', async () => {
    const { link, code } = agent.pairing();
    expect(new URL(link).search).toBe('');
    expect(new URL(link).hash).toContain('pair=');
    const res = await send({ path: '/v1/pair', body: JSON.stringify({ code: code.toLowerCase() }) });
    expect(res.status).toBe(200);
  });
  test('logs never contain a token or a pairing secret', async () => {
    const secret = agent.pairing().secret;
    const token = await pair();
    await send({ token, body: buildBody() });
    const all = logs.join('\n');
    expect(all).not.toContain(token);
    expect(all).not.toContain(secret);
  });
});

describe('bad context paths get 400 before anything runs', () => {
  const bad = ['../x', 'a/../../x', '/etc/passwd', 'C:/x', 'a\\b', 'a//b', '.', 'a/./b', 'a\u0000b', 'ａ.txt', '..', 'a/b/c/d/e/f/g/h/i', `${'a'.repeat(65)}`, 'con', 'aux.txt', 'dir/', 'Dockerfile', 'sp ace', 'a:b'];
  for (const path of bad) {
    test(`${JSON.stringify(path)}`, async () => {
      const token = await pair();
      runner.calls.length = 0;
      const res = await send({ token, body: buildBody({ files: [{ path, contentBase64: '' }] }) });
      expect([400, 413]).toContain(res.status);
      expect(runner.calls).toEqual([]);
    });
  }
  test('two names differing only in case, and a file that is also a folder', async () => {
    const token = await pair();
    runner.calls.length = 0;
    const clash = await send({ token, body: buildBody({ files: [{ path: 'A.txt', contentBase64: '' }, { path: 'a.txt', contentBase64: '' }] }) });
    expect(clash.status).toBe(400);
    const prefix = await send({ token, body: buildBody({ files: [{ path: 'a', contentBase64: '' }, { path: 'a/b', contentBase64: '' }] }) });
    expect(prefix.status).toBe(400);
    expect(runner.calls).toEqual([]);
  });
  test('an unknown field (a symlink, a mode) is refused by the schema', async () => {
    const token = await pair();
    runner.calls.length = 0;
    const link = await send({ token, body: buildBody({ files: [{ path: 'a', contentBase64: '', linkname: '/etc/passwd' }] }) });
    expect(link.status).toBe(400);
    const option = await send({ token, body: buildBody({ network: 'host' }) });
    expect(option.status).toBe(400);
    expect(runner.calls).toEqual([]);
  });
});

describe('oversize bodies get 413 before they are parsed', () => {
  test('a declared Content-Length over the limit', async () => {
    const token = await pair();
    runner.calls.length = 0;
    const res = await send({ token, body: '{}', contentLength: 13 * 1024 * 1024 });
    expect(res.status).toBe(413);
    expect(runner.calls).toEqual([]);
  });
  test('an actual body over the limit', async () => {
    const token = await pair();
    runner.calls.length = 0;
    const res = await send({ token, body: buildBody({ dockerfile: `FROM local/busybox:1\n#${'x'.repeat(5000)}\n` }) });
    expect(res.status).toBe(413);
    expect(runner.calls).toEqual([]);
  });
  test('a body without Content-Length (chunked) is refused', async () => {
    const token = await pair();
    runner.calls.length = 0;
    const res = await send({ token, body: '2\r\n{}\r\n0\r\n\r\n', contentLength: null, headers: [['Transfer-Encoding', 'chunked']] });
    expect(res.status).toBe(411);
    expect(runner.calls).toEqual([]);
  });
});

describe('the Dockerfile policy refuses what reaches beyond the context', () => {
  const dockerfiles: [string, string][] = [
    ['a # syntax= directive', '# syntax=docker/dockerfile:1\nFROM local/busybox:1\n'],
    ['ADD from a URL', 'FROM local/busybox:1\nADD https://example.com/x /x\n'],
    ['ADD from git', 'FROM local/busybox:1\nADD git@github.com:moby/moby.git /src\n'],
    ['a secret mount', 'FROM local/busybox:1\nRUN --mount=type=secret,id=x cat /run/secrets/x\n'],
    ['an ssh mount', 'FROM local/busybox:1\nRUN --mount=type=ssh ssh-add -l\n'],
    ['RUN --network=host', 'FROM local/busybox:1\nRUN --network=host true\n'],
  ];
  for (const [what, dockerfile] of dockerfiles) {
    test(`${what} gets 422`, async () => {
      const token = await pair();
      runner.calls.length = 0;
      const res = await send({ token, body: buildBody({ dockerfile }) });
      expect(res.status).toBe(422);
      expect(runner.calls).toEqual([]);
    });
  }
  test('the BUILDKIT_SYNTAX build-arg gets 422', async () => {
    const token = await pair();
    runner.calls.length = 0;
    const res = await send({ token, body: buildBody({ buildArgs: { BUILDKIT_SYNTAX: 'evil/frontend' } }) });
    expect(res.status).toBe(422);
    expect(runner.calls).toEqual([]);
  });
});

describe('a paired, valid request builds', () => {
  test('it streams valid BuildEvents as NDJSON and runs docker with a fixed, narrow argv', async () => {
    const token = await pair();
    const res = await send({ token, body: buildBody() });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson');
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    const lines = res.body.trim().split('\n');
    const events = lines.map(parseBuildEventLine);
    expect(events.every((e) => e !== null)).toBe(true);
    expect(events[0]?.type).toBe('build.started');
    expect(events.at(-1)?.type).toBe('build.succeeded');
    const build = runner.calls.find((c) => c.args[0] === 'build');
    expect(build?.env['DOCKER_BUILDKIT']).toBe('0');
    expect(build?.args.at(-1)).toBe('-');
    expect(build?.stdinBytes).toBeGreaterThan(1024);
    const tag = build?.args[build.args.indexOf('-t') + 1] ?? '';
    expect(tag).toMatch(/^stagecraft-agent\/[a-z0-9]{8}:1$/);
    expect(build?.args).toContain('io.stagecraft.agent=1');
    for (const forbidden of ['--allow', '--ssh', '--secret', '--build-context', '--network', '--output', '--add-host', '--cgroup-parent']) {
      expect(build?.args.some((a) => a.startsWith(forbidden))).toBe(false);
    }
  });
  test('every response carries nosniff, no-store and CORP same-origin, and is never HTML', async () => {
    const token = await pair();
    const responses = [
      await send({ token, body: buildBody() }),
      await send({ method: 'GET', path: '/v1/health', contentType: null }),
      await send({ host: 'evil.example', body: buildBody() }),
      await send({ path: '/nope', method: 'GET', contentType: null }),
    ];
    for (const res of responses) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
      expect(res.headers['content-type'] ?? '').not.toContain('html');
    }
  });
  test('a second build while one runs gets 409', async () => {
    runner = spyRunner();
    const slow = spyRunner((args) => (args[0] === 'build' ? { stdout: 'Step 1/1 : FROM local/busybox:1\n', delayMs: 1500 } : { stdout: '20.10|20.10\n' }));
    const busyAgent = await startAgent({ runner: slow, allowedOrigins: [ORIGIN] });
    try {
      const code = busyAgent.pairing().code;
      const paired = await rawRequest(busyAgent.port, requestText(busyAgent.port, { path: '/v1/pair', body: JSON.stringify({ code }) }, { origin: ORIGIN }));
      const token = (JSON.parse(paired.body) as { token: string }).token;
      const first = rawRequest(busyAgent.port, requestText(busyAgent.port, { token, body: buildBody() }, { origin: ORIGIN }));
      await new Promise((r) => setTimeout(r, 300));
      const second = await rawRequest(busyAgent.port, requestText(busyAgent.port, { token, body: buildBody() }, { origin: ORIGIN }));
      expect(second.status).toBe(409);
      expect((await first).status).toBe(200);
      expect(slow.calls.filter((c) => c.args[0] === 'build').length).toBe(1);
    } finally {
      await busyAgent.close({ cleanup: false });
    }
  });
  test('closing the stream kills the build', async () => {
    const slow = spyRunner((args) => (args[0] === 'build' ? { stdout: 'Step 1/1 : FROM local/busybox:1\n', delayMs: 30_000 } : { stdout: '20.10|20.10\n' }));
    const a = await startAgent({ runner: slow, allowedOrigins: [ORIGIN] });
    try {
      const code = a.pairing().code;
      const paired = await rawRequest(a.port, requestText(a.port, { path: '/v1/pair', body: JSON.stringify({ code }) }, { origin: ORIGIN }));
      const token = (JSON.parse(paired.body) as { token: string }).token;
      await rawRequest(a.port, requestText(a.port, { token, body: buildBody() }, { origin: ORIGIN }), 500);
      await new Promise((r) => setTimeout(r, 200));
      expect(slow.kills.length).toBe(1);
    } finally {
      await a.close({ cleanup: false });
    }
  });
  test('a build that outlives the timeout is killed and reported as failed', async () => {
    const slow = spyRunner((args) => (args[0] === 'build' ? { stdout: 'Step 1/1 : FROM local/busybox:1\n', delayMs: 30_000 } : { stdout: '20.10|20.10\n' }));
    const a = await startAgent({ runner: slow, allowedOrigins: [ORIGIN], buildTimeoutMs: 300 });
    try {
      const code = a.pairing().code;
      const paired = await rawRequest(a.port, requestText(a.port, { path: '/v1/pair', body: JSON.stringify({ code }) }, { origin: ORIGIN }));
      const token = (JSON.parse(paired.body) as { token: string }).token;
      const res = await rawRequest(a.port, requestText(a.port, { token, body: buildBody() }, { origin: ORIGIN }));
      const last = parseBuildEventLine(res.body.trim().split('\n').at(-1) ?? '');
      expect(last?.type).toBe('build.failed');
      expect(last?.type === 'build.failed' ? last.error.message : '').toMatch(/longer than/);
      expect(slow.kills.length).toBe(1);
    } finally {
      await a.close({ cleanup: false });
    }
  });
});
