// The tutorial Dockerfile policy (agent-security.md §3.6): what the agent refuses to hand to the
// engine even though `docker build` would accept it, because each one reaches beyond the build
// context the page sent:
// - `# syntax=` (and the BUILDKIT_SYNTAX build-arg): BuildKit would pull and run an arbitrary
//   frontend image (moby/buildkit frontend/dockerfile/builder: the `syntax` directive selects the
//   frontend image);
// - `ADD <url>` and `ADD <git repo>`: the daemon fetches them from its network position (SSRF to
//   cloud metadata and the LAN);
// - `RUN --mount=type=secret|ssh`, `RUN --network=host`, `RUN --security=insecure`: they need
//   host secrets, sockets or entitlements the agent never grants.
// Checked on our own parser's raw nodes (the words as BuildKit's line parser splits them), so an
// instruction our typed layer could not understand is still checked.

import { parseDockerfile } from '../core/dockerfile/parser.ts';
import type { RawNode } from '../core/dockerfile/ast.ts';

export interface PolicyViolation {
  readonly line: number;
  readonly rule: 'syntax-directive' | 'remote-add' | 'secret-mount' | 'ssh-mount' | 'network-host' | 'security-insecure' | 'buildkit-syntax-arg';
  readonly message: string;
}

const URL_SOURCE = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
// BuildKit's isGitURL (frontend/dockerfile/dockerfile2llb, util/gitutil): these prefixes mean git.
const GIT_SOURCE = /^(git@|git:\/\/|github\.com\/)/i;

function flagValue(flag: string, name: string): string | null {
  const m = new RegExp(`^--${name}=(.*)$`, 'i').exec(flag);
  return m ? (m[1] ?? '') : null;
}

/** `line`: where to report (an ONBUILD trigger is reported at its ONBUILD's line). */
function checkNode(node: RawNode, out: PolicyViolation[], line = node.startLine): void {
  const keyword = node.keyword.toUpperCase();
  if (keyword === 'ONBUILD' && node.child !== undefined) {
    checkNode(node.child, out, line);
    return;
  }
  if (keyword === 'ADD') {
    const sources = node.args.slice(0, -1);
    for (const source of sources) {
      if (URL_SOURCE.test(source) || GIT_SOURCE.test(source)) {
        out.push({ line, rule: 'remote-add', message: `line ${line}: ADD ${source} would make the Docker daemon download it; the agent only builds from the files you send (use COPY)` });
      }
    }
  }
  if (keyword === 'ARG') {
    for (const word of node.args) {
      if (/^BUILDKIT_SYNTAX(=|$)/i.test(word)) {
        out.push({ line, rule: 'buildkit-syntax-arg', message: `line ${line}: ARG BUILDKIT_SYNTAX selects a BuildKit frontend image; the agent refuses it` });
      }
    }
  }
  if (keyword === 'RUN') {
    for (const flag of node.flags) {
      const mount = flagValue(flag, 'mount');
      if (mount !== null) {
        const type = /(?:^|,)\s*type=([a-z]+)/i.exec(mount)?.[1]?.toLowerCase();
        if (type === 'secret') out.push({ line, rule: 'secret-mount', message: `line ${line}: RUN --mount=type=secret reads secrets from your machine; the agent never passes --secret` });
        if (type === 'ssh') out.push({ line, rule: 'ssh-mount', message: `line ${line}: RUN --mount=type=ssh forwards your SSH agent; the agent never passes --ssh` });
      }
      if (flagValue(flag, 'network')?.toLowerCase() === 'host') {
        out.push({ line, rule: 'network-host', message: `line ${line}: RUN --network=host needs an entitlement the agent never grants` });
      }
      if (flagValue(flag, 'security')?.toLowerCase() === 'insecure') {
        out.push({ line, rule: 'security-insecure', message: `line ${line}: RUN --security=insecure needs an entitlement the agent never grants` });
      }
    }
  }
}

/** Everything in a Dockerfile the agent will not build, in source order (empty when it may). */
export function checkDockerfilePolicy(source: string, buildArgs: Readonly<Record<string, string>> = {}): PolicyViolation[] {
  const out: PolicyViolation[] = [];
  const df = parseDockerfile(source);
  // Our parser only reads directives where BuildKit does; a `# syntax` comment anywhere before the
  // first instruction is refused too, whatever its spacing or case.
  const firstInstructionLine = df.nodes[0]?.startLine ?? Number.POSITIVE_INFINITY;
  const lines = source.split(/\r?\n/);
  const directiveLine = lines.findIndex((text, i) => i + 1 < firstInstructionLine && /^\s*#\s*syntax\s*=/i.test(text));
  if (df.directives.syntax !== undefined || directiveLine !== -1) {
    const line = directiveLine === -1 ? 1 : directiveLine + 1;
    out.push({ line, rule: 'syntax-directive', message: `line ${line}: the # syntax= directive makes BuildKit pull and run another frontend image; the agent refuses it` });
  }
  for (const node of df.nodes) checkNode(node, out);
  for (const key of Object.keys(buildArgs)) {
    if (key.toUpperCase() === 'BUILDKIT_SYNTAX') {
      out.push({ line: 0, rule: 'buildkit-syntax-arg', message: 'the BUILDKIT_SYNTAX build-arg selects a BuildKit frontend image; the agent refuses it' });
    }
  }
  return out.sort((a, b) => a.line - b.line);
}
