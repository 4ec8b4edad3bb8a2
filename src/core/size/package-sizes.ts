// What `apt-get install` and `apk add` put on disk, per package: the executables that make the
// tool usable (so a later RUN finds it) and one synthetic file holding the rest of the package's
// bytes. Sizes come from size-figures.ts; where one cited layer holds several packages, the split
// between them is an assumption and says so.

import { FIGURES, onDiskBytes, placeholder, type SizeFigure } from './size-figures.ts';

/** Directory of the synthetic per-package payload files (never a real path in any distribution). */
export const SYNTHETIC_PACKAGE_DIR = '/usr/lib/.stagecraft-packages';

export type PackageFamily = 'apt' | 'apk';

export interface PackageFileSpec {
  readonly path: string;
  /** Symlink target, when the entry is a symlink. */
  readonly target?: string;
}

/** One package's estimated footprint. */
export interface PackageEstimate {
  readonly name: string;
  /** Executables (or symlinks to them) the package provides, e.g. /usr/bin/git. */
  readonly provides: readonly PackageFileSpec[];
  /** Estimated on-disk bytes of the whole package (dependencies included), before any share. */
  readonly onDiskBytes: number;
  /** Estimated size of the downloaded archive (.deb/.apk). */
  readonly archiveBytes: number;
  readonly source: string;
  readonly note: string;
  /** Packages of one cited layer are counted once per command (`gcc g++ make` ≈ one figure). */
  readonly group?: string;
}

const EXECUTABLE_BYTES = 100_000; // placeholder per executable; comes out of the package total

function javaPackage(name: string, family: PackageFamily): PackageEstimate | null {
  const debian = /^(?:openjdk-(\d+)|default)-(jdk|jre)(?:-headless)?$/.exec(name);
  const alpine = /^openjdk(\d+)(?:-(jdk|jre|jre-headless))?$/.exec(name);
  const match = family === 'apt' ? debian : alpine;
  if (!match) return null;
  const version = match[1] ?? '17';
  const kind = (match[2] ?? 'jdk').startsWith('jre') ? 'jre' : 'jdk';
  const home = family === 'apt' ? `/usr/lib/jvm/java-${version}-openjdk-amd64` : `/usr/lib/jvm/java-${version}-openjdk`;
  const figure: SizeFigure =
    kind === 'jdk'
      ? family === 'apt'
        ? FIGURES.debianOpenjdk11JdkHeadless
        : FIGURES.temurinJdk17Layer
      : family === 'apk'
        ? FIGURES.temurinJre21AlpineLayer
        : FIGURES.temurinJre17Layer;
  const provides: PackageFileSpec[] = [{ path: `${home}/bin/java` }, { path: '/usr/bin/java', target: `${home}/bin/java` }];
  if (kind === 'jdk') {
    provides.push({ path: `${home}/bin/javac` }, { path: `${home}/bin/jar` }, { path: `${home}/bin/jlink` }, { path: '/usr/bin/javac', target: `${home}/bin/javac` });
  }
  return estimate(name, provides, figure, 1, kind === 'jre' && family === 'apt' ? 'the Temurin JRE tarball layer stands in for Debian\'s JRE package' : 'JDK/JRE layer of an official image as a stand-in');
}

function estimate(name: string, provides: readonly PackageFileSpec[], figure: SizeFigure, share: number, note: string, group?: string): PackageEstimate {
  const onDisk = Math.round(onDiskBytes(figure) * share);
  const archive = Math.round((figure.kind === 'compressed' ? figure.bytes : figure.bytes / 2.47) * share);
  return {
    name,
    provides,
    onDiskBytes: onDisk,
    archiveBytes: archive,
    source: figure.source,
    note: share === 1 ? note : `${note}; assumed share ${Math.round(share * 100)}% of the cited layer`,
    ...(group !== undefined ? { group } : {}),
  };
}

const bin = (...names: string[]): PackageFileSpec[] => names.map((name) => ({ path: `/usr/bin/${name}` }));

/**
 * Estimates one package's footprint by name (`curl`, `openjdk-17-jdk-headless`, `build-base`);
 * unknown names get the per-package default derived from the buildpack-deps layer.
 */
export function estimatePackage(rawName: string, family: PackageFamily): PackageEstimate {
  // `curl=7.88.1-10`, `curl:amd64`, `curl>8`, `curl@edge`: the package name is the first part.
  const name = rawName.split(/[=:<>~@]/)[0] ?? rawName;
  const java = javaPackage(name, family);
  if (java) return java;
  const cToolchain = 'gcc set (≈ build-essential): counted once however many of its packages are named';
  switch (name) {
    case 'build-essential':
    case 'build-base':
      return estimate(name, [...bin('gcc', 'g++', 'cc', 'make', 'cpp')], FIGURES.gccSet, 1, cToolchain, 'c-toolchain');
    case 'gcc':
    case 'g++':
    case 'cpp':
    case 'libc6-dev':
    case 'musl-dev':
    case 'pkg-config':
    case 'pkgconf':
      return estimate(name, name === 'libc6-dev' || name === 'musl-dev' ? [] : bin(name === 'gcc' ? 'gcc' : name === 'g++' ? 'g++' : name), FIGURES.gccSet, 1, cToolchain, 'c-toolchain');
    case 'make':
      return estimate(name, bin('make'), placeholder(1_000_000, 'GNU make'), 1, 'make alone is small; no sourced figure');
    case 'git':
      return estimate(name, bin('git'), FIGURES.curlGitSet, 0.7, 'git is most of the git/curl/ssh layer');
    case 'openssh-client':
      return estimate(name, bin('ssh', 'scp'), FIGURES.curlGitSet, 0.15, 'part of the git/curl/ssh layer');
    case 'curl':
      return estimate(name, bin('curl'), FIGURES.curlGitSet, 0.1, 'curl with libcurl, part of the git/curl/ssh layer');
    case 'wget':
      return estimate(name, bin('wget'), FIGURES.curlGitSet, 0.1, 'sized like curl');
    case 'ca-certificates':
      return estimate(name, [{ path: '/etc/ssl/certs/ca-certificates.crt' }], FIGURES.curlGitSet, 0.05, 'part of the git/curl/ssh layer');
    case 'python3':
    case 'python3-minimal':
      return estimate(name, family === 'apt' ? bin('python3') : [...bin('python3'), { path: '/usr/bin/python', target: 'python3' }], FIGURES.cpythonSlim, 1, 'CPython layer of python:3.12-slim as a stand-in');
    case 'python3-pip':
    case 'py3-pip':
      return estimate(name, bin('pip3', 'pip'), FIGURES.aptDefaultPackage, 1, 'per-package default');
    case 'nodejs':
      return estimate(name, bin('node'), family === 'apk' ? FIGURES.nodeAlpine : FIGURES.nodeSlim, 1, 'Node.js layer of the official image as a stand-in');
    case 'npm':
      return estimate(name, [{ path: '/usr/lib/node_modules/npm/bin/npm-cli.js' }, { path: '/usr/bin/npm', target: '../lib/node_modules/npm/bin/npm-cli.js' }], placeholder(10_000_000, 'the npm package'), 1, 'no sourced figure');
    case 'yarn':
      return estimate(name, bin('yarn'), family === 'apk' ? FIGURES.yarnAlpine : FIGURES.yarnSlim, 1, 'Yarn layer of the official image');
    case 'maven':
      return estimate(name, [{ path: '/usr/share/maven/bin/mvn' }, { path: '/usr/bin/mvn', target: '/usr/share/maven/bin/mvn' }], FIGURES.maven39Distribution, 1, 'the Maven distribution only; the distribution package also pulls a JRE when none is installed');
    case 'gradle':
      return estimate(name, [{ path: '/usr/share/gradle/bin/gradle' }, { path: '/usr/bin/gradle', target: '/usr/share/gradle/bin/gradle' }], FIGURES.gradleOnDisk, 1, 'derived Gradle distribution size');
    case 'golang':
    case 'golang-go':
    case 'go':
      return estimate(name, [{ path: '/usr/lib/go/bin/go' }, { path: '/usr/bin/go', target: '/usr/lib/go/bin/go' }], family === 'apk' ? FIGURES.goToolchainAlpine : FIGURES.goToolchainDebian, 1, 'Go toolchain layer of the official image');
    case 'nginx':
      return estimate(name, [{ path: '/usr/sbin/nginx' }], family === 'apk' ? FIGURES.nginxAlpineModules : FIGURES.aptDefaultPackage, family === 'apk' ? 0.3 : 1, family === 'apk' ? 'part of the nginx:alpine modules layer' : 'per-package default');
    case 'bash':
      return estimate(name, [{ path: '/bin/bash' }], placeholder(1_500_000, 'bash'), 1, 'no sourced figure');
    case 'tini':
    case 'dumb-init':
      return estimate(name, bin(name), placeholder(50_000, name), 1, 'no sourced figure');
    default: {
      // Libraries, headers and data packages provide no command of their own name.
      const library = /^lib|-dev$|-common$|-data$|-doc$|^fonts-|^python3-|^py3-|^perl-/.test(name);
      return estimate(name, library ? [] : bin(name), FIGURES.aptDefaultPackage, 1, `no figure for ${name}: the per-package default`);
    }
  }
}

/** Bytes of one executable placeholder inside a package estimate. */
export const PACKAGE_EXECUTABLE_BYTES = EXECUTABLE_BYTES;
