import { describe, expect, test } from 'vitest';
import { command } from '../../src/cli/commands/agent.ts';

// `stagecraft agent` refuses, at startup, the configurations that undid other local servers'
// protections (agent-security.md §3.9): wildcard origins, non-loopback binds, plain-http foreign origins.

async function run(args: string[]): Promise<{ status: number; stderr: string }> {
  let stderr = '';
  const status = await command.run(args, { stdout: () => undefined, stderr: (t) => (stderr += t) });
  return { status, stderr };
}

describe('stagecraft agent refuses unsafe configurations', () => {
  const refused: [string, string[]][] = [
    ["--allow-origin '*'", ['--allow-origin', '*']],
    ['a wildcard subdomain', ['--allow-origin', 'https://*.example.com']],
    ['a plain-http foreign origin', ['--allow-origin', 'http://example.com']],
    ['an origin with a path', ['--allow-origin', 'https://example.com/app']],
    ['--host 0.0.0.0', ['--host', '0.0.0.0']],
    ['an unknown option', ['--disable-host-check']],
    ['a bad port', ['--port', '99999']],
    ['a wildcard site origin', ['--site-origin', '*']],
  ];
  for (const [what, args] of refused) {
    test(`${what} exits with status 2 before listening`, async () => {
      const { status, stderr } = await run(args);
      expect(status).toBe(2);
      expect(stderr).toMatch(/stagecraft agent:/);
    });
  }
});
