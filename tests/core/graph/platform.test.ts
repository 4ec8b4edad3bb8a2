import { describe, expect, test } from 'vitest';
import { formatPlatform, isHostPlatform, parsePlatform } from '../../../src/core/graph/platform.ts';

function parsed(specifier: string): string {
  const r = parsePlatform(specifier);
  if (!r.ok) throw new Error(`expected ${specifier} to parse: ${r.message}`);
  return formatPlatform(r.platform);
}

describe('platforms.Parse as Engine 20.10 vendors it', () => {
  test('aliases and case normalize to Go names', () => {
    expect(parsed('LINUX/AMD64')).toBe('linux/amd64');
    expect(parsed('linux/x86_64')).toBe('linux/amd64');
    expect(parsed('macos/arm64')).toBe('darwin/arm64');
    expect(parsed('linux/aarch64')).toBe('linux/arm64');
    // Engine 20.10.24 printed these as the `wanted` platform of a legacy FROM <stage>.
    expect(parsed('linux/armhf')).toBe('linux/arm');
    expect(parsed('linux/armel')).toBe('linux/arm/v6');
    expect(parsed('i386')).toBe('linux/386');
  });

  test('one word is an OS (the engine architecture) or a known architecture (the engine OS)', () => {
    expect(parsed('linux')).toBe('linux/amd64');
    expect(parsed('amd64')).toBe('linux/amd64');
    expect(parsed('x86_64')).toBe('linux/amd64');
    expect(parsed('arm')).toBe('linux/arm');
  });

  test('an os/arch pair parses whether known or not, and arm64 with three parts gains v8', () => {
    expect(parsed('darwin/amd64')).toBe('darwin/amd64');
    expect(parsed('plan9/whatever')).toBe('plan9/whatever');
    expect(parsed('linux/arm/v7')).toBe('linux/arm/v7');
    expect(parsed('linux/arm')).toBe('linux/arm');
    expect(parsed('linux/arm64/v8')).toBe('linux/arm64/v8');
  });

  test('the errors carry containerd text (Engine 20.10.24: foo, empty, trailing slash)', () => {
    expect(parsePlatform('foo')).toEqual({ ok: false, message: '"foo": unknown operating system or architecture: invalid argument' });
    expect(parsePlatform('')).toEqual({ ok: false, message: '"" is an invalid component of "": platform specifier component must match "^[A-Za-z0-9_-]+$": invalid argument' });
    expect(parsePlatform('linux/amd64/')).toEqual({ ok: false, message: '"" is an invalid component of "linux/amd64/": platform specifier component must match "^[A-Za-z0-9_-]+$": invalid argument' });
    expect(parsePlatform('a/b/c/d')).toEqual({ ok: false, message: '"a/b/c/d": cannot parse platform specifier: invalid argument' });
    expect(parsePlatform('linux/*')).toEqual({ ok: false, message: '"linux/*": wildcards not yet supported: not implemented' });
  });

  test('only linux/amd64, in any variant, is served by the local images', () => {
    const host = (s: string): boolean => {
      const r = parsePlatform(s);
      return r.ok && isHostPlatform(r.platform);
    };
    expect(['linux/amd64', 'amd64', 'linux', 'x86_64', 'LINUX/AMD64', 'linux/amd64/v2'].map(host)).toEqual([true, true, true, true, true, true]);
    expect(['linux/386', 'linux/arm64', 'linux/arm/v7', 'windows/amd64', 'darwin/amd64'].map(host)).toEqual([false, false, false, false, false]);
  });
});
