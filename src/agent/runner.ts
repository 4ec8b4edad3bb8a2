// How the agent starts the docker CLI. Everything that touches Docker goes through a
// `DockerRunner`, so tests can inject a spy and prove that a refused request never reached it.
//
// The real runner spawns without a shell (argv from a fixed template, page values only in
// validated slots), with a minimal environment, in its own process group (`detached`), so a
// timeout or a closed stream can kill the CLI and anything it started: killing the client makes
// the daemon cancel the build (moby/moby#9774, "If the docker client loses connection to the
// daemon, the build is canceled"). agent-security.md §3.7, §6.1.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface DockerProcess {
  onStdout(listener: (chunk: string) => void): void;
  onStderr(listener: (chunk: string) => void): void;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exit: Promise<number | null>;
  /** Kills the whole process group: SIGTERM, then SIGKILL after `graceMs`. */
  kill(graceMs?: number): void;
}

export interface SpawnOptions {
  /** Extra environment (DOCKER_BUILDKIT); added to the minimal one. */
  readonly env?: Readonly<Record<string, string>>;
  /** Bytes written to stdin, which is then closed. */
  readonly stdin?: Uint8Array;
}

export interface DockerRunner {
  /** The docker binary this runner starts (for messages). */
  readonly binary: string;
  spawn(args: readonly string[], options?: SpawnOptions): DockerProcess;
}

/** The variables the docker CLI needs from the user's environment; nothing else is passed. */
const KEPT_ENV = ['PATH', 'HOME', 'USERPROFILE', 'SYSTEMROOT', 'TMPDIR', 'XDG_RUNTIME_DIR', 'DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_CONFIG', 'DOCKER_CERT_PATH', 'DOCKER_TLS_VERIFY'];

export function minimalEnv(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of KEPT_ENV) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...extra };
}

/**
 * The docker binary: `--docker`, else `$STAGECRAFT_DOCKER` or `$DOCKER_BIN` (record.mjs's
 * variable), else `/usr/bin/docker` when it exists (the distribution's CLI, which on Debian still
 * runs BuildKit without buildx), else `docker` from PATH.
 */
export function defaultDockerBinary(explicit?: string): string {
  if (explicit !== undefined && explicit !== '') return explicit;
  const fromEnv = process.env['STAGECRAFT_DOCKER'] ?? process.env['DOCKER_BIN'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (process.platform !== 'win32' && existsSync('/usr/bin/docker')) return '/usr/bin/docker';
  return 'docker';
}

/** The runner that really starts the docker CLI. */
export function createProcessRunner(binary: string = defaultDockerBinary()): DockerRunner {
  return {
    binary,
    spawn(args, options = {}) {
      const child = spawn(binary, [...args], {
        shell: false,
        detached: process.platform !== 'win32',
        env: minimalEnv(options.env),
        stdio: ['pipe', 'pipe', 'pipe'],
        windowsHide: true,
      });
      const exit = new Promise<number | null>((resolve) => {
        child.on('error', () => resolve(127));
        child.on('close', (code) => resolve(code));
      });
      child.stdin.on('error', () => undefined);
      if (options.stdin !== undefined) child.stdin.end(Buffer.from(options.stdin.buffer, options.stdin.byteOffset, options.stdin.byteLength));
      else child.stdin.end();
      child.stdout.setEncoding('utf8');
      child.stderr.setEncoding('utf8');
      let killed = false;
      const signalGroup = (signal: NodeJS.Signals): void => {
        if (child.pid === undefined) return;
        try {
          if (process.platform === 'win32') child.kill(signal);
          else process.kill(-child.pid, signal);
        } catch {
          // already gone
        }
      };
      return {
        onStdout: (listener) => child.stdout.on('data', listener),
        onStderr: (listener) => child.stderr.on('data', listener),
        exit,
        kill(graceMs = 5000) {
          if (killed) return;
          killed = true;
          signalGroup('SIGTERM');
          const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
          timer.unref();
          void exit.then(() => clearTimeout(timer));
        },
      };
    },
  };
}

/** Runs a short docker command to the end and collects its output. */
export async function runToEnd(runner: DockerRunner, args: readonly string[], options?: SpawnOptions): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = runner.spawn(args, options);
  let stdout = '';
  let stderr = '';
  proc.onStdout((c) => (stdout += c));
  proc.onStderr((c) => (stderr += c));
  const code = await proc.exit;
  return { code, stdout, stderr };
}
