// What the non-build commands print, from the session's image store. Formats follow the docker CLI
// 20.10: tables through text/tabwriter (minwidth 10, padding 3: cli/command/formatter), history's
// CREATED BY cut to 45 characters with an ellipsis (cli/command/image/formatter_history.go), inspect
// as 4-space-indented JSON.

import type { FileProvenance } from '../build/types.ts';
import { formatBytesLikeDocker } from '../size/bytes.ts';
import { bytes } from '../size/bytes.ts';
import { splitCommandLine } from './command-line.ts';
import { findImage, type ImageStore, type StoredImage } from './image-store.ts';
import { LEGACY_CONTAINER_ID_STAND_IN, LEGACY_HOSTS, RESOLV_CONF_STAND_IN } from '../shell/container-files.ts';

// `docker run` bind-mounts the new container's own /etc/hosts, /etc/resolv.conf and /etc/hostname
// (moby daemon/container_operations_unix.go), whatever the image holds there, and creates empty
// mount points in the container's init layer when the image has none (verified on Engine 20.10:
// `docker run --rm IMAGE cat /etc/hosts` prints the run's hosts file with its container id even for
// an image whose COPY put its own there; `docker create` + `docker export` shows 0-byte files;
// `docker save` shows the image layers never hold RUN-time writes to them). The texts are stand-ins.
const RUN_MOUNTS: Readonly<Record<string, string>> = {
  '/etc/hosts': LEGACY_HOSTS,
  '/etc/resolv.conf': RESOLV_CONF_STAND_IN,
  '/etc/hostname': `${LEGACY_CONTAINER_ID_STAND_IN}\n`,
};

/** Lays out rows like Go's tabwriter with minwidth 10 and padding 3 (the docker CLI's tables). */
export function formatTable(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      if (i < row.length - 1) widths[i] = Math.max(widths[i] ?? 0, Math.max(10, [...cell].length + 3));
    });
  }
  return rows.map((row) => row.map((cell, i) => (i < row.length - 1 ? cell.padEnd(widths[i] ?? 0) : cell)).join('').trimEnd());
}

/** Formats an age like go-units HumanDuration followed by " ago". */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 1) return 'Less than a second ago';
  if (s === 1) return '1 second ago';
  if (s < 60) return `${s} seconds ago`;
  const m = Math.floor(s / 60);
  if (m === 1) return 'About a minute ago';
  if (m < 60) return `${m} minutes ago`;
  const h = Math.round(s / 3600);
  if (h === 1) return 'About an hour ago';
  return `${h} hours ago`;
}

function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

/** `docker images`. */
export function formatImages(store: ImageStore, nowMs: number): string[] {
  const rows: string[][] = [['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE']];
  for (const image of store.images) {
    const refs = image.tags.length > 0 ? image.tags : ['<none>:<none>'];
    for (const ref of refs) {
      const colon = ref.lastIndexOf(':');
      rows.push([ref.slice(0, colon), ref.slice(colon + 1), shortId(image.id), formatAge(nowMs - image.createdMs), formatBytesLikeDocker(image.image.sizeBytes)]);
    }
  }
  return formatTable(rows);
}

function ellipsis(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

function notFound(ref: string): string[] {
  return [`Error response from daemon: No such image: ${ref.includes(':') || /^[0-9a-f]{6,}$/.test(ref) ? ref : `${ref}:latest`}`];
}

/** `docker history IMAGE`. */
export function formatHistory(store: ImageStore, ref: string, nowMs: number): string[] {
  const image = findImage(store, ref);
  if (!image) return notFound(ref);
  const rows: string[][] = [['IMAGE', 'CREATED', 'CREATED BY', 'SIZE', 'COMMENT']];
  const history = [...image.image.history].reverse();
  history.forEach((row, i) => {
    const fromBase = row.stage === undefined;
    rows.push([
      i === 0 ? shortId(image.id) : '<missing>',
      fromBase ? 'N/A (base image)' : formatAge(nowMs - image.createdMs),
      ellipsis(row.createdBy.replace(/\t/g, ' '), 45),
      formatBytesLikeDocker(row.bytes),
      row.comment ?? '',
    ]);
  });
  return formatTable(rows);
}

function portsObject(ports: readonly string[]): Record<string, object> | null {
  return ports.length === 0 ? null : Object.fromEntries(ports.map((p) => [p, {}]));
}

/** `docker image inspect IMAGE…`: the fields the simulator knows, in the engine's JSON shape. */
export function formatInspect(store: ImageStore, refs: readonly string[]): { lines: string[]; status: number } {
  const found: object[] = [];
  const errors: string[] = [];
  for (const ref of refs) {
    const image = findImage(store, ref);
    if (!image) {
      errors.push(`Error: No such image: ${ref}`);
      continue;
    }
    const c = image.image.config;
    found.push({
      Id: image.id,
      RepoTags: image.tags,
      RepoDigests: [],
      Parent: '',
      Comment: image.builder === 'buildkit' ? 'buildkit.dockerfile.v0' : '',
      Config: {
        User: c.user,
        ExposedPorts: portsObject(c.exposedPorts),
        Env: c.env,
        Cmd: c.cmd ?? null,
        ...(c.healthcheck ? { Healthcheck: { Test: c.healthcheck.test } } : {}),
        Volumes: c.volumes.length === 0 ? null : Object.fromEntries(c.volumes.map((v) => [v, {}])),
        WorkingDir: c.workdir,
        Entrypoint: c.entrypoint ?? null,
        OnBuild: c.onBuild.length === 0 ? null : c.onBuild,
        Labels: Object.keys(c.labels).length === 0 ? null : c.labels,
        ...(c.stopSignal !== undefined ? { StopSignal: c.stopSignal } : {}),
        ...(c.shell !== undefined ? { Shell: c.shell } : {}),
      },
      Architecture: 'amd64',
      Os: 'linux',
      Size: image.image.sizeBytes,
      VirtualSize: image.image.sizeBytes,
      RootFS: { Type: 'layers', Layers: image.image.layers.map((l) => l.digest) },
    });
  }
  const lines = JSON.stringify(found, null, 4).split('\n');
  return { lines: errors.length > 0 && found.length === 0 ? ['[]', ...errors] : [...lines, ...errors], status: errors.length > 0 ? 1 : 0 };
}

function resolvePath(path: string, cwd: string): string {
  const abs = path.startsWith('/') ? path : `${cwd.replace(/\/$/, '')}/${path}`;
  const parts: string[] = [];
  for (const p of abs.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return `/${parts.join('/')}`;
}

function entriesOf(image: StoredImage): Map<string, FileProvenance> {
  return new Map(image.image.files.map((f) => [f.path, f]));
}

function isDir(files: Map<string, FileProvenance>, path: string): boolean {
  if (path === '/') return true;
  const f = files.get(path);
  if (f) return f.type === 'dir';
  const prefix = `${path}/`;
  for (const p of files.keys()) if (p.startsWith(prefix)) return true;
  return false;
}

function children(files: Map<string, FileProvenance>, dir: string): string[] {
  const prefix = dir === '/' ? '/' : `${dir}/`;
  const names = new Set<string>();
  // The run's mount points (and /etc/mtab, a link the init layer adds) are in every container's /etc.
  if (dir === '/etc') for (const name of ['hostname', 'hosts', 'mtab', 'resolv.conf']) names.add(name);
  for (const p of files.keys()) {
    if (!p.startsWith(prefix) || p === dir) continue;
    const rest = p.slice(prefix.length);
    const name = rest.split('/')[0];
    if (name) names.add(name);
  }
  return [...names].sort();
}

function originText(f: FileProvenance): string {
  return f.origin.kind === 'base' ? `from ${f.origin.image}` : `stage ${f.origin.stage}, line ${f.origin.line} ${f.origin.instruction}`;
}

// The image's file records keep no permission bits, so `ls -l` shows them as `?` the way ls does
// for an entry it cannot stat; a symlink's are always rwxrwxrwx on Linux.
function modeText(type: 'file' | 'dir' | 'symlink'): string {
  return type === 'symlink' ? 'lrwxrwxrwx' : `${type === 'dir' ? 'd' : '-'}?????????`;
}

function guessText(f: FileProvenance): string {
  if (f.guess === 'unknown') return '; contents not modelled';
  if (f.guess === 'conditional') return '; written on a guessed condition';
  return f.guess === undefined ? '' : '; text approximated';
}

function runLs(image: StoredImage, args: readonly string[], cwd: string, busybox: boolean): string[] {
  const files = entriesOf(image);
  const long = args.some((a) => a.startsWith('-') && a.includes('l'));
  const all = args.some((a) => a.startsWith('-') && (a.includes('a') || a.includes('A')));
  const paths = args.filter((a) => !a.startsWith('-'));
  const out: string[] = [];
  const targets = paths.length === 0 ? ['.'] : paths;
  for (const target of targets) {
    const abs = resolvePath(target, cwd);
    if (!isDir(files, abs)) {
      const f = files.get(abs);
      if (!f && RUN_MOUNTS[abs] !== undefined) {
        out.push(target);
        continue;
      }
      if (!f) {
        out.push(busybox ? `ls: ${target}: No such file or directory` : `ls: cannot access '${target}': No such file or directory`);
        if (image.uncertainPaths?.includes(abs)) out.push(uncertainNote(abs));
        continue;
      }
      out.push(long ? `${modeText(f.type === 'symlink' ? 'symlink' : 'file')}  ${String(f.bytes).padStart(10)}  ${target}   (${originText(f)}${guessText(f)})` : target);
      continue;
    }
    if (targets.length > 1) out.push(`${target}:`);
    const names = children(files, abs).filter((n) => all || !n.startsWith('.'));
    if (long) {
      for (const n of names) {
        const p = abs === '/' ? `/${n}` : `${abs}/${n}`;
        const f = files.get(p);
        const dir = isDir(files, p);
        out.push(`${modeText(dir ? 'dir' : f?.type === 'symlink' ? 'symlink' : 'file')}  ${String(dir ? 4096 : (f?.bytes ?? 0)).padStart(10)}  ${n}${f && !dir ? `   (${originText(f)}${guessText(f)})` : ''}`);
      }
    } else if (names.length > 0) out.push(names.join('  '));
    if (targets.length > 1) out.push('');
  }
  return out;
}

// busybox cat (verified with local/busybox:1): a missing file is `cat: can't open 'x': No such file
// or directory`, a directory `cat: read error: Is a directory`; either makes the exit status 1.
function runCat(image: StoredImage, args: readonly string[], cwd: string, busybox: boolean): { lines: string[]; status: number } {
  const files = entriesOf(image);
  const out: string[] = [];
  let status = 0;
  for (const arg of args.filter((a) => !a.startsWith('-'))) {
    const abs = resolvePath(arg, cwd);
    const mounted = RUN_MOUNTS[abs];
    if (mounted !== undefined) {
      out.push(...mounted.replace(/\n$/, '').split('\n'));
      out.push(`[${abs}: the simulator's stand-in: docker run mounts the container's own ${abs} here (its id and address, the host's DNS settings), hiding any file the image has at this path]`);
      continue;
    }
    const f = files.get(abs);
    if (!f || isDir(files, abs)) {
      if (f || isDir(files, abs)) out.push(busybox ? `cat: read error: Is a directory` : `cat: ${arg}: Is a directory`);
      else {
        out.push(busybox ? `cat: can't open '${arg}': No such file or directory` : `cat: ${arg}: No such file or directory`);
        if (image.uncertainPaths?.includes(abs)) out.push(uncertainNote(abs));
      }
      status = 1;
      continue;
    }
    const text = f.guess === 'unknown' ? undefined : image.contents[abs];
    if (text !== undefined) {
      if (text !== '') out.push(...text.replace(/\n$/, '').split('\n'));
      const note = approximationNote(f);
      if (note !== undefined) out.push(note);
    } else out.push(f.guess === 'unknown' ? unmodelledContents(f) : unknownContents(f));
  }
  return { lines: out, status };
}

// One line after text the simulator approximated. Checked against Engine 20.10 (local/busybox:1):
// `ls -l` there shows the build's real clock, and `id` prints `groups=0` under the legacy builder
// but no groups under BuildKit, where the simulator prints one text for both.
function approximationNote(f: FileProvenance): string | undefined {
  if (f.guess === 'host-dependent') {
    return `[${f.path}: the simulator's approximation, written by ${originText(f)}: a real engine writes what the build host and builder give (clock, kernel, hostname, groups), so the real text may differ]`;
  }
  if (f.guess === 'conditional') {
    return `[${f.path}: written by ${originText(f)} in a branch the script took on a condition the simulator could only guess (host files, /proc, output it does not model): a real build may not have written it, or written other text]`;
  }
  if (f.guess === 'partly-modelled') {
    return `[${f.path}: the simulator's approximation, written by ${originText(f)}, which ran a command the simulator does not model; the real file may differ]`;
  }
  return undefined;
}

// A path a RUN step wrote or deleted (or would have, the other way) on a condition the shell model
// could only guess: its absence in the simulated image is itself a guess.
function uncertainNote(path: string): string {
  return `[${path}: missing in the simulated image, but a RUN step decided on a condition the simulator could only guess (host files, /proc, output it does not model) whether to write or delete it: a real build may have it]`;
}

// A file the output of an unmodelled (or only estimated) command went into: neither its text nor its
// size is known, so unlike unknownContents this does not claim the size.
function unmodelledContents(f: FileProvenance): string {
  return `[${f.path}: written by ${originText(f)} with the output of a command the simulator does not run (not modelled, or only estimated); it knows neither its contents nor its real size (the simulated file has ${f.bytes} bytes)]`;
}

function unknownContents(f: FileProvenance): string {
  const size = `${formatBytesLikeDocker(bytes(f.bytes))} (${f.bytes} bytes)`;
  const from = f.origin.kind === 'base' ? `from the base image ${f.origin.image}` : `written by ${originText(f)}`;
  return `[${f.path}: ${size} ${from}; the simulator knows its size and origin, not its contents (base-image files, build-tool output and binary or large files are not modelled byte for byte)]`;
}

function findOnPath(image: StoredImage, program: string): string | undefined {
  const files = entriesOf(image);
  if (program.includes('/')) return files.has(resolvePath(program, image.image.config.workdir || '/')) ? program : undefined;
  const pathVar = image.image.config.env.find((e) => e.startsWith('PATH='))?.slice(5) ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
  for (const dir of pathVar.split(':')) {
    const p = resolvePath(`${dir}/${program}`, '/');
    if (files.has(p)) return p;
  }
  return undefined;
}

const SHELLS = new Set(['sh', '/bin/sh', 'bash', '/bin/bash', 'ash', '/bin/ash']);

/** `docker run IMAGE [COMMAND…]`: what the container would run; `ls`, `cat`, `echo`, `pwd` answered from the image. */
export function formatRun(store: ImageStore, ref: string, args: readonly string[]): { lines: string[]; status: number } {
  const image = findImage(store, ref);
  if (!image) {
    return { lines: [`Unable to find image '${ref.includes(':') ? ref : `${ref}:latest`}' locally`, `docker: Error response from daemon: pull access denied for ${ref.split(':')[0] ?? ref}, repository does not exist or may require 'docker login'.`], status: 125 };
  }
  const config = image.image.config;
  const argv = [...(config.entrypoint ?? []), ...(args.length > 0 ? args : (config.cmd ?? []))];
  if (argv.length === 0) return { lines: ['docker: Error response from daemon: No command specified.', "See 'docker run --help'."], status: 125 };
  const cwd = config.workdir || '/';
  const busybox = entriesOf(image).has('/bin/busybox');
  const described = `# would run: ${JSON.stringify(argv)} in ${cwd} as ${config.user || 'root'}`;
  let words: readonly string[] = argv;
  // `sh -c "ls /app"`: look inside the script when it is one simple command.
  if (SHELLS.has(argv[0] ?? '') && argv[1] === '-c' && argv[2] !== undefined) {
    const split = splitCommandLine(argv[2]);
    if (split.ok && !/[|;&<>$`]/.test(argv[2])) words = split.words;
  }
  const [program, ...rest] = words;
  const name = (program ?? '').split('/').pop() ?? '';
  const path = findOnPath(image, program ?? '');
  if (path === undefined && !(busybox && ['ls', 'cat', 'echo', 'pwd'].includes(name))) {
    return {
      lines: [described, `docker: Error response from daemon: OCI runtime create failed: container_linux.go:380: starting container process caused: exec: "${program ?? ''}": executable file not found in $PATH: unknown.`],
      status: 127,
    };
  }
  switch (name) {
    case 'ls':
      return { lines: [described, ...runLs(image, rest, cwd, busybox)], status: 0 };
    case 'cat': {
      const cat = runCat(image, rest, cwd, busybox);
      return { lines: [described, ...cat.lines], status: cat.status };
    }
    case 'echo':
      return { lines: [described, rest.join(' ')], status: 0 };
    case 'pwd':
      return { lines: [described, cwd], status: 0 };
    default:
      return { lines: [described, `(${path ?? program ?? ''} is in the image; the playground simulates builds and does not run programs, only ls, cat, echo and pwd)`], status: 0 };
  }
}
