// What the build tools the shell model cannot run would leave on disk, as estimates.
//
// A RUN like `mvn -B package` or `apt-get install -y curl` cannot be executed in the browser, but
// its footprint decides what a multi-stage build is for: the ~/.m2 repository and the JDK stay in
// the builder, only target/app.jar reaches the final image. Each rule below turns an argv into the
// files the command typically creates (and removes), with sizes from size-figures.ts. Every
// effect is flagged `estimate: true` and carries its source; `placeholder` figures have none.
//
// The shell model calls `estimateToolchainCommand` from its external-command hook after word
// expansion, one simple command at a time; it must first check that `requiredTool` exists (on
// PATH or as a path) and fail like /bin/sh does (`/bin/sh: mvn: not found`, exit 127) when not.

import { bytes, type Bytes } from './bytes.ts';
import { DOCKER_CLEAN_APT_CONF } from './catalog-skeleton.ts';
import { utf8Length } from '../fs/utf8.ts';
import { estimatePackage, PACKAGE_EXECUTABLE_BYTES, SYNTHETIC_PACKAGE_DIR, type PackageEstimate } from './package-sizes.ts';
import { FIGURES, ON_DISK_PER_COMPRESSED, ON_DISK_PER_COMPRESSED_SOURCE, onDiskBytes, placeholder, type SizeFigure } from './size-figures.ts';

/** What a rule may ask of the build: where it runs, its environment, and read access to the stage's files. */
export interface ToolchainContext {
  /** Working directory of the RUN (absolute). */
  readonly cwd: string;
  /** Environment of the RUN (image ENV, ARGs in scope, `VAR=x` prefixes of the command). */
  readonly env: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
  /** Text of a regular file in the stage's filesystem (absolute path); null when it does not exist, is a directory, or has no text. */
  readonly readFile: (path: string) => string | null;
  readonly fileExists: (path: string) => boolean;
  /** Names in a directory, when the caller can list them (used to find `*.csproj`). */
  readonly listDir?: (path: string) => readonly string[] | null;
}

/** A file the command leaves behind. */
export interface ToolchainFile {
  readonly path: string;
  readonly size: Bytes;
  readonly mode?: number;
  readonly isExecutable?: boolean;
  /** Text for small files whose content matters (pom.properties, apk's installed database). */
  readonly content?: string;
  /** Makes the entry a symlink; `size` is then the target's length. */
  readonly symlinkTo?: string;
  /** For binaries: `static` when nothing is loaded at run time (CGO_ENABLED=0 Go, musl static). */
  readonly linkage?: 'static' | 'dynamic' | 'unknown';
}

/** The estimated effect of one command. */
export interface ToolchainEffect {
  /** The rule that produced it, e.g. `apt-get install`. */
  readonly rule: string;
  /** argv[0] as written: the engine looks it up on PATH (or as a path) and fails with 127 if absent. */
  readonly requiredTool: string;
  /** Other commands the tool needs at run time (`java` for ./mvnw); the engine may check them too. */
  readonly alsoRequires: readonly string[];
  readonly exitCode: number;
  readonly files: readonly ToolchainFile[];
  /** Absolute paths or globs removed before `files` are written (`target`, `/var/cache/apt/archives/*.deb`). */
  readonly removes: readonly string[];
  readonly estimate: true;
  readonly source: string;
  readonly note: string;
  readonly stdout?: string;
  readonly stderr?: string;
}

/** One command pattern of the knowledge base. */
export interface ToolchainRule {
  readonly id: string;
  /** Command names (basename of argv[0]) the rule answers for. */
  readonly commands: readonly string[];
  /** Where the rule's figures come from (each effect repeats the exact ones it used). */
  readonly source: string;
  /** Whether the rule handles these arguments (argv without argv[0]). */
  readonly matches: (args: readonly string[]) => boolean;
  readonly run: (call: ToolCall, ctx: ToolchainContext) => ToolchainEffect;
}

/** A command as the rules see it. */
export interface ToolCall {
  readonly argv: readonly string[];
  /** Basename of the command (`mvnw` for `./mvnw`, `pip` for `python -m pip`). */
  readonly command: string;
  readonly args: readonly string[];
  /** The context's environment merged with `VAR=value` prefixes found in argv. */
  readonly env: ReadonlyMap<string, string>;
}

// ---------------------------------------------------------------------------------------------
// helpers

function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function joinPath(base: string, path: string): string {
  const raw = path.startsWith('/') ? path : `${base.replace(/\/+$/, '')}/${path}`;
  const parts: string[] = [];
  for (const part of raw.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

function homeOf(call: ToolCall): string {
  return call.env.get('HOME') ?? '/root';
}

function expandHome(path: string, call: ToolCall): string {
  return path.startsWith('~/') ? `${homeOf(call)}${path.slice(1)}` : path;
}

function file(path: string, size: number, extra: Partial<Omit<ToolchainFile, 'path' | 'size'>> = {}): ToolchainFile {
  return { path, size: bytes(size), ...extra };
}

function textFile(path: string, content: string): ToolchainFile {
  return { path, size: bytes(utf8Length(content)), content };
}

function symlink(path: string, target: string): ToolchainFile {
  return { path, size: bytes(target.length), symlinkTo: target };
}

function sources(...figures: readonly SizeFigure[]): string {
  return [...new Set(figures.map((f) => f.source))].join('; ');
}

interface EffectParts {
  readonly files?: readonly ToolchainFile[];
  readonly removes?: readonly string[];
  readonly exitCode?: number;
  readonly stdout?: string;
  readonly stderr?: string;
  readonly alsoRequires?: readonly string[];
  readonly figures?: readonly SizeFigure[];
  readonly source?: string;
  readonly note: string;
}

function makeEffect(rule: string, call: ToolCall, parts: EffectParts): ToolchainEffect {
  const source = parts.source ?? (parts.figures && parts.figures.length > 0 ? sources(...parts.figures) : 'no size involved');
  return {
    rule,
    requiredTool: call.argv[0] ?? call.command,
    alsoRequires: parts.alsoRequires ?? [],
    exitCode: parts.exitCode ?? 0,
    files: [...new Map((parts.files ?? []).map((entry) => [entry.path, entry] as const)).values()],
    removes: parts.removes ?? [],
    estimate: true,
    source,
    note: parts.note,
    ...(parts.stdout !== undefined ? { stdout: parts.stdout } : {}),
    ...(parts.stderr !== undefined ? { stderr: parts.stderr } : {}),
  };
}

function failure(rule: string, call: ToolCall, exitCode: number, stderr: string, note: string): ToolchainEffect {
  return makeEffect(rule, call, { exitCode, stderr, note, source: 'error text of the real tool (reconstructed, not recorded)' });
}

/** Splits options from operands; `valued` options take the next word unless written `--opt=value`. */
function splitArgs(args: readonly string[], valued: readonly string[]): { operands: string[]; options: Map<string, string | true> } {
  const operands: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('-') && arg !== '-') {
      const eq = arg.indexOf('=');
      if (eq > 0) {
        options.set(arg.slice(0, eq), arg.slice(eq + 1));
      } else if (valued.includes(arg) && i + 1 < args.length) {
        options.set(arg, args[i + 1] ?? '');
        i += 1;
      } else {
        options.set(arg, true);
      }
    } else {
      operands.push(arg);
    }
  }
  return { operands, options };
}

function optionValue(options: Map<string, string | true>, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = options.get(name);
    if (typeof value === 'string') return value;
  }
  return undefined;
}

function hasOption(options: Map<string, string | true>, ...names: string[]): boolean {
  return names.some((name) => options.has(name));
}

/** apt's SizeToStr: decimal units, one decimal under 100 (`24.5 MB`, `252 MB`). */
function aptSize(size: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = size;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value < 100 && unit > 0 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

// ---------------------------------------------------------------------------------------------
// apt-get / apt

function osCodename(ctx: ToolchainContext): { host: string; suite: string } {
  const release = ctx.readFile('/etc/os-release') ?? '';
  const id = /^ID=\"?([a-z]+)/m.exec(release)?.[1] ?? 'debian';
  const codename = /^VERSION_CODENAME=\"?([a-z]+)/m.exec(release)?.[1] ?? /\(([a-z]+)\)/.exec(release)?.[1] ?? 'stable';
  return id === 'ubuntu'
    ? { host: 'archive.ubuntu.com_ubuntu', suite: codename }
    : { host: 'deb.debian.org_debian', suite: codename };
}

function aptListFiles(ctx: ToolchainContext): { packages: string; inRelease: string; url: string } {
  const { host, suite } = osCodename(ctx);
  const prefix = `/var/lib/apt/lists/${host}_dists_${suite}`;
  return {
    packages: `${prefix}_main_binary-amd64_Packages.lz4`,
    inRelease: `${prefix}_InRelease`,
    url: `http://${host.replace('_', '/')} ${suite}`,
  };
}

function packagePayloadPath(pkg: string): string {
  return `${SYNTHETIC_PACKAGE_DIR}/${pkg}`;
}

/** Files for a set of packages; group members (gcc, g++, make…) share one figure. */
function packageFiles(estimates: readonly PackageEstimate[]): { files: ToolchainFile[]; total: number; archive: number; counted: PackageEstimate[] } {
  const byPath = new Map<string, ToolchainFile>();
  const seenGroups = new Set<string>();
  const counted: PackageEstimate[] = [];
  for (const pkg of estimates) {
    if (pkg.group !== undefined && seenGroups.has(pkg.group)) {
      // Its bytes are already in the group's figure: only make sure its commands exist.
      for (const provided of pkg.provides) {
        if (!byPath.has(provided.path)) byPath.set(provided.path, provided.target !== undefined ? symlink(provided.path, provided.target) : file(provided.path, 0, { mode: 0o755, isExecutable: true }));
      }
      continue;
    }
    if (pkg.group !== undefined) seenGroups.add(pkg.group);
    counted.push(pkg);
    const executables = pkg.provides.filter((p) => p.target === undefined && !byPath.has(p.path));
    const each = Math.min(PACKAGE_EXECUTABLE_BYTES, Math.floor(pkg.onDiskBytes / Math.max(1, executables.length + 1)));
    for (const provided of pkg.provides) {
      if (byPath.has(provided.path)) continue;
      if (provided.target !== undefined) byPath.set(provided.path, symlink(provided.path, provided.target));
      else if (provided.path.endsWith('.crt')) byPath.set(provided.path, file(provided.path, each, { mode: 0o644 }));
      else byPath.set(provided.path, file(provided.path, each, { mode: 0o755, isExecutable: true }));
    }
    byPath.set(packagePayloadPath(pkg.name), file(packagePayloadPath(pkg.name), Math.max(0, pkg.onDiskBytes - each * executables.length)));
  }
  const files = [...byPath.values()];
  return {
    files,
    total: files.reduce((sum, entry) => sum + entry.size, 0),
    archive: counted.reduce((sum, pkg) => sum + pkg.archiveBytes, 0),
    counted,
  };
}

function isInstalled(pkg: PackageEstimate, ctx: ToolchainContext): boolean {
  const marker = pkg.provides.find((p) => p.target === undefined)?.path ?? packagePayloadPath(pkg.name);
  return ctx.fileExists(marker) || ctx.fileExists(packagePayloadPath(pkg.name));
}

const APT_VALUED = ['-o', '-c', '-t', '--target-release', '--option', '--config-file'];

function runAptGet(call: ToolCall, ctx: ToolchainContext): ToolchainEffect {
  const { operands, options } = splitArgs(call.args, APT_VALUED);
  const [verb = '', ...packages] = operands;
  const lists = aptListFiles(ctx);
  switch (verb) {
    case 'update': {
      const inReleaseBytes = 151_000;
      const figure = FIGURES.aptListsInLayer;
      return makeEffect('apt-get update', call, {
        files: [file(lists.inRelease, inReleaseBytes), file(lists.packages, figure.bytes - inReleaseBytes)],
        figures: [figure],
        note: 'package lists under /var/lib/apt/lists: the whole 44 MB the cited Ubuntu example left in its layer (Debian lists are smaller); remove them in the same RUN (rm -rf /var/lib/apt/lists/*) or they stay in the layer',
        stdout: `Get:1 ${lists.url} InRelease [151 kB]\nGet:2 ${lists.url}/main amd64 Packages [${aptSize(figure.bytes)}]\nReading package lists...\n`,
      });
    }
    case 'install': {
      if (packages.length === 0) {
        return makeEffect('apt-get install', call, { note: 'nothing to install', stdout: 'Reading package lists...\nBuilding dependency tree...\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n' });
      }
      if (!ctx.fileExists(lists.packages)) {
        // The official images ship without package lists, so install before update finds nothing.
        const first = packages[0] ?? '';
        return failure('apt-get install', call, 100, `Reading package lists...\nBuilding dependency tree...\nE: Unable to locate package ${first}\n`, 'the image has no package lists: run apt-get update first, in the same RUN');
      }
      const estimates = packages.filter((p) => !p.startsWith('-')).map((p) => estimatePackage(p, 'apt'));
      const fresh: PackageEstimate[] = [];
      let already = '';
      for (const pkg of estimates) {
        if (isInstalled(pkg, ctx)) already += `${pkg.name} is already the newest version.\n`;
        else fresh.push(pkg);
      }
      const assumeYes = hasOption(options, '--yes', '--assume-yes', '-qq') || call.args.some((a) => /^-[a-zA-Z]*y[a-zA-Z]*$/.test(a));
      const { files, total, archive, counted } = packageFiles(fresh);
      const header = `Reading package lists...\nBuilding dependency tree...\n${already}`;
      if (fresh.length > 0 && !assumeYes) {
        return makeEffect('apt-get install', call, {
          exitCode: 1,
          stdout: `${header}The following NEW packages will be installed:\n  ${fresh.map((p) => p.name).join(' ')}\nNeed to get ${aptSize(archive)} of archives.\nAfter this operation, ${aptSize(total)} of additional disk space will be used.\nDo you want to continue? [Y/n] Abort.\n`,
          note: 'apt-get asks for confirmation and a build has no terminal to answer: add -y',
          source: 'apt-get prompt behaviour without -y (reconstructed)',
        });
      }
      const keepsArchives = !ctx.fileExists(DOCKER_CLEAN_APT_CONF);
      const archiveFiles = keepsArchives ? counted.map((pkg) => file(`/var/cache/apt/archives/${pkg.name}_amd64.deb`, pkg.archiveBytes)) : [];
      const noRecommends = hasOption(options, '--no-install-recommends');
      const figures = counted.map((pkg): SizeFigure => ({ bytes: pkg.onDiskBytes, kind: 'on-disk', source: pkg.source }));
      return makeEffect('apt-get install', call, {
        files: [...files, ...archiveFiles],
        figures,
        source: figures.length > 0 ? `${sources(...figures)}; compressed figures × ${ON_DISK_PER_COMPRESSED} (${ON_DISK_PER_COMPRESSED_SOURCE})` : 'nothing new to install',
        note: [
          ...counted.map((pkg) => `${pkg.name}: ${aptSize(pkg.onDiskBytes)} (${pkg.note})`),
          keepsArchives ? 'no docker-clean apt config in this image: the downloaded .deb files stay in /var/cache/apt/archives unless apt-get clean runs in the same RUN' : 'the image\'s docker-clean apt config deletes the downloaded .deb files',
          noRecommends ? '--no-install-recommends: the cited layers were installed the same way' : 'recommended packages are not modelled separately (the cited layers used --no-install-recommends)',
        ].join('; '),
        stdout: `${header}${fresh.length > 0 ? `The following NEW packages will be installed:\n  ${fresh.map((p) => p.name).join(' ')}\nNeed to get ${aptSize(archive)} of archives.\nAfter this operation, ${aptSize(total)} of additional disk space will be used.\n` : ''}`,
      });
    }
    case 'remove':
    case 'purge':
    case 'autoremove': {
      const estimates = packages.map((p) => estimatePackage(p, 'apt'));
      return makeEffect(`apt-get ${verb}`, call, {
        removes: estimates.flatMap((pkg) => [...pkg.provides.map((p) => p.path), packagePayloadPath(pkg.name)]),
        note: 'removes the files the simulator added for these packages; removing them in a later RUN does not shrink the image (the earlier layer keeps them)',
      });
    }
    case 'clean':
    case 'autoclean':
      return makeEffect(`apt-get ${verb}`, call, {
        removes: ['/var/cache/apt/archives/*.deb', '/var/cache/apt/archives/partial/*', '/var/cache/apt/*.bin'],
        note: 'deletes downloaded .deb files; the package lists in /var/lib/apt/lists stay',
      });
    case 'upgrade':
    case 'dist-upgrade':
    case 'full-upgrade':
      return makeEffect(`apt-get ${verb}`, call, { note: 'the simulated image is assumed current: nothing to upgrade', stdout: '0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n' });
    default:
      return makeEffect(`apt-get ${verb}`, call, { note: `apt-get ${verb} is not modelled; no files change` });
  }
}

// ---------------------------------------------------------------------------------------------
// apk

const APK_INDEX_FILES = ['/var/cache/apk/APKINDEX.main.tar.gz', '/var/cache/apk/APKINDEX.community.tar.gz'];
const APK_INDEX_FIGURE = placeholder(1_200_000, 'one APKINDEX.tar.gz');

function apkIndexFiles(): ToolchainFile[] {
  return APK_INDEX_FILES.map((path) => file(path, APK_INDEX_FIGURE.bytes));
}

function runApk(call: ToolCall, ctx: ToolchainContext): ToolchainEffect {
  const { operands, options } = splitArgs(call.args, ['--virtual', '-t', '--repository', '-X', '--root', '-p', '--arch']);
  const [verb = '', ...names] = operands;
  const installedDb = ctx.readFile('/lib/apk/db/installed') ?? '';
  const world = ctx.readFile('/etc/apk/world') ?? '';
  switch (verb) {
    case 'update':
      return makeEffect('apk update', call, {
        files: apkIndexFiles(),
        figures: [APK_INDEX_FIGURE],
        note: 'the index stays in /var/cache/apk unless removed in the same RUN (or use apk add --no-cache)',
        stdout: 'fetch https://dl-cdn.alpinelinux.org/alpine/main/x86_64/APKINDEX.tar.gz\nfetch https://dl-cdn.alpinelinux.org/alpine/community/x86_64/APKINDEX.tar.gz\nOK\n',
      });
    case 'add': {
      const noCache = hasOption(options, '--no-cache');
      const update = hasOption(options, '-U', '--update-cache', '--update');
      const haveIndex = APK_INDEX_FILES.some((path) => ctx.fileExists(path));
      if (!noCache && !update && !haveIndex) {
        const first = names[0] ?? '';
        return failure('apk add', call, 1, `WARNING: Ignoring https://dl-cdn.alpinelinux.org/alpine/main: No such file or directory\nERROR: unable to select packages:\n  ${first} (no such package):\n    required by: world[${first}]\n`, 'the image has no package index: use apk add --no-cache (or apk update first)');
      }
      const virtual = optionValue(options, '--virtual', '-t');
      const estimates = names.map((n) => estimatePackage(n, 'apk'));
      const fresh = estimates.filter((pkg) => !isInstalled(pkg, ctx));
      const { files, counted } = packageFiles(fresh);
      const added = virtual !== undefined ? [virtual] : names.map((n) => n.split(/[=<>~@]/)[0] ?? n);
      const worldLines = new Set(world.split('\n').filter(Boolean));
      for (const name of added) worldLines.add(name);
      const dbBlocks = fresh.map((pkg) => `P:${pkg.name}\nV:0\n\n`).join('') + (virtual !== undefined ? `P:${virtual}\nV:0\nD:${names.join(' ')}\n\n` : '');
      const extra = [textFile('/etc/apk/world', `${[...worldLines].join('\n')}\n`), textFile('/lib/apk/db/installed', installedDb + dbBlocks)];
      const indexFiles = !noCache && update ? apkIndexFiles() : [];
      const figures = counted.map((pkg): SizeFigure => ({ bytes: pkg.onDiskBytes, kind: 'on-disk', source: pkg.source }));
      return makeEffect('apk add', call, {
        files: [...files, ...extra, ...indexFiles],
        figures,
        source: figures.length > 0 ? `${sources(...figures)}; compressed figures × ${ON_DISK_PER_COMPRESSED} (${ON_DISK_PER_COMPRESSED_SOURCE})` : 'nothing new to install',
        note: [
          ...counted.map((pkg) => `${pkg.name}: ${aptSize(pkg.onDiskBytes)} (${pkg.note})`),
          'Alpine packages are usually smaller than the Debian/official-image layers these figures come from',
          noCache ? '--no-cache: no index left in /var/cache/apk' : 'the package index stays in /var/cache/apk',
          virtual !== undefined ? `--virtual ${virtual}: apk del ${virtual} in the same RUN removes them before the layer is saved` : '',
        ].filter(Boolean).join('; '),
        stdout: `${fresh.map((pkg, i) => `(${i + 1}/${fresh.length}) Installing ${pkg.name}`).join('\n')}${fresh.length > 0 ? '\n' : ''}OK\n`,
      });
    }
    case 'del': {
      const members = new Set<string>();
      for (const name of names) {
        const block = new RegExp(`^P:${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\nV:[^\\n]*\\nD:([^\\n]*)$`, 'm').exec(installedDb);
        if (block) for (const member of (block[1] ?? '').split(' ').filter(Boolean)) members.add(member);
        else members.add(name);
      }
      const estimates = [...members].map((n) => estimatePackage(n, 'apk'));
      const worldLines = world.split('\n').filter((line) => line && !names.includes(line));
      return makeEffect('apk del', call, {
        removes: estimates.flatMap((pkg) => [...pkg.provides.map((p) => p.path), packagePayloadPath(pkg.name)]),
        files: [textFile('/etc/apk/world', `${worldLines.join('\n')}\n`)],
        note: 'removes the packages (virtual groups by their members); only deleting them in the RUN that added them keeps them out of the image (size-facts.md §3, SO 46221063)',
      });
    }
    case 'cache':
      return makeEffect('apk cache', call, { removes: ['/var/cache/apk/*'], note: 'clears /var/cache/apk' });
    default:
      return makeEffect(`apk ${verb}`, call, { note: `apk ${verb} is not modelled; no files change` });
  }
}

// ---------------------------------------------------------------------------------------------
// Maven

/** Coordinates read from a pom.xml, ignoring the parent, dependencies and plugins. */
export interface PomInfo {
  readonly groupId: string | null;
  readonly artifactId: string | null;
  readonly version: string | null;
  readonly packaging: string;
  readonly finalName: string | null;
  readonly dependencyCount: number;
  readonly springBoot: boolean;
}

/** Reads artifactId, version, packaging and finalName from a pom.xml (text, no XML parser). */
export function readPomInfo(pom: string): PomInfo {
  const withoutComments = pom.replace(/<!--[\s\S]*?-->/g, '');
  const parent = /<parent>([\s\S]*?)<\/parent>/.exec(withoutComments)?.[1] ?? '';
  const own = withoutComments
    .replace(/<parent>[\s\S]*?<\/parent>/g, '')
    .replace(/<dependencies>[\s\S]*?<\/dependencies>/g, '')
    .replace(/<dependencyManagement>[\s\S]*?<\/dependencyManagement>/g, '')
    .replace(/<build>[\s\S]*?<\/build>/g, '')
    .replace(/<profiles>[\s\S]*?<\/profiles>/g, '')
    .replace(/<properties>[\s\S]*?<\/properties>/g, '');
  const tag = (text: string, name: string): string | null => new RegExp(`<${name}>\\s*([^<]*?)\\s*</${name}>`).exec(text)?.[1] ?? null;
  const properties = /<properties>([\s\S]*?)<\/properties>/.exec(withoutComments)?.[1] ?? '';
  const resolve = (value: string | null, version: string | null): string | null => {
    if (value === null) return null;
    return value.replace(/\$\{([^}]+)\}/g, (whole, key: string) => {
      if (key === 'project.version' || key === 'version') return version ?? whole;
      return tag(properties, key) ?? whole;
    });
  };
  const version = tag(own, 'version') ?? tag(parent, 'version');
  const build = /<build>([\s\S]*?)<\/build>/.exec(withoutComments)?.[1] ?? '';
  const dependencies = /<dependencies>([\s\S]*?)<\/dependencies>/.exec(withoutComments.replace(/<dependencyManagement>[\s\S]*?<\/dependencyManagement>/g, ''))?.[1] ?? '';
  const compileDeps = [...dependencies.matchAll(/<dependency>([\s\S]*?)<\/dependency>/g)].filter((m) => !/<scope>\s*test\s*<\/scope>/.test(m[1] ?? ''));
  return {
    groupId: tag(own, 'groupId') ?? tag(parent, 'groupId'),
    artifactId: resolve(tag(own, 'artifactId'), version),
    version: resolve(version, version),
    packaging: tag(own, 'packaging') ?? 'jar',
    finalName: resolve(tag(build.replace(/<plugins>[\s\S]*?<\/plugins>/g, ''), 'finalName'), version),
    dependencyCount: compileDeps.length,
    springBoot: /spring-boot/.test(withoutComments),
  };
}

const JAR_DEPENDENCY = placeholder(500_000, 'one resolved Maven/Gradle dependency jar');
const BUILD_PLUGINS = placeholder(15_000_000, 'the Maven/Gradle plugins and their dependencies downloaded by a first build');

function dependencyBytes(springBoot: boolean, dependencyCount: number): { bytes: number; figures: SizeFigure[] } {
  // A Spring Boot fat jar holds all runtime dependencies, so its size bounds what ~/.m2 must hold.
  if (springBoot) return { bytes: FIGURES.springBootFatJar.bytes + BUILD_PLUGINS.bytes, figures: [FIGURES.springBootFatJar, BUILD_PLUGINS] };
  return { bytes: dependencyCount * JAR_DEPENDENCY.bytes + BUILD_PLUGINS.bytes, figures: [JAR_DEPENDENCY, BUILD_PLUGINS] };
}

const MAVEN_PACKAGE_PHASES = ['package', 'verify', 'install', 'deploy', 'spring-boot:repackage'];

function runMaven(call: ToolCall, ctx: ToolchainContext): ToolchainEffect {
  const rule = call.command === 'mvn' ? 'mvn' : './mvnw';
  const { operands, options } = splitArgs(call.args, ['-f', '--file', '-s', '--settings', '-P', '--activate-profiles', '-pl', '--projects', '-T', '--threads', '-gs', '-l', '--log-file', '-D']);
  const wrapper = call.command !== 'mvn';
  const pomArg = optionValue(options, '-f', '--file');
  const pomPath = pomArg !== undefined ? joinPath(ctx.cwd, pomArg.endsWith('.xml') ? pomArg : `${pomArg}/pom.xml`) : joinPath(ctx.cwd, 'pom.xml');
  const projectDir = pomPath.slice(0, pomPath.lastIndexOf('/')) || '/';
  const goals = operands;
  const pom = ctx.readFile(pomPath);
  if (pom === null) {
    return failure(rule, call, 1, `[ERROR] The goal you specified requires a project to execute but there is no POM in this directory (${projectDir}). Please verify you invoked Maven from the correct directory. -> [Help 1]\n`, 'no pom.xml where Maven runs: COPY pom.xml before this RUN, or set WORKDIR');
  }
  const info = readPomInfo(pom);
  const repoOption = [...options.entries()].find(([key]) => key === '-Dmaven.repo.local');
  const repo = typeof repoOption?.[1] === 'string' ? joinPath(ctx.cwd, expandHome(repoOption[1], call)) : `${homeOf(call)}/.m2/repository`;
  const deps = dependencyBytes(info.springBoot, info.dependencyCount);
  const files: ToolchainFile[] = [file(`${repo}/.stagecraft-dependencies`, deps.bytes)];
  const figures: SizeFigure[] = [...deps.figures];
  const removes: string[] = [];
  const notes: string[] = [`~/.m2 repository: ${aptSize(deps.bytes)} (${info.springBoot ? 'Spring Boot dependencies, bounded by the fat-jar size, plus plugins' : `${info.dependencyCount} dependencies plus plugins, placeholders`})`];
  if (wrapper) {
    const props = ctx.readFile(joinPath(projectDir, '.mvn/wrapper/maven-wrapper.properties')) ?? '';
    const version = /apache-maven-([\d.]+)-bin/.exec(props)?.[1] ?? '3.9.6';
    files.push(file(`${homeOf(call)}/.m2/wrapper/dists/apache-maven-${version}-bin/apache-maven-${version}/lib/.stagecraft-component`, FIGURES.maven39Distribution.bytes));
    figures.push(FIGURES.maven39Distribution);
    notes.push(`the wrapper downloads Maven ${version} into ~/.m2/wrapper`);
  }
  const target = joinPath(projectDir, 'target');
  if (goals.includes('clean')) removes.push(target);
  const packages = goals.some((goal) => MAVEN_PACKAGE_PHASES.includes(goal));
  const compiles = packages || goals.includes('compile') || goals.includes('test');
  let artifactName: string | null = null;
  if (compiles) files.push(file(`${target}/classes/.stagecraft-classes`, FIGURES.springBootThinJar.bytes));
  if (packages) {
    const extension = info.packaging === 'war' ? 'war' : 'jar';
    const name = info.finalName ?? (info.artifactId !== null ? `${info.artifactId}${info.version !== null ? `-${info.version}` : ''}` : 'app');
    artifactName = `${name}.${extension}`;
    const fat = info.springBoot ? FIGURES.springBootFatJar : FIGURES.springBootThinJar;
    figures.push(fat);
    files.push(file(`${target}/${artifactName}`, fat.bytes));
    if (info.springBoot) files.push(file(`${target}/${artifactName}.original`, FIGURES.springBootThinJar.bytes));
    files.push(textFile(`${target}/maven-archiver/pom.properties`, `artifactId=${info.artifactId ?? 'app'}\ngroupId=${info.groupId ?? 'unknown'}\nversion=${info.version ?? '0'}\n`));
    notes.push(`${artifactName}: ${info.springBoot ? 'Spring Boot fat jar, 17.6 MB (spring-boot#34514)' : 'application classes only, sized like a thin jar (~12 kB)'}`);
    if (goals.includes('install') || goals.includes('deploy')) {
      const groupPath = (info.groupId ?? 'unknown').replace(/\./g, '/');
      files.push(file(`${repo}/${groupPath}/${info.artifactId ?? 'app'}/${info.version ?? '0'}/${artifactName}`, fat.bytes));
    }
  }
  const offline = goals.some((goal) => /^dependency:(go-offline|resolve|resolve-plugins)$/.test(goal));
  if (offline) notes.push('dependency:go-offline fills ~/.m2 only: a separate layer that stays cached while only sources change');
  return makeEffect(rule, call, {
    files,
    removes,
    figures,
    alsoRequires: ['java'],
    note: notes.join('; '),
    stdout: hasOption(options, '-q', '--quiet')
      ? ''
      : `[INFO] Scanning for projects...\n[INFO] Building ${info.artifactId ?? 'app'} ${info.version ?? ''}\n${artifactName !== null ? `[INFO] Building jar: ${target}/${artifactName}\n` : ''}[INFO] BUILD SUCCESS\n`,
  });
}

// ---------------------------------------------------------------------------------------------
// Gradle

function runGradle(call: ToolCall, ctx: ToolchainContext): ToolchainEffect {
  const rule = call.command === 'gradle' ? 'gradle' : './gradlew';
  const wrapper = call.command !== 'gradle';
  const { operands, options } = splitArgs(call.args, ['-p', '--project-dir', '-b', '--build-file', '-x', '--exclude-task', '-g', '--gradle-user-home', '-D', '-P']);
  const projectDir = joinPath(ctx.cwd, optionValue(options, '-p', '--project-dir') ?? '.');
  const buildFile = ctx.readFile(joinPath(projectDir, 'build.gradle')) ?? ctx.readFile(joinPath(projectDir, 'build.gradle.kts'));
  const settings = ctx.readFile(joinPath(projectDir, 'settings.gradle')) ?? ctx.readFile(joinPath(projectDir, 'settings.gradle.kts'));
  if (buildFile === null && settings === null) {
    return failure(rule, call, 1, `\nFAILURE: Build failed with an exception.\n\n* What went wrong:\nDirectory '${projectDir}' does not contain a Gradle build.\n`, 'no build.gradle or settings.gradle where Gradle runs');
  }
  const build = buildFile ?? '';
  const name = /rootProject\.name\s*=\s*['"]([^'"]+)['"]/.exec(settings ?? '')?.[1] ?? basename(projectDir) ?? 'app';
  const version = /^\s*version\s*=?\s*['"]([^'"]+)['"]/m.exec(build)?.[1] ?? null;
  const springBoot = /org\.springframework\.boot/.test(build);
  const shadow = /shadow/.test(build);
  const dependencyCount = (build.match(/^\s*(?:implementation|api|runtimeOnly|compile)\b/gm) ?? []).length;
  const gradleHome = optionValue(options, '-g', '--gradle-user-home') ?? call.env.get('GRADLE_USER_HOME') ?? `${homeOf(call)}/.gradle`;
  const deps = dependencyBytes(springBoot, dependencyCount);
  const files: ToolchainFile[] = [file(`${gradleHome}/caches/modules-2/.stagecraft-dependencies`, deps.bytes)];
  const figures: SizeFigure[] = [...deps.figures];
  const notes: string[] = [`Gradle caches: ${aptSize(deps.bytes)} (placeholders${springBoot ? ', Spring Boot dependencies bounded by the fat-jar size' : ''})`];
  if (wrapper) {
    const props = ctx.readFile(joinPath(projectDir, 'gradle/wrapper/gradle-wrapper.properties')) ?? '';
    const gradleVersion = /gradle-([\d.]+)-(?:bin|all)\.zip/.exec(props)?.[1] ?? '8.5';
    files.push(file(`${gradleHome}/wrapper/dists/gradle-${gradleVersion}-bin/gradle-${gradleVersion}/lib/.stagecraft-component`, FIGURES.gradleOnDisk.bytes));
    figures.push(FIGURES.gradleOnDisk);
    notes.push(`the wrapper downloads Gradle ${gradleVersion} into ~/.gradle/wrapper`);
  }
  const libs = joinPath(projectDir, 'build/libs');
  const removes = operands.includes('clean') ? [joinPath(projectDir, 'build')] : [];
  const base = `${name}${version !== null ? `-${version}` : ''}`;
  const builds = operands.some((task) => ['build', 'assemble', 'bootJar', 'jar', 'shadowJar', 'installDist'].includes(task));
  if (builds) {
    if (springBoot && operands.some((task) => ['build', 'assemble', 'bootJar'].includes(task))) {
      files.push(file(`${libs}/${base}.jar`, FIGURES.springBootFatJar.bytes));
      figures.push(FIGURES.springBootFatJar);
      notes.push(`${base}.jar: Spring Boot fat jar (17.6 MB, spring-boot#34514)`);
    }
    if (!springBoot || operands.some((task) => ['build', 'assemble', 'jar'].includes(task))) {
      // Spring Boot 2.5+ also builds the plain jar under build, with a -plain classifier.
      files.push(file(`${libs}/${springBoot ? `${base}-plain` : base}.jar`, FIGURES.springBootThinJar.bytes));
      figures.push(FIGURES.springBootThinJar);
    }
    if (shadow && operands.includes('shadowJar')) {
      files.push(file(`${libs}/${base}-all.jar`, deps.bytes - BUILD_PLUGINS.bytes + FIGURES.springBootThinJar.bytes));
    }
    files.push(file(joinPath(projectDir, 'build/classes/.stagecraft-classes'), FIGURES.springBootThinJar.bytes));
  }
  return makeEffect(rule, call, {
    files,
    removes,
    figures,
    alsoRequires: ['java'],
    note: notes.join('; '),
    stdout: `\nBUILD SUCCESSFUL\n`,
  });
}

// ---------------------------------------------------------------------------------------------
// npm, yarn, pnpm

interface PackageJson {
  readonly dependencies: readonly string[];
  readonly devDependencies: readonly string[];
  readonly scripts: Readonly<Record<string, string>>;
  readonly name: string | null;
}

function readPackageJson(text: string): PackageJson | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const record = parsed as Record<string, unknown>;
  const keys = (value: unknown): string[] => (typeof value === 'object' && value !== null ? Object.keys(value) : []);
  const scripts: Record<string, string> = {};
  const rawScripts = record['scripts'];
  if (typeof rawScripts === 'object' && rawScripts !== null) {
    for (const [key, value] of Object.entries(rawScripts)) if (typeof value === 'string') scripts[key] = value;
  }
  return {
    dependencies: keys(record['dependencies']),
    devDependencies: keys(record['devDependencies']),
    scripts,
    name: typeof record['name'] === 'string' ? record['name'] : null,
  };
}

const NODE_DEPENDENCY = placeholder(5_000_000, 'one direct npm dependency with its transitive dependencies');
const NODE_DEPENDENCY_UNKNOWN_COUNT = 20; // assumed number of direct dependencies when package.json is unreadable
const NODE_BUILD_OUTPUT = placeholder(1_500_000, 'a front-end production build (dist/ or build/)');

function nodeModulesFiles(dir: string, deps: readonly string[]): ToolchainFile[] {
  return deps.map((dep) => file(`${dir}/node_modules/${dep}/.stagecraft-package`, NODE_DEPENDENCY.bytes));
}

function runNodeInstall(call: ToolCall, ctx: ToolchainContext, manager: 'npm' | 'yarn' | 'pnpm'): ToolchainEffect {
  const rule = `${manager} install`;
  const { operands, options } = splitArgs(call.args.slice(manager === 'yarn' && call.args[0] !== 'install' ? 0 : 1), ['--omit', '--prefix', '--cache', '--modules-folder']);
  const global = hasOption(options, '-g', '--global') || (manager === 'yarn' && call.args[0] === 'global');
  const production =
    hasOption(options, '--production', '--prod', '-P') || optionValue(options, '--omit') === 'dev' || call.env.get('NODE_ENV') === 'production';
  if (global || (manager === 'npm' && operands.length > 0) || (manager !== 'npm' && call.args[0] === 'add')) {
    const pkgs = operands.filter((arg) => arg !== 'add' && arg !== 'global');
    const prefix = global ? '/usr/local/lib' : ctx.cwd;
    const files = pkgs.flatMap((pkg) => {
      const name = pkg.replace(/(?!^)@.*$/, '');
      const entries = [file(`${prefix}/node_modules/${name}/.stagecraft-package`, NODE_DEPENDENCY.bytes)];
      if (global) entries.push(symlink(`/usr/local/bin/${basename(name)}`, `../lib/node_modules/${name}/bin/${basename(name)}`));
      return entries;
    });
    return makeEffect(rule, call, { files, figures: [NODE_DEPENDENCY], alsoRequires: ['node'], note: `${pkgs.length} package(s), placeholder size each` });
  }
  const pkgText = ctx.readFile(joinPath(ctx.cwd, 'package.json'));
  if (pkgText === null) {
    return failure(rule, call, manager === 'npm' ? 254 : 1, manager === 'npm'
      ? `npm error code ENOENT\nnpm error syscall open\nnpm error path ${joinPath(ctx.cwd, 'package.json')}\nnpm error errno -2\nnpm error enoent Could not read package.json: Error: ENOENT: no such file or directory, open '${joinPath(ctx.cwd, 'package.json')}'\n`
      : `error Couldn't find a package.json file in "${ctx.cwd}"\n`, 'no package.json where the install runs: COPY package*.json first');
  }
  if (manager === 'npm' && call.args[0] === 'ci' && !ctx.fileExists(joinPath(ctx.cwd, 'package-lock.json')) && !ctx.fileExists(joinPath(ctx.cwd, 'npm-shrinkwrap.json'))) {
    return failure('npm ci', call, 1, 'npm error code EUSAGE\nnpm error\nnpm error The `npm ci` command can only install with an existing package-lock.json or\nnpm error npm-shrinkwrap.json with lockfileVersion >= 1.\n', 'npm ci needs package-lock.json in the context (COPY package*.json ./)');
  }
  const pkg = readPackageJson(pkgText);
  const deps = pkg === null
    ? Array.from({ length: NODE_DEPENDENCY_UNKNOWN_COUNT }, (_, i) => `dependency-${i + 1}`)
    : [...pkg.dependencies, ...(production ? [] : pkg.devDependencies)];
  const files = nodeModulesFiles(ctx.cwd, deps);
  const modulesBytes = deps.length * NODE_DEPENDENCY.bytes;
  const cacheBytes = Math.round(modulesBytes / ON_DISK_PER_COMPRESSED);
  const home = homeOf(call);
  const cacheDir = manager === 'npm' ? `${home}/.npm/_cacache` : manager === 'yarn' ? (home === '/root' ? '/usr/local/share/.cache/yarn/v6' : `${home}/.cache/yarn/v6`) : `${home}/.local/share/pnpm/store/v3`;
  files.push(file(`${cacheDir}/.stagecraft-tarballs`, cacheBytes));
  if (manager === 'npm') files.push(textFile(joinPath(ctx.cwd, 'node_modules/.package-lock.json'), `{"name":"${pkg?.name ?? 'app'}","lockfileVersion":3}\n`));
  const id = manager === 'npm' && call.args[0] === 'ci' ? 'npm ci' : rule;
  return makeEffect(id, call, {
    files,
    removes: manager === 'npm' && call.args[0] === 'ci' ? [joinPath(ctx.cwd, 'node_modules')] : [],
    figures: [NODE_DEPENDENCY],
    source: `${NODE_DEPENDENCY.source}; cache = node_modules ÷ ${ON_DISK_PER_COMPRESSED} (${ON_DISK_PER_COMPRESSED_SOURCE})`,
    alsoRequires: ['node'],
    note: `${deps.length} direct dependencies${pkg === null ? ' (package.json unreadable: assumed)' : ''}${production ? ', dev dependencies omitted' : ''}; the package cache (${cacheDir}) stays in the layer unless cleaned in the same RUN`,
    stdout: `added ${deps.length * 10} packages in 12s\n`,
  });
}

function runNodeScript(call: ToolCall, ctx: ToolchainContext, manager: 'npm' | 'yarn' | 'pnpm'): ToolchainEffect {
  const scriptName = (call.args[0] === 'run' || call.args[0] === 'run-script' ? call.args[1] : call.args[0]) ?? '';
  const pkgText = ctx.readFile(joinPath(ctx.cwd, 'package.json'));
  const pkg = pkgText === null ? null : readPackageJson(pkgText);
  const script = pkg?.scripts[scriptName];
  if (script === undefined) {
    return failure(`${manager} run`, call, 1, manager === 'npm' ? `npm error Missing script: "${scriptName}"\n` : `error Command "${scriptName}" not found.\n`, `package.json has no "${scriptName}" script`);
  }
  let outDir: string | null = null;
  if (/react-scripts build/.test(script)) outDir = 'build';
  else if (/next build/.test(script)) outDir = '.next';
  else if (/\b(vite|webpack|tsc|rollup|esbuild|parcel|ng) /.test(`${script} `) || /build/.test(scriptName)) outDir = 'dist';
  const files = outDir !== null ? [file(joinPath(ctx.cwd, `${outDir}/.stagecraft-build`), NODE_BUILD_OUTPUT.bytes)] : [];
  return makeEffect(`${manager} run`, call, {
    files,
    figures: outDir !== null ? [NODE_BUILD_OUTPUT] : [],
    alsoRequires: ['node'],
    note: outDir !== null ? `"${script}" writes ${outDir}/ (placeholder size); node_modules is not needed in the final stage` : `"${script}" is not modelled; no files change`,
    stdout: `\n> ${pkg?.name ?? 'app'} ${scriptName}\n> ${script}\n\n`,
  });
}

// ---------------------------------------------------------------------------------------------
// Go

function findUp(ctx: ToolchainContext, start: string, name: string): string | null {
  let dir = joinPath('/', start);
  for (;;) {
    const candidate = joinPath(dir, name);
    if (ctx.fileExists(candidate)) return candidate;
    if (dir === '/') return null;
    dir = dir.slice(0, dir.lastIndexOf('/')) || '/';
  }
}

function readGoMod(text: string): { module: string | null; requires: string[] } {
  const module = /^module\s+(\S+)/m.exec(text)?.[1] ?? null;
  const requires: string[] = [];
  for (const block of text.matchAll(/^require\s*\(([\s\S]*?)^\)/gm)) {
    for (const line of (block[1] ?? '').split('\n')) {
      const match = /^\s*(\S+)\s+(v\S+)/.exec(line);
      if (match && !/\/\/\s*indirect/.test(line)) requires.push(`${match[1]}@${match[2]}`);
    }
  }
  for (const match of text.matchAll(/^require\s+(\S+)\s+(v\S+)/gm)) requires.push(`${match[1]}@${match[2]}`);
  return { module, requires };
}

const GO_MODULE = placeholder(2_000_000, 'one Go module in the module cache');
const GO_BINARY_PER_MODULE = placeholder(1_000_000, 'binary growth per required Go module');
const GO_STRIP_RATIO = FIGURES.goHelloWorldStripped.bytes / FIGURES.goHelloWorld.bytes;

function goModuleCache(call: ToolCall): string {
  return call.env.get('GOMODCACHE') ?? `${call.env.get('GOPATH') ?? `${homeOf(call)}/go`}/pkg/mod`;
}

function goModuleFiles(call: ToolCall, requires: readonly string[]): ToolchainFile[] {
  const cache = goModuleCache(call);
  return requires.flatMap((req) => {
    const at = req.lastIndexOf('@');
    const path = req.slice(0, at);
    const version = req.slice(at + 1);
    return [
      file(`${cache}/${req}/.stagecraft-module`, GO_MODULE.bytes),
      file(`${cache}/cache/download/${path}/@v/${version}.zip`, Math.round(GO_MODULE.bytes / ON_DISK_PER_COMPRESSED)),
    ];
  });
}

function runGo(call: ToolCall, ctx: ToolchainContext): ToolchainEffect {
  const [sub = '', ...rest] = call.args;
  const modPath = findUp(ctx, ctx.cwd, 'go.mod');
  const gomod = modPath !== null ? readGoMod(ctx.readFile(modPath) ?? '') : null;
  const moduleMode = call.env.get('GO111MODULE') !== 'off';
  const noModule = (): ToolchainEffect =>
    failure(`go ${sub}`, call, 1, "go: go.mod file not found in current directory or any parent directory; see 'go help modules'\n", 'no go.mod: COPY go.mod (and go.sum) before this RUN');
  switch (sub) {
    case 'mod': {
      if (rest[0] !== 'download' && rest[0] !== 'tidy' && rest[0] !== 'vendor') return makeEffect(`go mod ${rest[0] ?? ''}`, call, { note: 'not modelled; no files change' });
      if (gomod === null) return noModule();
      const files = rest[0] === 'vendor'
        ? gomod.requires.map((req) => file(joinPath(ctx.cwd, `vendor/${req.slice(0, req.lastIndexOf('@'))}/.stagecraft-module`), GO_MODULE.bytes))
        : goModuleFiles(call, gomod.requires);
      return makeEffect(`go mod ${rest[0]}`, call, {
        files,
        figures: [GO_MODULE],
        note: `${gomod.requires.length} required modules into ${rest[0] === 'vendor' ? 'vendor/' : goModuleCache(call)} (placeholder size each); a layer of its own that stays cached while only sources change`,
      });
    }
    case 'build':
    case 'install': {
      if (moduleMode && gomod === null) return noModule();
      const { operands, options } = splitArgs(rest, ['-o', '-ldflags', '-tags', '-gcflags', '-mod', '-p', '-buildmode', '-installsuffix']);
      const ldflags = optionValue(options, '-ldflags') ?? '';
      const stripped = /(^|\s)-s(\s|$)/.test(ldflags) && /(^|\s)-w(\s|$)/.test(ldflags);
      const cgo = call.env.get('CGO_ENABLED');
      const linkage: ToolchainFile['linkage'] = cgo === '0' || /-extldflags\s+["']?-static/.test(ldflags) ? 'static' : 'unknown';
      const requires = gomod?.requires.length ?? 0;
      const unstripped = FIGURES.goHelloWorld.bytes + requires * GO_BINARY_PER_MODULE.bytes;
      const size = Math.round(stripped ? unstripped * GO_STRIP_RATIO : unstripped);
      const packages = operands.length > 0 ? operands : ['.'];
      const single = packages.length === 1 && !(packages[0] ?? '').endsWith('...');
      const figures = [FIGURES.goHelloWorld, ...(stripped ? [FIGURES.goHelloWorldStripped] : []), ...(requires > 0 ? [GO_BINARY_PER_MODULE] : [])];
      const cacheDir = call.env.get('GOCACHE') ?? `${homeOf(call)}/.cache/go-build`;
      const buildCache = placeholder(size * 3, 'the Go build cache (about three times the binary)');
      const files: ToolchainFile[] = [file(`${cacheDir}/.stagecraft-build-cache`, buildCache.bytes)];
      const pkgName = (pkg: string): string => {
        const clean = pkg.replace(/\/+$/, '');
        if (clean === '.' || clean === '') return basename(gomod?.module ?? ctx.cwd) || 'main';
        return basename(clean);
      };
      let output: string | null = null;
      const out = optionValue(options, '-o');
      if (sub === 'install') {
        output = `${call.env.get('GOBIN') ?? `${call.env.get('GOPATH') ?? `${homeOf(call)}/go`}/bin`}/${pkgName((packages[0] ?? '.').replace(/@.*$/, ''))}`;
      } else if (out !== undefined) {
        const target = joinPath(ctx.cwd, out);
        output = out.endsWith('/') || (ctx.listDir?.(target) ?? null) !== null ? `${target}/${pkgName(packages[0] ?? '.')}` : target;
      } else if (single) {
        output = joinPath(ctx.cwd, pkgName(packages[0] ?? '.'));
      }
      if (output !== null) files.push(file(output, size, { mode: 0o755, isExecutable: true, linkage }));
      const notes = [
        output !== null ? `${basename(output)}: ${aptSize(size)} = hello world ${aptSize(FIGURES.goHelloWorld.bytes)} + ${requires} module(s) × 1 MB placeholder${stripped ? `, × ${GO_STRIP_RATIO.toFixed(3)} for -ldflags "-s -w" (measured ratio)` : ''}` : 'several packages: go build checks them and writes no binary',
        linkage === 'static' ? 'CGO_ENABLED=0: statically linked, runs on scratch' : 'cgo not disabled: a binary that imports net or os/user links libc dynamically and will not start on scratch (set CGO_ENABLED=0)',
        `the build cache (${cacheDir}) stays in the builder stage`,
      ];
      return makeEffect(`go ${sub}`, call, { files, figures: [...figures, buildCache], note: notes.join('; ') });
    }
    case 'get':
      if (gomod === null && moduleMode) return noModule();
      return makeEffect('go get', call, { files: goModuleFiles(call, rest.filter((a) => !a.startsWith('-')).map((a) => (a.includes('@') ? a : `${a}@latest`))), figures: [GO_MODULE], note: 'modules into the module cache (placeholder size each)' });
    default:
      return makeEffect(`go ${sub}`, call, { note: `go ${sub} leaves nothing in the image (its cache aside)` });
  }
}

// ---------------------------------------------------------------------------------------------
// Rust

const RUST_BINARY = placeholder(4_000_000, 'a release Rust binary (std only)');
const RUST_BINARY_PER_CRATE = placeholder(300_000, 'release-binary growth per dependency crate');
const RUST_TARGET_PER_CRATE = placeholder(5_000_000, 'compiled artifacts in target/ per dependency crate');
const RUST_REGISTRY_PER_CRATE = placeholder(1_000_000, 'one crate source in $CARGO_HOME/registry');

function runCargo(call: ToolCall, ctx: ToolchainContext): ToolchainEffect {
  const [sub = '', ...rest] = call.args;
  const manifestPath = findUp(ctx, ctx.cwd, 'Cargo.toml');
  if (manifestPath === null && ['build', 'install', 'fetch', 'run', 'test'].includes(sub) && !(sub === 'install' && !rest.includes('--path'))) {
    return failure(`cargo ${sub}`, call, 101, `error: could not find \`Cargo.toml\` in \`${ctx.cwd}\` or any parent directory\n`, 'no Cargo.toml: COPY Cargo.toml (and Cargo.lock) before this RUN');
  }
  const manifest = manifestPath !== null ? (ctx.readFile(manifestPath) ?? '') : '';
  const projectDir = manifestPath !== null ? manifestPath.slice(0, manifestPath.lastIndexOf('/')) || '/' : ctx.cwd;
  const packageName = /\[package\][\s\S]*?^name\s*=\s*"([^"]+)"/m.exec(manifest)?.[1] ?? basename(projectDir);
  const binName = /\[\[bin\]\][\s\S]*?^name\s*=\s*"([^"]+)"/m.exec(manifest)?.[1] ?? packageName;
  const depsSection = /^\[dependencies\]([\s\S]*?)(?=^\[|$(?![\s\S]))/m.exec(manifest)?.[1] ?? '';
  const crates = depsSection.split('\n').filter((line) => /^\s*[A-Za-z0-9_-]+\s*=/.test(line)).length;
  const { options } = splitArgs(rest, ['--target', '--bin', '--features', '-j', '--jobs', '--path', '--root', '--profile']);
  const cargoHome = call.env.get('CARGO_HOME') ?? `${homeOf(call)}/.cargo`;
  const registry = file(`${cargoHome}/registry/.stagecraft-crates`, crates * RUST_REGISTRY_PER_CRATE.bytes);
  if (sub === 'fetch') return makeEffect('cargo fetch', call, { files: [registry], figures: [RUST_REGISTRY_PER_CRATE], note: `${crates} crates into ${cargoHome}/registry (placeholders)` });
  if (sub !== 'build' && sub !== 'install') return makeEffect(`cargo ${sub}`, call, { note: `cargo ${sub} is not modelled; no files change` });
  const release = hasOption(options, '--release', '-r') || sub === 'install' || optionValue(options, '--profile') === 'release';
  const targetDir = call.env.get('CARGO_TARGET_DIR') !== undefined ? joinPath(ctx.cwd, call.env.get('CARGO_TARGET_DIR') ?? '') : joinPath(projectDir, 'target');
  const triple = optionValue(options, '--target');
  const profileDir = `${targetDir}${triple !== undefined ? `/${triple}` : ''}/${release ? 'release' : 'debug'}`;
  const binary = Math.round((RUST_BINARY.bytes + crates * RUST_BINARY_PER_CRATE.bytes) * (release ? 1 : 2.5));
  const name = optionValue(options, '--bin') ?? binName;
  const musl = /musl/.test(triple ?? '');
  const files: ToolchainFile[] = [
    registry,
    file(`${profileDir}/deps/.stagecraft-artifacts`, Math.max(1, crates) * RUST_TARGET_PER_CRATE.bytes),
    file(`${profileDir}/${name}`, binary, { mode: 0o755, isExecutable: true, linkage: musl ? 'static' : 'dynamic' }),
  ];
  if (sub === 'install') {
    const root = optionValue(options, '--root') ?? cargoHome;
    files.push(file(`${root}/bin/${name}`, binary, { mode: 0o755, isExecutable: true, linkage: musl ? 'static' : 'dynamic' }));
  }
  return makeEffect(`cargo ${sub}`, call, {
    files,
    figures: [RUST_BINARY, RUST_BINARY_PER_CRATE, RUST_TARGET_PER_CRATE, RUST_REGISTRY_PER_CRATE],
    note: `${name}: ${aptSize(binary)} (${release ? 'release' : 'debug, ~2.5× larger'}; placeholders); target/ and the registry stay in the builder stage; ${musl ? 'musl target: static' : 'glibc target: needs a glibc base (debian-slim or distroless/cc), not scratch or alpine'}`,
    stdout: `   Compiling ${packageName} v0.1.0 (${projectDir})\n    Finished ${release ? 'release [optimized]' : 'dev [unoptimized + debuginfo]'} target(s)\n`,
  });
}

// ---------------------------------------------------------------------------------------------
// pip

const PIP_PACKAGE = placeholder(5_000_000, 'one installed Python package with its dependencies');

function readRequirements(ctx: ToolchainContext, path: string, seen: Set<string> = new Set()): string[] | null {
  if (seen.has(path)) return [];
  seen.add(path);
  const text = ctx.readFile(path);
  if (text === null) return null;
  const names: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+#.*$/, '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const include = /^(?:-r|--requirement)\s*=?\s*(\S+)/.exec(line);
    if (include) {
      names.push(...(readRequirements(ctx, joinPath(path.slice(0, path.lastIndexOf('/')) || '/', include[1] ?? ''), seen) ?? []));
      continue;
    }
    if (line.startsWith('-')) continue;
    const name = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line)?.[1];
    if (name !== undefined) names.push(name.toLowerCase());
  }
  return names;
}

function pythonVersion(call: ToolCall, ctx: ToolchainContext): string {
  const fromEnv = /^(\d+\.\d+)/.exec(call.env.get('PYTHON_VERSION') ?? '')?.[1];
  if (fromEnv !== undefined) return fromEnv;
  for (let minor = 14; minor >= 6; minor -= 1) if (ctx.fileExists(`/usr/local/bin/python3.${minor}`) || ctx.fileExists(`/usr/bin/python3.${minor}`)) return `3.${minor}`;
  return '3';
}

// A virtual environment is active when pip is called from its bin/ (by path or first on PATH)
// or VIRTUAL_ENV is set; venv roots are recognised by their pyvenv.cfg.
function findVirtualEnv(call: ToolCall, ctx: ToolchainContext): string | null {
  const fromEnv = call.env.get('VIRTUAL_ENV');
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const first = call.argv[0] ?? '';
  const candidates = first.includes('/')
    ? [joinPath(ctx.cwd, first)]
    : (call.env.get('PATH') ?? '').split(':').filter(Boolean).map((dir) => `${dir}/${first}`).filter((path) => ctx.fileExists(path)).slice(0, 1);
  for (const path of candidates) {
    const root = path.slice(0, path.lastIndexOf('/bin/'));
    if (root !== '' && ctx.fileExists(`${root}/pyvenv.cfg`)) return root;
  }
  return null;
}

const VENV_PIP = placeholder(12_000_000, 'pip and setuptools inside a new virtual environment');

function runPythonModule(call: ToolCall, ctx: ToolchainContext): ToolchainEffect {
  const dirArg = call.args.slice(2).find((arg) => !arg.startsWith('-'));
  if (dirArg === undefined) return failure('python -m venv', call, 2, 'usage: venv [-h] ENV_DIR [ENV_DIR ...]\nvenv: error: the following arguments are required: ENV_DIR\n', 'venv needs a directory');
  const root = joinPath(ctx.cwd, dirArg);
  const version = pythonVersion(call, ctx);
  const python = ctx.fileExists(`/usr/local/bin/python${version}`) ? `/usr/local/bin/python${version}` : `/usr/bin/python${version}`;
  const withoutPip = call.args.includes('--without-pip');
  const files: ToolchainFile[] = [
    textFile(`${root}/pyvenv.cfg`, `home = ${python.slice(0, python.lastIndexOf('/'))}\ninclude-system-site-packages = false\nversion = ${call.env.get('PYTHON_VERSION') ?? version}\n`),
    symlink(`${root}/bin/python`, python),
    symlink(`${root}/bin/python3`, 'python'),
    textFile(`${root}/bin/activate`, `VIRTUAL_ENV="${root}"\nexport VIRTUAL_ENV\nPATH="$VIRTUAL_ENV/bin:$PATH"\nexport PATH\n`),
  ];
  if (!withoutPip) {
    files.push(file(`${root}/bin/pip`, 250, { mode: 0o755, isExecutable: true }), file(`${root}/bin/pip3`, 250, { mode: 0o755, isExecutable: true }));
    files.push(file(`${root}/lib/python${version}/site-packages/pip/.stagecraft-package`, VENV_PIP.bytes));
  }
  return makeEffect('python -m venv', call, {
    files,
    figures: withoutPip ? [] : [VENV_PIP],
    note: `virtual environment in ${root}: pip installs land in ${root}/lib/python${version}/site-packages, a directory a final stage can COPY --from; its bin/python points at ${python}, so the final stage needs the same Python`,
  });
}

function runPip(call: ToolCall, ctx: ToolchainContext): ToolchainEffect {
  const [sub = '', ...rest] = call.args;
  if (sub !== 'install') {
    if (sub === 'cache' && rest[0] === 'purge') return makeEffect('pip cache purge', call, { removes: [`${homeOf(call)}/.cache/pip`], note: 'empties ~/.cache/pip' });
    return makeEffect(`pip ${sub}`, call, { note: `pip ${sub} is not modelled; no files change` });
  }
  const { operands, options } = splitArgs(rest, ['-r', '--requirement', '--prefix', '--target', '-t', '--root', '-i', '--index-url', '--extra-index-url', '-c', '--constraint', '-e', '--editable', '--cache-dir']);
  const names: string[] = [];
  for (const [key, value] of options) {
    if ((key === '-r' || key === '--requirement') && typeof value === 'string') {
      const path = joinPath(ctx.cwd, value);
      const req = readRequirements(ctx, path);
      if (req === null) {
        return failure('pip install', call, 1, `ERROR: Could not open requirements file: [Errno 2] No such file or directory: '${value}'\n`, 'the requirements file is not in the image: COPY it before this RUN');
      }
      names.push(...req);
    }
    if ((key === '-e' || key === '--editable') && typeof value === 'string') names.push(basename(joinPath(ctx.cwd, value)));
  }
  names.push(...operands.map((op) => (op === '.' ? basename(ctx.cwd) || 'project' : (/^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(op)?.[1] ?? op).toLowerCase())));
  const version = pythonVersion(call, ctx);
  const usrLocalPython = ctx.fileExists(`/usr/local/bin/python${version}`) || call.env.get('PYTHON_VERSION') !== undefined;
  const venv = findVirtualEnv(call, ctx);
  const prefix = optionValue(options, '--prefix');
  const target = optionValue(options, '--target', '-t');
  let sitePackages: string;
  if (target !== undefined) sitePackages = joinPath(ctx.cwd, target);
  else if (prefix !== undefined) sitePackages = `${joinPath(ctx.cwd, prefix)}/lib/python${version}/site-packages`;
  else if (venv !== null) sitePackages = `${venv}/lib/python${version}/site-packages`;
  else if (hasOption(options, '--user')) sitePackages = `${homeOf(call)}/.local/lib/python${version}/site-packages`;
  else sitePackages = usrLocalPython ? `/usr/local/lib/python${version}/site-packages` : `/usr/local/lib/python${version}/dist-packages`;
  const noCacheEnv = call.env.get('PIP_NO_CACHE_DIR');
  const noCache = hasOption(options, '--no-cache-dir') || (noCacheEnv !== undefined && !['0', 'false', 'no', 'off'].includes(noCacheEnv.toLowerCase()));
  const unique = [...new Set(names)];
  const files = unique.map((name) => file(`${sitePackages}/${name.replace(/-/g, '_')}/.stagecraft-package`, PIP_PACKAGE.bytes));
  const cacheBytes = Math.round((unique.length * PIP_PACKAGE.bytes) / ON_DISK_PER_COMPRESSED);
  if (!noCache) files.push(file(`${optionValue(options, '--cache-dir') ?? `${homeOf(call)}/.cache/pip`}/http/.stagecraft-wheels`, cacheBytes));
  return makeEffect('pip install', call, {
    files,
    figures: [PIP_PACKAGE],
    source: `${PIP_PACKAGE.source}; wheel cache = installed ÷ ${ON_DISK_PER_COMPRESSED} (${ON_DISK_PER_COMPRESSED_SOURCE})`,
    // pip runs on whichever interpreter installed it (python2 in python:2.7): nothing more to check.
    alsoRequires: [],
    note: `${unique.length} packages into ${sitePackages} (placeholder size each)${noCache ? '' : '; the wheel cache in ~/.cache/pip stays in the layer: add --no-cache-dir'}${prefix !== undefined ? `; --prefix ${prefix} keeps them in one directory a final stage can COPY --from` : ''}`,
    stdout: `Successfully installed ${unique.join(' ')}\n`,
  });
}

// ---------------------------------------------------------------------------------------------
// .NET

function findProject(ctx: ToolchainContext, operand: string | undefined): { path: string; name: string; text: string } | null | 'unknown' {
  if (operand !== undefined && /\.(cs|fs|vb)proj$|\.sln$/.test(operand)) {
    const path = joinPath(ctx.cwd, operand);
    const text = ctx.readFile(path);
    return text === null ? null : { path, name: basename(path).replace(/\.[^.]+$/, ''), text };
  }
  const dir = operand !== undefined ? joinPath(ctx.cwd, operand) : ctx.cwd;
  const names = ctx.listDir?.(dir);
  if (names === undefined || names === null) return names === null ? null : 'unknown';
  const project = names.find((n) => /\.(cs|fs|vb)proj$/.test(n)) ?? names.find((n) => n.endsWith('.sln'));
  if (project === undefined) return null;
  const path = joinPath(dir, project);
  return { path, name: project.replace(/\.[^.]+$/, ''), text: ctx.readFile(path) ?? '' };
}

function runDotnet(call: ToolCall, ctx: ToolchainContext): ToolchainEffect {
  const [sub = '', ...rest] = call.args;
  if (!['restore', 'build', 'publish'].includes(sub)) return makeEffect(`dotnet ${sub}`, call, { note: `dotnet ${sub} is not modelled; no files change` });
  const { operands, options } = splitArgs(rest, ['-c', '--configuration', '-o', '--output', '-r', '--runtime', '-f', '--framework', '--source', '-s', '--arch', '-a', '--os', '-v', '--verbosity']);
  const project = findProject(ctx, operands[0]);
  if (project === null) {
    return failure(`dotnet ${sub}`, call, 1, 'MSBUILD : error MSB1003: Specify a project or solution file. The current working directory does not contain a project or solution file.\n', 'no project file where dotnet runs: COPY *.csproj first');
  }
  const name = project === 'unknown' ? basename(ctx.cwd) || 'app' : project.name;
  const text = project === 'unknown' ? '' : project.text;
  const projectDir = project === 'unknown' ? ctx.cwd : project.path.slice(0, project.path.lastIndexOf('/')) || '/';
  const tfm = /<TargetFramework>([^<]+)<\/TargetFramework>/.exec(text)?.[1] ?? 'net8.0';
  const web = /Microsoft\.NET\.Sdk\.Web/.test(text) || project === 'unknown';
  const nuget = placeholder(30_000_000, 'restored NuGet packages in ~/.nuget/packages');
  const files: ToolchainFile[] = [
    file(`${call.env.get('NUGET_PACKAGES') ?? `${homeOf(call)}/.nuget/packages`}/.stagecraft-packages`, nuget.bytes),
    textFile(joinPath(projectDir, 'obj/project.assets.json'), `{"version":3,"project":{"restore":{"projectName":"${name}"}}}\n`),
  ];
  const figures: SizeFigure[] = [nuget];
  const notes: string[] = ['restored packages (placeholder) stay in the SDK stage'];
  if (sub === 'restore') return makeEffect('dotnet restore', call, { files, figures, note: notes.join('; ') });
  const configuration = optionValue(options, '-c', '--configuration') ?? (sub === 'publish' && /^net([89]|\d\d)/.test(tfm) ? 'Release' : 'Debug');
  const runtime = optionValue(options, '-r', '--runtime');
  const props = call.args.filter((a) => /^[-/]p:/i.test(a)).join(' ');
  const aot = /PublishAot=true/i.test(props) || /<PublishAot>true<\/PublishAot>/i.test(text);
  const trimmed = /PublishTrimmed=true/i.test(props) || /<PublishTrimmed>true<\/PublishTrimmed>/i.test(text);
  const selfContained = aot || hasOption(options, '--self-contained', '--sc') || /SelfContained=true/i.test(props) || (optionValue(options, '--self-contained') ?? '') === 'true';
  const out = optionValue(options, '-o', '--output');
  const outDir = out !== undefined ? joinPath(ctx.cwd, out) : joinPath(projectDir, `bin/${configuration}/${tfm}${runtime !== undefined ? `/${runtime}` : ''}${sub === 'publish' ? '/publish' : ''}`);
  files.push(file(joinPath(projectDir, 'obj/.stagecraft-intermediate'), FIGURES.dotnetAspnetappPublish.bytes));
  if (sub === 'build') {
    files.push(file(`${outDir}/${name}.dll`, FIGURES.dotnetAspnetappPublish.bytes));
    return makeEffect('dotnet build', call, { files, figures: [...figures, FIGURES.dotnetAspnetappPublish], note: 'build output sized like the published sample app' });
  }
  if (aot) {
    files.push(file(`${outDir}/${name}`, FIGURES.dotnetAotBinary.bytes, { mode: 0o755, isExecutable: true, linkage: /musl/.test(runtime ?? '') ? 'static' : 'dynamic' }));
    figures.push(FIGURES.dotnetAotBinary);
    notes.push('Native AOT: one executable, runs on runtime-deps (no .NET runtime needed)');
  } else {
    files.push(file(`${outDir}/${name}.dll`, FIGURES.dotnetAspnetappPublish.bytes));
    files.push(textFile(`${outDir}/${name}.runtimeconfig.json`, `{"runtimeOptions":{"tfm":"${tfm}"}}\n`));
    files.push(textFile(`${outDir}/${name}.deps.json`, `{"runtimeTarget":{"name":".NETCoreApp,Version=v${tfm.replace('net', '')}"}}\n`));
    figures.push(FIGURES.dotnetAspnetappPublish);
    if (!/UseAppHost=false/i.test(props)) files.push(file(`${outDir}/${name}`, 72_000, { mode: 0o755, isExecutable: true }));
    if (selfContained) {
      if (trimmed) {
        const trimmedBytes = onDiskBytes(FIGURES.dotnetTrimmedOverAot) + FIGURES.dotnetAotBinary.bytes;
        files.push(file(`${outDir}/.stagecraft-runtime`, trimmedBytes));
        figures.push(FIGURES.dotnetTrimmedOverAot, FIGURES.dotnetAotBinary);
        notes.push('self-contained and trimmed: the trimmed runtime ships in the output; runs on runtime-deps');
      } else {
        const runtimeBytes = FIGURES.dotnetRuntimeOnDisk.bytes + (web ? FIGURES.aspnetcoreRuntimeOnDisk.bytes : 0);
        files.push(file(`${outDir}/.stagecraft-runtime`, runtimeBytes));
        figures.push(FIGURES.dotnetRuntimeOnDisk, ...(web ? [FIGURES.aspnetcoreRuntimeOnDisk] : []));
        notes.push('self-contained: the whole runtime ships in the output; runs on runtime-deps');
      }
    } else {
      notes.push(`framework-dependent: needs ${web ? 'mcr.microsoft.com/dotnet/aspnet' : 'mcr.microsoft.com/dotnet/runtime'} in the final stage`);
    }
  }
  return makeEffect('dotnet publish', call, {
    files,
    figures,
    note: notes.join('; '),
    stdout: `  ${name} -> ${outDir}/\n`,
  });
}

// ---------------------------------------------------------------------------------------------
// jlink, native-image, curl, wget

function runJlink(call: ToolCall, ctx: ToolchainContext): ToolchainEffect {
  const { options } = splitArgs(call.args, ['--add-modules', '--output', '--module-path', '-p', '--compress', '-c', '--launcher', '--limit-modules', '--vm']);
  const output = optionValue(options, '--output');
  if (output === undefined) return failure('jlink', call, 2, 'Error: --output must be specified\n', 'jlink needs --output');
  const dir = joinPath(ctx.cwd, output);
  if (ctx.fileExists(dir)) return failure('jlink', call, 1, `Error: directory already exists: ${dir}\n`, 'jlink refuses to write into an existing directory');
  const modules = (optionValue(options, '--add-modules') ?? 'java.base').split(',').filter(Boolean);
  const stripped = hasOption(options, '--strip-debug', '--strip-java-debug-attributes');
  const figure = FIGURES.jlinkRuntime;
  return makeEffect('jlink', call, {
    files: [
      file(`${dir}/lib/modules`, figure.bytes - 2 * 100_000),
      file(`${dir}/bin/java`, 100_000, { mode: 0o755, isExecutable: true }),
      file(`${dir}/bin/keytool`, 100_000, { mode: 0o755, isExecutable: true }),
      textFile(`${dir}/release`, `MODULES="${modules.join(' ')}"\n`),
    ],
    figures: [figure],
    note: `custom runtime with ${modules.length} module(s): sized like the cited 8-module runtime (java.base alone is smaller)${stripped ? '' : '; without --strip-debug it would be larger (no sourced figure)'}`,
  });
}

const NATIVE_IMAGE = placeholder(60_000_000, 'a GraalVM native executable of a Spring Boot web app (hello-world Java apps are far smaller)');

function runNativeImage(call: ToolCall, ctx: ToolchainContext): ToolchainEffect {
  const { operands, options } = splitArgs(call.args, ['-jar', '-o', '-cp', '--class-path', '-H:Name', '-march']);
  const jar = optionValue(options, '-jar');
  const explicit = optionValue(options, '-o', '-H:Name');
  const name = explicit ?? (jar !== undefined ? basename(jar).replace(/\.jar$/, '') : (operands[operands.length - 1] ?? 'main').toLowerCase());
  if (jar !== undefined && !ctx.fileExists(joinPath(ctx.cwd, jar))) {
    return failure('native-image', call, 1, `Error: Cannot find ${jar}\n`, 'the jar to compile is not there');
  }
  return makeEffect('native-image', call, {
    files: [file(joinPath(ctx.cwd, name), NATIVE_IMAGE.bytes, { mode: 0o755, isExecutable: true, linkage: hasOption(options, '--static') ? 'static' : 'dynamic' })],
    figures: [NATIVE_IMAGE],
    note: 'GraalVM native executable: no sourced size; flagged placeholder. Needs glibc at run time unless built with --static (then scratch works)',
  });
}

const DOWNLOAD = placeholder(1_000_000, 'a downloaded file of unknown size');

/** Splits bundled short flags (`-fsSLo out`, `-qO-`) into separate words; `valued` letters take a value. */
function expandShortFlags(args: readonly string[], valued: string): string[] {
  const out: string[] = [];
  for (const arg of args) {
    if (!/^-[A-Za-z][A-Za-z0-9-]+$/.test(arg) || arg.startsWith('--')) {
      out.push(arg);
      continue;
    }
    for (let i = 1; i < arg.length; i += 1) {
      const letter = arg.charAt(i);
      if (valued.includes(letter) && i + 1 < arg.length) {
        out.push(`-${letter}`, arg.slice(i + 1));
        break;
      }
      out.push(`-${letter}`);
    }
  }
  return out;
}

function runDownload(call: ToolCall, ctx: ToolchainContext): ToolchainEffect {
  const curl = call.command === 'curl';
  const args = expandShortFlags(call.args, curl ? 'oHuXdAwm' : 'OPUtT');
  const { operands, options } = splitArgs(args, curl ? ['-o', '--output', '-H', '--header', '-u', '--user', '-X', '--request', '-d', '--data', '-A', '--retry', '-w', '--connect-timeout', '-m', '--max-time'] : ['-O', '--output-document', '-P', '--directory-prefix', '--header', '-U', '-t', '-T']);
  const url = operands.find((op) => /^[a-z]+:\/\//i.test(op)) ?? operands[0] ?? '';
  const urlName = basename(url.replace(/[?#].*$/, '')) || 'index.html';
  let target: string | null;
  if (curl) {
    const out = optionValue(options, '-o', '--output');
    target = out !== undefined ? (out === '-' ? null : joinPath(ctx.cwd, out)) : hasOption(options, '-O', '--remote-name') ? joinPath(ctx.cwd, urlName) : null;
  } else {
    const out = optionValue(options, '-O', '--output-document');
    const prefix = optionValue(options, '-P', '--directory-prefix');
    target = out !== undefined ? (out === '-' ? null : joinPath(ctx.cwd, out)) : joinPath(ctx.cwd, prefix !== undefined ? `${prefix}/${urlName}` : urlName);
  }
  return makeEffect(curl ? 'curl' : 'wget', call, {
    files: target !== null ? [file(target, DOWNLOAD.bytes)] : [],
    figures: target !== null ? [DOWNLOAD] : [],
    note: target !== null ? `${url} → ${target}: the simulator cannot know its size (1 MB placeholder)` : 'output goes to stdout (piped or discarded): no file',
  });
}

// ---------------------------------------------------------------------------------------------
// the table

const NPM_INSTALL = ['install', 'i', 'ci', 'add', 'isntall'];

/** The command patterns the knowledge base answers for, in the order they are tried. */
export const TOOLCHAIN_RULES: readonly ToolchainRule[] = [
  { id: 'apt-get', commands: ['apt-get', 'apt'], source: `${FIGURES.aptListsInLayer.source}; package figures: size-facts.md §2`, matches: () => true, run: runAptGet },
  { id: 'apk', commands: ['apk'], source: 'size-facts.md §2–3; index size is a placeholder', matches: () => true, run: runApk },
  { id: 'mvn', commands: ['mvn', 'mvnw'], source: `${FIGURES.springBootFatJar.source}; ${FIGURES.maven39Distribution.source}`, matches: () => true, run: runMaven },
  { id: 'gradle', commands: ['gradle', 'gradlew'], source: `${FIGURES.springBootFatJar.source}; ${FIGURES.gradleOnDisk.source}`, matches: () => true, run: runGradle },
  { id: 'npm install', commands: ['npm'], source: NODE_DEPENDENCY.source, matches: (args) => NPM_INSTALL.includes(args[0] ?? ''), run: (call, ctx) => runNodeInstall(call, ctx, 'npm') },
  { id: 'npm run', commands: ['npm'], source: NODE_BUILD_OUTPUT.source, matches: (args) => ['run', 'run-script'].includes(args[0] ?? ''), run: (call, ctx) => runNodeScript(call, ctx, 'npm') },
  { id: 'npm cache clean', commands: ['npm'], source: 'no size involved', matches: (args) => args[0] === 'cache', run: (call) => makeEffect('npm cache', call, { removes: [`${homeOf(call)}/.npm/_cacache`], note: 'empties the npm cache', alsoRequires: ['node'] }) },
  { id: 'npm prune', commands: ['npm'], source: 'no size involved', matches: (args) => args[0] === 'prune', run: (call, ctx) => {
    const pkg = readPackageJson(ctx.readFile(joinPath(ctx.cwd, 'package.json')) ?? '');
    return makeEffect('npm prune', call, { removes: (pkg?.devDependencies ?? []).map((dep) => joinPath(ctx.cwd, `node_modules/${dep}`)), note: 'removes dev dependencies; only helps when done in the same RUN as the install', alsoRequires: ['node'] });
  } },
  { id: 'yarn install', commands: ['yarn', 'yarnpkg'], source: NODE_DEPENDENCY.source, matches: (args) => args.length === 0 || args[0] === 'install' || args[0] === 'add' || args[0] === 'global' || (args[0] ?? '').startsWith('--'), run: (call, ctx) => runNodeInstall({ ...call, args: call.args.length === 0 || (call.args[0] ?? '').startsWith('--') ? ['install', ...call.args] : call.args }, ctx, 'yarn') },
  { id: 'yarn run', commands: ['yarn', 'yarnpkg'], source: NODE_BUILD_OUTPUT.source, matches: (args) => args[0] !== 'cache', run: (call, ctx) => runNodeScript(call, ctx, 'yarn') },
  { id: 'yarn cache clean', commands: ['yarn', 'yarnpkg'], source: 'no size involved', matches: (args) => args[0] === 'cache', run: (call) => makeEffect('yarn cache', call, { removes: ['/usr/local/share/.cache/yarn', `${homeOf(call)}/.cache/yarn`], note: 'empties the yarn cache', alsoRequires: ['node'] }) },
  { id: 'pnpm install', commands: ['pnpm'], source: NODE_DEPENDENCY.source, matches: (args) => ['install', 'i', 'add'].includes(args[0] ?? ''), run: (call, ctx) => runNodeInstall(call, ctx, 'pnpm') },
  { id: 'pnpm run', commands: ['pnpm'], source: NODE_BUILD_OUTPUT.source, matches: () => true, run: (call, ctx) => runNodeScript(call, ctx, 'pnpm') },
  { id: 'go', commands: ['go'], source: `${FIGURES.goHelloWorld.source}; ${FIGURES.goHelloWorldStripped.source}`, matches: () => true, run: runGo },
  { id: 'cargo', commands: ['cargo'], source: RUST_BINARY.source, matches: () => true, run: runCargo },
  { id: 'pip install', commands: ['pip', 'pip3'], source: PIP_PACKAGE.source, matches: () => true, run: runPip },
  { id: 'python -m venv', commands: ['python'], source: VENV_PIP.source, matches: (args) => args[0] === '-m' && args[1] === 'venv', run: runPythonModule },
  { id: 'corepack enable', commands: ['corepack'], source: 'no size involved (symlinks only)', matches: (args) => args[0] === 'enable', run: (call) => makeEffect('corepack enable', call, {
    files: ['pnpm', 'pnpx', 'yarn', 'yarnpkg'].map((name) => symlink(`/usr/local/bin/${name}`, `../lib/node_modules/corepack/dist/${name}.js`)),
    alsoRequires: ['node'],
    note: 'corepack shims for pnpm and yarn; the package manager itself is downloaded on first use',
  }) },
  { id: 'dotnet', commands: ['dotnet'], source: `${FIGURES.dotnetAspnetappPublish.source}; ${FIGURES.dotnetAotBinary.source}`, matches: () => true, run: runDotnet },
  { id: 'jlink', commands: ['jlink'], source: FIGURES.jlinkRuntime.source, matches: () => true, run: runJlink },
  { id: 'native-image', commands: ['native-image'], source: NATIVE_IMAGE.source, matches: () => true, run: runNativeImage },
  { id: 'curl', commands: ['curl', 'wget'], source: DOWNLOAD.source, matches: () => true, run: runDownload },
];

function toCall(argv: readonly string[], ctx: ToolchainContext): ToolCall | null {
  const env = new Map<string, string>(ctx.env instanceof Map ? ctx.env : Object.entries(ctx.env as Readonly<Record<string, string>>));
  let index = 0;
  // `CGO_ENABLED=0 go build`: assignments before the command word apply to it.
  while (index < argv.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[index] ?? '')) {
    const word = argv[index] ?? '';
    const eq = word.indexOf('=');
    env.set(word.slice(0, eq), word.slice(eq + 1));
    index += 1;
  }
  const words = argv.slice(index);
  const first = words[0];
  if (first === undefined) return null;
  let command = basename(first);
  let args = words.slice(1);
  // `python3 -m pip install …` is pip.
  if (/^python[\d.]*$/.test(command) && args[0] === '-m' && /^pip3?$/.test(args[1] ?? '')) {
    command = 'pip';
    args = args.slice(2);
  } else if (/^python[\d.]*$/.test(command)) {
    command = 'python';
  }
  return { argv: words, command, args, env };
}

/** Finds the rule that answers for a command, if any. */
export function findToolchainRule(argv: readonly string[]): ToolchainRule | undefined {
  const call = toCall(argv, { cwd: '/', env: {}, readFile: () => null, fileExists: () => false });
  if (call === null) return undefined;
  return TOOLCHAIN_RULES.find((rule) => rule.commands.includes(call.command) && rule.matches(call.args));
}

/**
 * Estimates what a build-tool command leaves on disk (files, removals, exit status, output), or
 * returns null when no rule knows the command; every answer is an estimate with its source.
 */
export function estimateToolchainCommand(argv: readonly string[], ctx: ToolchainContext): ToolchainEffect | null {
  const call = toCall(argv, ctx);
  if (call === null) return null;
  const rule = TOOLCHAIN_RULES.find((candidate) => candidate.commands.includes(call.command) && candidate.matches(call.args));
  return rule ? rule.run(call, ctx) : null;
}

/** Sums the bytes an effect writes (files and symlink targets). */
export function sumEffectBytes(effect: ToolchainEffect): Bytes {
  return bytes(effect.files.reduce((total, entry) => total + entry.size, 0));
}
