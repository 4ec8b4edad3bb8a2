// A FROM `--platform` value as Engine 20.10 reads it: containerd's platforms.Parse (as vendored by
// moby 20.10 and BuildKit v0.8), which both builders call on the expanded word, and the one
// question the offline engine then asks: can the local image store serve that platform.
// src/core/lint/platform.ts is the newer containerd that today's BuildKit lint rules use; the two
// are kept apart on purpose (20.10's lists lack loong64 and wasip1, and it keeps amd64 variants).

import { goQuote } from '../dockerfile/go-text.ts';

/** A parsed platform, normalized as platforms.Parse returns it (`x86_64` → amd64, `macos` → darwin). */
export interface Platform {
  readonly os: string;
  readonly architecture: string;
  readonly variant: string;
}

export type PlatformParse =
  | { readonly ok: true; readonly platform: Platform }
  /** `message` is platforms.Parse's error text (`"foo": unknown operating system or architecture: invalid argument`). */
  | { readonly ok: false; readonly message: string };

/** The engine's own platform: what its automatic args say and what the local images are. */
export const HOST_PLATFORM: Platform = { os: 'linux', architecture: 'amd64', variant: '' };

// containerd platforms/database.go isKnownOS and isKnownArch (Go's GOOS and GOARCH lists).
const KNOWN_OS: ReadonlySet<string> = new Set([
  'aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl',
  'netbsd', 'openbsd', 'plan9', 'solaris', 'windows', 'zos',
]);
const KNOWN_ARCH: ReadonlySet<string> = new Set([
  '386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'ppc64', 'ppc64le', 'mips', 'mipsle',
  'mips64', 'mips64le', 'mips64p32', 'mips64p32le', 'ppc', 'riscv', 'riscv64', 's390', 's390x', 'sparc',
  'sparc64', 'wasm',
]);

const SPECIFIER_COMPONENT = /^[A-Za-z0-9_-]+$/;

/** containerd normalizeOS. */
function normalizeOs(os: string): string {
  const lower = os.toLowerCase();
  return lower === 'macos' ? 'darwin' : lower;
}

/** containerd normalizeArch: aliases to Go's names, and the variants each architecture implies. */
function normalizeArch(arch: string, variant: string): [string, string] {
  const a = arch.toLowerCase();
  const v = variant.toLowerCase();
  switch (a) {
    case 'i386': return ['386', ''];
    case 'x86_64':
    case 'x86-64': return ['amd64', ''];
    case 'aarch64':
    case 'arm64': return ['arm64', v === '8' || v === 'v8' ? '' : v];
    case 'armhf': return ['arm', 'v7'];
    case 'armel': return ['arm', 'v6'];
    case 'arm':
      if (v === '' || v === '7') return ['arm', 'v7'];
      if (v === '5' || v === '6' || v === '8') return ['arm', `v${v}`];
      return ['arm', v];
    default: return [a, v];
  }
}

/** Parses a `--platform` value as containerd's platforms.Parse does, errors as its text. */
export function parsePlatform(specifier: string): PlatformParse {
  const invalid = (why: string): PlatformParse => ({ ok: false, message: `${goQuote(specifier)}: ${why}: invalid argument` });
  if (specifier.includes('*')) return { ok: false, message: `${goQuote(specifier)}: wildcards not yet supported: not implemented` };
  const parts = specifier.split('/');
  for (const part of parts) {
    if (!SPECIFIER_COMPONENT.test(part)) {
      return { ok: false, message: `${goQuote(part)} is an invalid component of ${goQuote(specifier)}: platform specifier component must match "^[A-Za-z0-9_-]+$": invalid argument` };
    }
  }
  const [first = '', second = '', third = ''] = parts;
  if (parts.length === 1) {
    // An OS picks the engine's architecture; otherwise the word must be a known architecture.
    const os = normalizeOs(first);
    if (KNOWN_OS.has(os)) return { ok: true, platform: { os, architecture: HOST_PLATFORM.architecture, variant: '' } };
    const [architecture, variant] = normalizeArch(first, '');
    if (KNOWN_ARCH.has(architecture)) {
      return { ok: true, platform: { os: HOST_PLATFORM.os, architecture, variant: architecture === 'arm' && variant === 'v7' ? '' : variant } };
    }
    return invalid('unknown operating system or architecture');
  }
  if (parts.length === 2) {
    // An os/arch pair is taken as written, known or not (`darwin/amd64` parses).
    const [architecture, variant] = normalizeArch(second, '');
    return { ok: true, platform: { os: normalizeOs(first), architecture, variant: architecture === 'arm' && variant === 'v7' ? '' : variant } };
  }
  if (parts.length === 3) {
    const [architecture, variant] = normalizeArch(second, third);
    return { ok: true, platform: { os: normalizeOs(first), architecture, variant: architecture === 'arm64' && variant === '' ? 'v8' : variant } };
  }
  return invalid('cannot parse platform specifier');
}

/** Formats a platform as platforms.Format does: `os/arch` or `os/arch/variant`. */
export function formatPlatform(p: Platform): string {
  return p.variant === '' ? `${p.os}/${p.architecture}` : `${p.os}/${p.architecture}/${p.variant}`;
}

/**
 * Tells whether the engine's local images (all linux/amd64) serve a platform. Engine 20.10.24
 * probed: `linux/amd64`, `amd64`, `linux`, `x86_64`, `LINUX/AMD64` and `linux/amd64/v2` use the
 * local image in BuildKit and match a stage's image in the legacy builder; `linux/386`,
 * `linux/arm64`, `linux/arm/v7`, `windows/amd64` and `darwin/amd64` do not (BuildKit then asks
 * the registry; legacy `was found but does not match the specified platform`).
 */
export function isHostPlatform(p: Platform): boolean {
  return p.os === HOST_PLATFORM.os && p.architecture === HOST_PLATFORM.architecture;
}
