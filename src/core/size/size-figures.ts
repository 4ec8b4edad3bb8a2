// Every number the size estimates rest on, each with its source, in one place.
//
// `compressed` figures are registry layer sizes (gzip); `on-disk` figures are what `docker images`
// counts. Compressed figures are turned into on-disk estimates with ON_DISK_PER_COMPRESSED unless
// the image at hand has its own ratio. Figures whose kind is `placeholder` have no source at all:
// they exist so a simulated step produces a plausible file, and the UI must present them as guesses.

export type FigureKind = 'compressed' | 'on-disk' | 'placeholder';

/** A sourced (or explicitly unsourced) byte count. */
export interface SizeFigure {
  readonly bytes: number;
  readonly kind: FigureKind;
  /** Where the number comes from; for `placeholder` it says that none was found. */
  readonly source: string;
  /** Content that gzip cannot shrink (jars, zips): a compressed figure is used as on-disk as is. */
  readonly incompressible?: true;
}

const SIZE_FACTS = 'shared/reference/size-facts.md';

/**
 * Median on-disk ÷ compressed over the 73 same-build pairs of base-images.json (size-facts.md §5:
 * median 2.47; Debian 2.0–2.9; Alpine 1.3–3.3; busybox 1.6–1.8).
 */
export const ON_DISK_PER_COMPRESSED = 2.47;
export const ON_DISK_PER_COMPRESSED_SOURCE = `${SIZE_FACTS} §5: on-disk ÷ compressed, median 2.47 over 73 same-build pairs`;

function fig(bytes: number, kind: FigureKind, source: string): SizeFigure {
  return { bytes, kind, source };
}

/** Turns a figure into on-disk bytes, scaling compressed figures by `ratio`. */
export function onDiskBytes(figure: SizeFigure, ratio: number = ON_DISK_PER_COMPRESSED): number {
  return figure.kind === 'compressed' && !figure.incompressible ? Math.round(figure.bytes * ratio) : figure.bytes;
}

function jars(figure: SizeFigure): SizeFigure {
  return { ...figure, incompressible: true };
}

/** Unsourced stand-ins; each call site says what it stands for. */
export function placeholder(bytes: number, what: string): SizeFigure {
  return fig(bytes, 'placeholder', `no sourced figure (placeholder for ${what})`);
}

export const FIGURES = {
  // --- toolchains inside base images (size-facts.md §2, compressed layers from repo-info) ---
  temurinJdk17Layer: fig(192_446_998, 'compressed', `${SIZE_FACTS} §2: Temurin JDK 17.0.6 layer, eclipse-temurin:17-jdk @ 72e4be79`),
  temurinJre17Layer: fig(46_935_502, 'compressed', `${SIZE_FACTS} §2: Temurin JRE 17.0.6 layer, eclipse-temurin:17-jre @ 72e4be79`),
  temurinJre21Layer: fig(53_097_833, 'compressed', `${SIZE_FACTS} §2: Temurin JRE 21 layer, eclipse-temurin:21-jre (Ubuntu 26.04)`),
  temurinJre21AlpineLayer: fig(53_256_665, 'compressed', `${SIZE_FACTS} §2: Temurin JRE 21 layer, eclipse-temurin:21-jre-alpine`),
  debianOpenjdk11JdkHeadless: fig(271_568_870, 'compressed', `${SIZE_FACTS} §2: openjdk-11-jdk-headless package layer, maven:3.6.0-jdk-11-slim layer 6`),
  maven39Distribution: jars(fig(9_359_751, 'compressed', `${SIZE_FACTS} §2: Apache Maven 3.9 distribution, maven:3.9-eclipse-temurin-17 layer 7 (jars: taken as on-disk)`)),
  goToolchainDebian: fig(79_001_391, 'compressed', `${SIZE_FACTS} §2: Go 1.24.6 toolchain, golang:1.24 layer 5`),
  goToolchainAlpine: fig(79_129_327, 'compressed', `${SIZE_FACTS} §2: Go 1.24.12 toolchain, golang:1.24-alpine layer 3`),
  nodeSlim: fig(40_755_099, 'compressed', `${SIZE_FACTS} §2: Node.js 20.18.1 tarball layer, node:20-slim`),
  nodeFull: fig(48_225_086, 'compressed', `${SIZE_FACTS} §2: Node.js 20.18.1 tarball layer, node:20`),
  nodeAlpine: fig(42_204_204, 'compressed', `${SIZE_FACTS} §2: Node.js 20.12.2 musl build layer, node:20-alpine`),
  yarnSlim: fig(1_712_466, 'compressed', `${SIZE_FACTS} §2: Yarn 1.22 layer, node:20-slim`),
  yarnAlpine: fig(2_342_213, 'compressed', `${SIZE_FACTS} §2: Yarn 1.22 layer, node:20-alpine`),
  cpythonSlim: fig(12_113_733, 'compressed', `${SIZE_FACTS} §2: CPython 3.12.13 built from source, python:3.12-slim layer 3`),
  rustMinimal: fig(289_267_626, 'compressed', `${SIZE_FACTS} §2: Rust 1.98.1 via rustup --profile minimal plus gcc/libc6-dev, rust:1-slim layer 2`),
  gccSet: fig(102_055_329, 'compressed', `${SIZE_FACTS} §2: apt-get install g++ gcc libc6-dev make pkg-config (≈ build-essential), golang:1.24 layer 4`),
  scmSet: fig(67_777_316, 'compressed', `${SIZE_FACTS} §2: git mercurial openssh-client subversion procps, golang:1.24 layer 3`),
  curlGitSet: fig(22_551_324, 'compressed', `${SIZE_FACTS} §2: ca-certificates curl git openssh-client, maven:3.9-eclipse-temurin-17 layer 6`),
  buildpackDevSet: fig(236_319_920, 'compressed', `${SIZE_FACTS} §2: buildpack-deps full dev set (~45 packages), python:3.12 layer 4`),
  tomcat101: jars(fig(13_151_405, 'compressed', `${SIZE_FACTS} §2: Tomcat 10.1.5 on eclipse-temurin:17-jdk, tomcat:10.1-jdk17 layer 6 (mostly jars: taken as on-disk)`)),
  nginxAlpineModules: fig(20_525_064, 'compressed', `${SIZE_FACTS} §2: nginx extra dynamic modules + curl, nginx:alpine layer 8`),

  // --- derived on-disk differences between catalog images (base-images.json) ---
  gradleOnDisk: fig(81_910_000, 'on-disk', 'derived from base-images.json: gradle:4.5-jdk8 819.15 MB − openjdk:8-jdk 737.24 MB on disk (Gradle 4.5 distribution plus its user home)'),
  dotnetRuntimeOnDisk: fig(71_139_080, 'on-disk', 'derived from base-images.json (dotnet-docker ImageSize baseline): runtime:8.0 193,378,063 B − runtime-deps:8.0 122,238,983 B'),
  aspnetcoreRuntimeOnDisk: fig(21_552_414, 'on-disk', 'derived from base-images.json (dotnet-docker ImageSize baseline): aspnet:8.0 214,930,477 B − runtime:8.0 193,378,063 B'),
  dotnetSdkOnDisk: fig(608_613_184, 'on-disk', 'derived from base-images.json (dotnet-docker ImageSize baseline): sdk:8.0 823,543,661 B − aspnet:8.0 214,930,477 B (SDK plus git, curl, PowerShell)'),

  // --- apt hygiene (size-facts.md §3, btidor/syntax README, apt-get install clang nginx sl on Ubuntu) ---
  aptListsInLayer: fig(44_000_000, 'on-disk', `${SIZE_FACTS} §3 (btidor/syntax README): leaving /var/lib/apt/lists/* in place bloats the layer by 44 MB (Ubuntu)`),
  aptIndexDownload: fig(27_000_000, 'compressed', `${SIZE_FACTS} §3 (btidor/syntax README): the package index download is 27 MB`),

  // --- application artifacts (size-facts.md §1) ---
  springBootFatJar: fig(17_600_000, 'on-disk', `${SIZE_FACTS} §1: Spring Boot 3.0 "first application" fat jar with spring-boot-starter-web is 17.6 MB (spring-boot#34514)`),
  springBootThinJar: fig(12_000, 'on-disk', `${SIZE_FACTS} §1: Spring Boot thin-launcher jar "around 12K" (demo2s.com)`),
  goHelloWorld: fig(2_029_206, 'on-disk', `${SIZE_FACTS} §1: Go hello world with fmt, default go build, 2,029,206 B (Go 1.9, linux/amd64; SO 28576173)`),
  goHelloWorldStripped: fig(1_323_616, 'on-disk', `${SIZE_FACTS} §1: the same program with -ldflags "-s -w", 1,323,616 B (SO 28576173)`),
  dotnetAspnetappChiseledImage: fig(122_000_000, 'on-disk', `${SIZE_FACTS} §1: aspnetapp sample on the chiseled image, 122MB on disk (dotnet-docker#4756)`),
  dotnetAspnetChiseledBase: fig(107_739_112, 'on-disk', 'base-images.json: mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled on disk (dotnet-docker ImageSize baseline)'),
  dotnetAotChiseledImage: fig(11_600_000, 'compressed', `${SIZE_FACTS} §1: releasesapi Native AOT on runtime-deps:10.0-noble-chiseled, 11.60 MB compressed (dotnet-docker sample-image-size-report @ 046c2a89)`),
  dotnetRuntimeDepsChiseledBase: fig(12_935_991, 'on-disk', 'base-images.json: mcr.microsoft.com/dotnet/runtime-deps:8.0-jammy-chiseled on disk (dotnet-docker ImageSize baseline)'),

  dotnetAspnetappPublish: fig(14_260_888, 'on-disk', `derived: aspnetapp on the chiseled image 122MB (${SIZE_FACTS} §1, dotnet-docker#4756) − aspnet:8.0-jammy-chiseled 107,739,112 B (base-images.json); different dates, rough`),
  dotnetAotBinary: fig(15_716_009, 'on-disk', `derived: releasesapi Native AOT image 11.60 MB compressed × 2.47 (${SIZE_FACTS} §1, §5) − runtime-deps:8.0-jammy-chiseled 12,935,991 B on disk (base-images.json); rough`),
  dotnetTrimmedOverAot: fig(10_260_000, 'compressed', `derived: self-contained + trimmed 61.53 MB − Native AOT 51.27 MB, both on runtime-deps:10.0, compressed (${SIZE_FACTS} §1)`),
  jlinkRuntime: fig(45_000_000, 'on-disk', 'workcraft.org devel/dependency/jre: jlink --strip-debug --no-man-pages --no-header-files --compress=2 with 8 modules (java.base … java.desktop), .so files stripped: "from 450M to 45M"'),
  aptDefaultPackage: fig(5_251_554, 'compressed', `derived: buildpack-deps dev set 236,319,920 B compressed ÷ ~45 packages (${SIZE_FACTS} §2, python:3.12 layer 4), dependencies included`),

  // --- catalog base images used as estimates for unknown references (base-images.json) ---
  alpine37OnDisk: fig(4_150_000, 'on-disk', 'base-images.json: alpine:3.7 on disk (repo-info local scan)'),
  debianStretchOnDisk: fig(100_100_000, 'on-disk', 'base-images.json: debian:stretch on disk (repo-info local scan)'),
  debianStretchSlimOnDisk: fig(55_260_000, 'on-disk', 'base-images.json: debian:stretch-slim on disk (repo-info local scan)'),
  ubuntu1710OnDisk: fig(96_840_000, 'on-disk', 'base-images.json: ubuntu:17.10 on disk (repo-info local scan)'),
  busybox128OnDisk: fig(1_150_000, 'on-disk', 'base-images.json: busybox:1.28 on disk (repo-info local scan)'),
  distrolessStaticOnDisk: fig(2_097_152, 'on-disk', 'base-images.json: gcr.io/distroless/static-debian12, "around 2 MiB" (distroless README)'),
  distrolessBaseOnDisk: fig(40_000_000, 'on-disk', 'base-images.json: gcr.io/distroless/base-debian10, "~40MB" (scala-cli#501)'),
  distrolessJavaOnDisk: fig(200_000_000, 'on-disk', 'base-images.json: gcr.io/distroless/java-debian10:11, 200MB on disk (distroless#769)'),
} as const satisfies Record<string, SizeFigure>;
