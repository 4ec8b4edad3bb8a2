// Platform specifiers as containerd's `platforms.Parse` normalises them (platforms/platforms.go,
// database.go): enough for FromPlatformFlagConstDisallowed, which compares the parsed OS and
// architecture with the stage name. This is the newer containerd of today's BuildKit, which the
// lint rules follow; what Engine 20.10 itself accepts is src/core/graph/platform.ts (older lists).

export interface Platform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
}

const KNOWN_OS = new Set([
  'aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl',
  'netbsd', 'openbsd', 'plan9', 'solaris', 'windows', 'zos', 'wasip1',
]);
const KNOWN_ARCH = new Set([
  '386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'ppc64', 'ppc64le', 'loong64', 'mips',
  'mipsle', 'mips64', 'mips64le', 'mips64p32', 'mips64p32le', 'ppc', 'riscv', 'riscv64', 's390', 's390x',
  'sparc', 'sparc64', 'wasm',
]);

function normalizeOs(os: string): string {
  const lower = os.toLowerCase();
  return lower === 'macos' ? 'darwin' : lower;
}

function normalizeArch(arch: string, variant: string): [string, string] {
  const a = arch.toLowerCase();
  const v = variant.toLowerCase();
  switch (a) {
    case 'i386':
      return ['386', ''];
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      return ['amd64', v === 'v1' ? '' : v];
    case 'aarch64':
    case 'arm64':
      return ['arm64', v === '8' || v === 'v8' ? '' : v];
    case 'armhf':
      return ['arm', 'v7'];
    case 'armel':
      return ['arm', 'v6'];
    case 'arm':
      return ['arm', v === '' || v === '7' ? 'v7' : v === '5' || v === '6' || v === '8' ? `v${v}` : v];
    default:
      return [a, v];
  }
}

/** Parses `linux/amd64`, `arm64`, `linux/arm/v7`, or `undefined` when containerd would reject it. */
export function parsePlatform(specifier: string): Platform | undefined {
  const parts = specifier.split('/');
  if (parts.length === 0 || parts.length > 3 || parts.some((p) => !/^[A-Za-z0-9_.-]+$/.test(p))) return undefined;
  const [p0 = '', p1 = '', p2 = ''] = parts;
  if (parts.length === 1) {
    const os = normalizeOs(p0);
    if (KNOWN_OS.has(os)) return { os, architecture: 'amd64' };
    const [arch, variant] = normalizeArch(p0, '');
    if (KNOWN_ARCH.has(arch)) return { os: 'linux', architecture: arch, ...(variant ? { variant } : {}) };
    return undefined;
  }
  const os = normalizeOs(p0);
  const [arch, variant] = normalizeArch(p1, parts.length === 3 ? p2 : '');
  return { os, architecture: arch, ...(variant ? { variant } : {}) };
}
