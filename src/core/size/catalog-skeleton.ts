// A plausible filesystem for each catalog image, so the simulator can tell whether a tool is in a
// stage (RUN mvn in an image without Maven fails; a JDK in the final stage is flagged) and so
// COPY --from=<image> of a tool's directory copies a believable amount of bytes.
//
// What is sourced and what is not:
// - the image total is the catalog figure (see base-image-catalog.ts); the entries always sum to it;
// - a tool's install directory (JDK, Go, Node, Maven, …) gets a size from size-figures.ts: a cited
//   compressed layer × the image's on-disk ratio, or a derived on-disk difference;
// - the paths follow the official images' Dockerfiles (docker-library/*, dotnet-docker,
//   distroless); they are a reconstruction, not a scan of the image;
// - small OS files (shells, coreutils, config) have placeholder sizes: no source gives them;
// - everything else is one synthetic file, SYNTHETIC_REMAINDER_PATH (busybox images: /bin/busybox).

import type { CatalogImage } from './base-image-catalog.ts';
import type { CatalogOs, CatalogRecord } from './base-image-catalog-types.ts';
import { bytes } from './bytes.ts';
import {
  DEFAULT_PATH,
  SkeletonBuilder,
  SYNTHETIC_COMPONENT_NAME,
  SYNTHETIC_REMAINDER_PATH,
  sumEntrySizes,
  type ImageSkeleton,
  type SizeEstimate,
} from './image-skeleton.ts';
import { FIGURES, onDiskBytes, placeholder, type SizeFigure } from './size-figures.ts';

// Unsourced sizes for files no source measures; they only need to be plausible and small.
const EXECUTABLE_PLACEHOLDER = placeholder(100_000, 'an OS or tool executable');
const SMALL_FILE_PLACEHOLDER = placeholder(4_000, 'a small config or script file');
const LIBRARY_PLACEHOLDER = placeholder(1_000_000, 'a shared library or data bundle');

/** The bare OS underneath, kept out of the tool budget so tools never eat the whole image. */
function osFloor(record: CatalogRecord): number {
  const os: CatalogOs = record.os;
  switch (os) {
    case 'alpine':
      return FIGURES.alpine37OnDisk.bytes;
    case 'busybox':
      return FIGURES.busybox128OnDisk.bytes;
    case 'debian':
      return /slim/.test(record.tag) || /slim/.test(record.osVersion ?? '') ? FIGURES.debianStretchSlimOnDisk.bytes : FIGURES.debianStretchOnDisk.bytes;
    case 'ubuntu':
      return FIGURES.ubuntu1710OnDisk.bytes;
    case 'distroless':
      return FIGURES.distrolessStaticOnDisk.bytes;
    case 'ubuntu-chiseled':
      return FIGURES.dotnetRuntimeDepsChiseledBase.bytes;
    case 'scratch':
      return 0;
  }
}

interface User {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
  readonly shell: string;
}

function usersFor(record: CatalogRecord): User[] {
  const os = record.os;
  const noLogin = os === 'alpine' || os === 'busybox' ? '/sbin/nologin' : '/usr/sbin/nologin';
  const users: User[] = [{ name: 'root', uid: 0, gid: 0, home: '/root', shell: record.hasShell ? (os === 'alpine' ? '/bin/ash' : os === 'busybox' ? '/bin/sh' : '/bin/bash') : '/sbin/nologin' }];
  if (os === 'debian' || os === 'ubuntu') {
    users.push(
      { name: 'daemon', uid: 1, gid: 1, home: '/usr/sbin', shell: noLogin },
      { name: 'bin', uid: 2, gid: 2, home: '/bin', shell: noLogin },
      { name: 'sys', uid: 3, gid: 3, home: '/dev', shell: noLogin },
      { name: 'www-data', uid: 33, gid: 33, home: '/var/www', shell: noLogin },
      { name: '_apt', uid: 100, gid: 65534, home: '/nonexistent', shell: noLogin },
    );
  } else if (os === 'alpine') {
    users.push(
      { name: 'bin', uid: 1, gid: 1, home: '/bin', shell: noLogin },
      { name: 'daemon', uid: 2, gid: 2, home: '/sbin', shell: noLogin },
      { name: 'www-data', uid: 82, gid: 82, home: '/home/www-data', shell: noLogin },
    );
  } else if (os === 'busybox') {
    users.push(
      { name: 'daemon', uid: 1, gid: 1, home: '/usr/sbin', shell: '/bin/false' },
      { name: 'bin', uid: 2, gid: 2, home: '/bin', shell: '/bin/false' },
      { name: 'www-data', uid: 33, gid: 33, home: '/var/www', shell: '/bin/false' },
    );
  }
  users.push({ name: 'nobody', uid: 65534, gid: 65534, home: '/nonexistent', shell: os === 'busybox' ? '/bin/false' : noLogin });
  // Distroless ships root, nobody and nonroot (uid 65532) in /etc/passwd (distroless base/passwd).
  if (os === 'distroless') users.push({ name: 'nonroot', uid: 65532, gid: 65532, home: '/home/nonroot', shell: '/sbin/nologin' });
  // ubuntu:24.04 added a default `ubuntu` user with uid 1000.
  if (os === 'ubuntu' && /(2[4-9]|[3-9]\d)\.04|noble|resolute/.test(record.osVersion ?? '')) {
    users.push({ name: 'ubuntu', uid: 1000, gid: 1000, home: '/home/ubuntu', shell: '/bin/bash' });
  }
  const image = record.image;
  if (image === 'node') users.push({ name: 'node', uid: 1000, gid: 1000, home: '/home/node', shell: os === 'alpine' ? '/bin/sh' : '/bin/bash' });
  if (image === 'gradle') users.push({ name: 'gradle', uid: 1000, gid: 1000, home: '/home/gradle', shell: '/bin/bash' });
  if (image === 'jetty') users.push({ name: 'jetty', uid: 999, gid: 999, home: '/var/lib/jetty', shell: noLogin });
  if (image === 'nginx') users.push({ name: 'nginx', uid: 101, gid: 101, home: '/nonexistent', shell: '/bin/false' });
  // .NET 8+ images create `app` (APP_UID=1654) in every variant, chiseled included.
  if (/dotnet/.test(image) && Number.parseFloat(record.tag) >= 8) users.push({ name: 'app', uid: 1654, gid: 1654, home: '/home/app', shell: '/bin/false' });
  return users;
}

function passwdText(users: readonly User[]): string {
  return users.map((u) => `${u.name}:x:${u.uid}:${u.gid}:${u.name}:${u.home}:${u.shell}\n`).join('');
}

function groupText(users: readonly User[]): string {
  return users.map((u) => `${u.name === 'nobody' ? 'nogroup' : u.name}:x:${u.gid}:\n`).join('');
}

function osReleaseText(record: CatalogRecord): string {
  const version = record.osVersion ?? '';
  const codename = /\(([a-z]+)\)/.exec(version)?.[1];
  const codenameLine = codename !== undefined ? `VERSION_CODENAME=${codename}\n` : '';
  switch (record.os) {
    case 'alpine':
      return `NAME="Alpine Linux"\nID=alpine\nVERSION_ID=${version}\n`;
    case 'ubuntu':
    case 'ubuntu-chiseled':
      return `NAME="Ubuntu"\nID=ubuntu\nVERSION="${version}"\n${codenameLine}`;
    case 'distroless':
      return `PRETTY_NAME="Distroless"\nNAME="Debian GNU/Linux"\nID="debian"\n`;
    default:
      return `PRETTY_NAME="Debian GNU/Linux ${version}"\nNAME="Debian GNU/Linux"\nID=debian\n${codenameLine}`;
  }
}

// The official Debian and Ubuntu images keep no .deb files after apt-get (debuerreotype's
// docker-clean, size-facts.md §3); the toolchain knowledge base checks for this file.
export const DOCKER_CLEAN_APT_CONF = '/etc/apt/apt.conf.d/docker-clean';
const DOCKER_CLEAN_TEXT =
  'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };\n' +
  'APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };\n' +
  'Dir::Cache::pkgcache "";\nDir::Cache::srcpkgcache "";\n';

// The applets the recorded local/busybox:1 links (conformance/README.md), used for busybox-based OSes.
const BUSYBOX_APPLETS = ['sh', 'ls', 'cat', 'echo', 'mkdir', 'cp', 'mv', 'rm', 'dd', 'head', 'wc', 'sleep', 'true', 'false', 'touch', 'printf', 'test', 'env'];
const EXTRA_ALPINE_APPLETS = ['ash', 'chmod', 'chown', 'ln', 'pwd', 'grep', 'sed', 'tar', 'gzip', 'gunzip', 'find', 'tail', 'wget', 'id', 'sort', 'uname', 'which', 'xargs', 'tr', 'cut'];
const DEBIAN_BIN = ['bash', 'cat', 'chmod', 'chown', 'cp', 'echo', 'false', 'grep', 'gzip', 'gunzip', 'ln', 'ls', 'mkdir', 'mv', 'pwd', 'rm', 'sed', 'sleep', 'tar', 'touch', 'true', 'uname', 'dd'];
const DEBIAN_USR_BIN = ['env', 'head', 'tail', 'wc', 'find', 'id', 'sort', 'xargs', 'tr', 'cut', 'printf', 'test', 'which', 'apt-get', 'apt', 'dpkg'];

/** Placeholders and tool components whose sizes are scaled to fit the image total. */
interface Flexible {
  readonly path: string;
  readonly desired: number;
  readonly mode: number;
}

interface Layout {
  readonly builder: SkeletonBuilder;
  readonly flexible: Flexible[];
  readonly env: Record<string, string>;
  pathPrefix: string[];
  workingDir: string | null;
  user: string | null;
  remainderPath: string;
  readonly ratio: number;
}

function addExecutable(layout: Layout, path: string, figure: SizeFigure = EXECUTABLE_PLACEHOLDER): void {
  layout.flexible.push({ path, desired: onDiskBytes(figure, layout.ratio), mode: 0o755 });
}

function addData(layout: Layout, path: string, figure: SizeFigure): void {
  layout.flexible.push({ path, desired: onDiskBytes(figure, layout.ratio), mode: 0o644 });
}

function addOsBase(layout: Layout, record: CatalogRecord): void {
  const b = layout.builder;
  const os = record.os;
  if (os === 'scratch') return;
  const dirs =
    os === 'busybox'
      ? ['/bin', '/dev', '/etc', '/home', '/root', '/tmp', '/usr', '/usr/sbin', '/var', '/var/spool', '/var/www']
      : ['/bin', '/dev', '/etc', '/home', '/lib', '/proc', '/root', '/run', '/sbin', '/sys', '/tmp', '/usr', '/usr/bin', '/usr/lib', '/usr/local', '/usr/local/bin', '/usr/local/lib', '/usr/local/sbin', '/usr/local/share', '/usr/sbin', '/usr/share', '/var', '/var/cache', '/var/lib', '/var/log', '/var/tmp'];
  for (const dir of dirs) b.dir(dir, dir === '/tmp' || dir === '/var/tmp' ? 0o1777 : dir === '/root' ? 0o700 : 0o755);
  const users = usersFor(record);
  b.text('/etc/passwd', passwdText(users));
  b.text('/etc/group', groupText(users));
  if (os !== 'busybox') b.text('/etc/os-release', osReleaseText(record));
  for (const user of users) {
    if (user.home.startsWith('/home/')) b.dir(user.home, 0o755, { uid: user.uid, gid: user.gid });
  }

  if (os === 'debian' || os === 'ubuntu') {
    b.dir('/var/lib/apt/lists/partial', 0o700).dir('/var/cache/apt/archives/partial', 0o700).dir('/var/lib/dpkg');
    b.text(DOCKER_CLEAN_APT_CONF, DOCKER_CLEAN_TEXT);
    addExecutable(layout, '/bin/dash');
    b.symlink('/bin/sh', 'dash');
    for (const name of DEBIAN_BIN) addExecutable(layout, `/bin/${name}`);
    for (const name of DEBIAN_USR_BIN) addExecutable(layout, `/usr/bin/${name}`);
    addData(layout, '/var/lib/dpkg/status', LIBRARY_PLACEHOLDER);
    addData(layout, '/lib/x86_64-linux-gnu/libc.so.6', LIBRARY_PLACEHOLDER);
  } else if (os === 'alpine') {
    addExecutable(layout, '/bin/busybox');
    for (const name of [...BUSYBOX_APPLETS, ...EXTRA_ALPINE_APPLETS]) b.symlink(`/bin/${name}`, '/bin/busybox');
    addExecutable(layout, '/sbin/apk');
    addData(layout, '/lib/ld-musl-x86_64.so.1', LIBRARY_PLACEHOLDER);
    b.dir('/etc/apk').dir('/lib/apk/db').dir('/var/cache/apk');
    b.text('/etc/apk/world', 'alpine-baselayout\nalpine-keys\napk-tools\nbusybox\nlibc-utils\n');
    b.text('/lib/apk/db/installed', 'P:busybox\nV:0\n\nP:apk-tools\nV:0\n\nP:musl\nV:0\n\n');
  } else if (os === 'busybox') {
    // The whole image is essentially the static busybox binary: it takes the remainder.
    layout.remainderPath = '/bin/busybox';
    for (const name of BUSYBOX_APPLETS) b.symlink(`/bin/${name}`, 'busybox');
  } else if (os === 'distroless') {
    b.dir('/home/nonroot', 0o700, { uid: 65532, gid: 65532 }).dir('/var/lib/dpkg/status.d');
    addData(layout, '/etc/ssl/certs/ca-certificates.crt', placeholder(200_000, 'the CA bundle'));
    addData(layout, '/usr/share/zoneinfo/UTC', SMALL_FILE_PLACEHOLDER);
    if (!/static/.test(record.image)) {
      addData(layout, '/lib/x86_64-linux-gnu/libc.so.6', LIBRARY_PLACEHOLDER);
      addData(layout, '/usr/lib/x86_64-linux-gnu/libssl.so', LIBRARY_PLACEHOLDER);
    }
    layout.env['SSL_CERT_FILE'] = '/etc/ssl/certs/ca-certificates.crt';
  } else if (os === 'ubuntu-chiseled') {
    addData(layout, '/lib/x86_64-linux-gnu/libc.so.6', LIBRARY_PLACEHOLDER);
    addData(layout, '/etc/ssl/certs/ca-certificates.crt', placeholder(200_000, 'the CA bundle'));
  }
}

function javaVersion(record: CatalogRecord): number {
  const fromImage = /java(\d+)/.exec(record.image);
  if (fromImage) return Number(fromImage[1]);
  const fromTag = /(?:jdk|jre|openjdk|temurin)-?(\d+)/.exec(record.tag);
  if (fromTag) return Number(fromTag[1]);
  if (['eclipse-temurin', 'openjdk', 'java', 'adoptopenjdk'].includes(record.image) || /distroless\/java/.test(record.image)) {
    const leading = /^(\d+)/.exec(record.tag);
    if (leading) return Number(leading[1]);
  }
  return 8;
}

function addJava(layout: Layout, record: CatalogRecord, kind: 'jdk' | 'jre'): void {
  const version = javaVersion(record);
  const temurin = ['eclipse-temurin', 'adoptopenjdk'].includes(record.image) || /temurin/.test(record.tag) || /eclipse-temurin/.test(record.notes ?? '');
  const usrLocal = !temurin && record.os !== 'alpine' && version >= 12 && !/distroless/.test(record.image);
  let home: string;
  if (temurin) home = '/opt/java/openjdk';
  else if (record.os === 'alpine') home = `/usr/lib/jvm/java-1.${version}-openjdk`;
  else if (usrLocal) home = `/usr/local/openjdk-${version}`;
  else home = `/usr/lib/jvm/java-${version}-openjdk-amd64`;
  const figure =
    kind === 'jdk'
      ? FIGURES.temurinJdk17Layer
      : version >= 21
        ? record.os === 'alpine'
          ? FIGURES.temurinJre21AlpineLayer
          : FIGURES.temurinJre21Layer
        : FIGURES.temurinJre17Layer;
  // JDK 9+ keeps the class library in lib/modules; 8 and older in jre/lib/rt.jar.
  const bulk = version >= 9 ? `${home}/lib/modules` : `${home}/jre/lib/rt.jar`;
  addData(layout, bulk, figure);
  const binDirs = version >= 9 || kind === 'jre' ? [`${home}/bin`] : [`${home}/bin`, `${home}/jre/bin`];
  if (version < 9 && kind === 'jre') binDirs.splice(0, 1, `${home}/jre/bin`);
  for (const dir of binDirs) addExecutable(layout, `${dir}/java`);
  if (kind === 'jdk') {
    for (const tool of ['javac', 'jar', 'javadoc', ...(version >= 9 ? ['jlink', 'jshell'] : [])]) addExecutable(layout, `${home}/bin/${tool}`);
  }
  const javaBin = binDirs[0] as string;
  layout.env['JAVA_HOME'] = home;
  if (home.startsWith('/usr/lib/jvm') && record.os !== 'alpine') {
    // Debian's openjdk packages register /usr/bin/java through update-alternatives.
    layout.builder.symlink('/usr/bin/java', `${javaBin}/java`);
    if (kind === 'jdk') layout.builder.symlink('/usr/bin/javac', `${home}/bin/javac`);
  } else {
    layout.pathPrefix.push(...binDirs);
  }
}

function addTool(layout: Layout, record: CatalogRecord, tool: string): void {
  const b = layout.builder;
  const alpine = record.os === 'alpine';
  switch (tool) {
    case 'jdk':
    case 'jre':
      addJava(layout, record, tool);
      return;
    case 'maven':
      addData(layout, `/usr/share/maven/lib/${SYNTHETIC_COMPONENT_NAME}`, FIGURES.maven39Distribution);
      addExecutable(layout, '/usr/share/maven/bin/mvn', SMALL_FILE_PLACEHOLDER);
      b.text('/usr/share/maven/ref/settings-docker.xml', '<settings><localRepository>/usr/share/maven/ref/repository</localRepository></settings>\n');
      b.symlink('/usr/bin/mvn', '/usr/share/maven/bin/mvn');
      layout.env['MAVEN_HOME'] = '/usr/share/maven';
      layout.env['MAVEN_CONFIG'] = '/root/.m2';
      return;
    case 'gradle':
      addData(layout, `/opt/gradle/lib/${SYNTHETIC_COMPONENT_NAME}`, FIGURES.gradleOnDisk);
      addExecutable(layout, '/opt/gradle/bin/gradle', SMALL_FILE_PLACEHOLDER);
      b.symlink('/usr/bin/gradle', '/opt/gradle/bin/gradle');
      layout.env['GRADLE_HOME'] = '/opt/gradle';
      return;
    case 'go':
      addData(layout, `/usr/local/go/${SYNTHETIC_COMPONENT_NAME}`, alpine ? FIGURES.goToolchainAlpine : FIGURES.goToolchainDebian);
      addExecutable(layout, '/usr/local/go/bin/go');
      addExecutable(layout, '/usr/local/go/bin/gofmt');
      b.dir('/go/src', 0o777).dir('/go/bin', 0o777).dir('/go', 0o777);
      layout.env['GOPATH'] = '/go';
      layout.pathPrefix.push('/go/bin', '/usr/local/go/bin');
      layout.workingDir = '/go';
      return;
    case 'node': {
      // The node binary is most of the Node.js tarball layer; npm ships inside the same tarball.
      addExecutable(layout, '/usr/local/bin/node', alpine ? FIGURES.nodeAlpine : /slim/.test(record.tag) ? FIGURES.nodeSlim : FIGURES.nodeFull);
      return;
    }
    case 'npm':
      addData(layout, '/usr/local/lib/node_modules/npm/bin/npm-cli.js', SMALL_FILE_PLACEHOLDER);
      addData(layout, '/usr/local/lib/node_modules/npm/bin/npx-cli.js', SMALL_FILE_PLACEHOLDER);
      addData(layout, `/usr/local/lib/node_modules/npm/${SYNTHETIC_COMPONENT_NAME}`, placeholder(8_000_000, 'the bundled npm package'));
      b.symlink('/usr/local/bin/npm', '../lib/node_modules/npm/bin/npm-cli.js');
      b.symlink('/usr/local/bin/npx', '../lib/node_modules/npm/bin/npx-cli.js');
      return;
    case 'yarn':
      addData(layout, `/opt/yarn-v1.22/lib/${SYNTHETIC_COMPONENT_NAME}`, alpine ? FIGURES.yarnAlpine : FIGURES.yarnSlim);
      addExecutable(layout, '/opt/yarn-v1.22/bin/yarn', SMALL_FILE_PLACEHOLDER);
      b.symlink('/usr/local/bin/yarn', '/opt/yarn-v1.22/bin/yarn');
      b.symlink('/usr/local/bin/yarnpkg', '/opt/yarn-v1.22/bin/yarn');
      return;
    case 'python': {
      if (record.image === 'python') {
        const version = /^(\d+)\.(\d+)/.exec(record.tag);
        const short = version ? `${version[1]}.${version[2]}` : '3';
        const major = version?.[1] ?? '3';
        addData(layout, `/usr/local/lib/python${short}/${SYNTHETIC_COMPONENT_NAME}`, FIGURES.cpythonSlim);
        addExecutable(layout, `/usr/local/bin/python${short}`);
        b.symlink(`/usr/local/bin/python${major}`, `python${short}`);
        b.symlink('/usr/local/bin/python', `python${major === '2' ? '2.7' : short}`);
        b.dir(`/usr/local/lib/python${short}/site-packages`);
        const full = /(\d+\.\d+\.\d+)/.exec(record.notes ?? '');
        layout.env['PYTHON_VERSION'] = full?.[1] ?? short;
      } else {
        // Debian's own interpreter in buildpack-deps based images (node, golang full variants).
        const old = /jessie|stretch|^8|^9/.test(record.osVersion ?? '');
        addExecutable(layout, old ? '/usr/bin/python2.7' : '/usr/bin/python3');
        if (old) b.symlink('/usr/bin/python', 'python2.7');
      }
      return;
    }
    case 'pip':
      if (record.image === 'python') {
        const major = /^(\d+)/.exec(record.tag)?.[1] ?? '3';
        addExecutable(layout, '/usr/local/bin/pip', SMALL_FILE_PLACEHOLDER);
        addExecutable(layout, `/usr/local/bin/pip${major}`, SMALL_FILE_PLACEHOLDER);
      }
      return;
    case 'gcc': {
      // rust:1-slim's toolchain figure already includes gcc.
      const figure = record.contains.includes('rust') ? EXECUTABLE_PLACEHOLDER : FIGURES.gccSet;
      addData(layout, `/usr/lib/gcc/x86_64-linux-gnu/${SYNTHETIC_COMPONENT_NAME}`, figure);
      for (const name of alpine ? ['gcc', 'g++', 'make'] : ['gcc', 'g++', 'make', 'cpp']) addExecutable(layout, `/usr/bin/${name}`);
      b.symlink('/usr/bin/cc', 'gcc');
      return;
    }
    case 'git':
      addExecutable(layout, '/usr/bin/git');
      // The only sourced figure is the layer that also holds curl, ca-certificates and ssh.
      addData(layout, `/usr/lib/git-core/${SYNTHETIC_COMPONENT_NAME}`, FIGURES.curlGitSet);
      return;
    case 'curl':
      addExecutable(layout, '/usr/bin/curl');
      return;
    case 'rust':
      addData(layout, `/usr/local/rustup/${SYNTHETIC_COMPONENT_NAME}`, FIGURES.rustMinimal);
      for (const name of ['rustc', 'rustup']) addExecutable(layout, `/usr/local/cargo/bin/${name}`);
      layout.env['RUSTUP_HOME'] = '/usr/local/rustup';
      layout.env['CARGO_HOME'] = '/usr/local/cargo';
      layout.pathPrefix.push('/usr/local/cargo/bin');
      return;
    case 'cargo':
      addExecutable(layout, '/usr/local/cargo/bin/cargo');
      return;
    case 'tomcat':
      addData(layout, `/usr/local/tomcat/lib/${SYNTHETIC_COMPONENT_NAME}`, /^10/.test(record.tag) ? FIGURES.tomcat101 : placeholder(13_000_000, 'a Tomcat distribution'));
      addExecutable(layout, '/usr/local/tomcat/bin/catalina.sh', SMALL_FILE_PLACEHOLDER);
      b.dir('/usr/local/tomcat/webapps');
      b.text('/usr/local/tomcat/conf/server.xml', '<Server port="8005" shutdown="SHUTDOWN"/>\n');
      layout.env['CATALINA_HOME'] = '/usr/local/tomcat';
      layout.pathPrefix.push('/usr/local/tomcat/bin');
      layout.workingDir = '/usr/local/tomcat';
      return;
    case 'jetty':
      addData(layout, '/usr/local/jetty/start.jar', placeholder(200_000, 'jetty start.jar'));
      addData(layout, `/usr/local/jetty/lib/${SYNTHETIC_COMPONENT_NAME}`, placeholder(10_000_000, 'a Jetty distribution'));
      b.dir('/var/lib/jetty/webapps', 0o755, { uid: 999, gid: 999 });
      layout.env['JETTY_HOME'] = '/usr/local/jetty';
      layout.workingDir = '/var/lib/jetty';
      layout.user = 'jetty';
      return;
    case 'nginx':
      addExecutable(layout, '/usr/sbin/nginx', placeholder(1_300_000, 'the nginx binary'));
      b.text('/etc/nginx/nginx.conf', 'user nginx;\nevents {}\nhttp { include /etc/nginx/conf.d/*.conf; }\n');
      b.text('/etc/nginx/conf.d/default.conf', 'server { listen 80; root /usr/share/nginx/html; }\n');
      b.text('/usr/share/nginx/html/index.html', '<h1>Welcome to nginx!</h1>\n');
      if (record.tag === 'alpine') addData(layout, `/usr/lib/nginx/modules/${SYNTHETIC_COMPONENT_NAME}`, FIGURES.nginxAlpineModules);
      return;
    case 'httpd':
      addExecutable(layout, '/usr/local/apache2/bin/httpd', placeholder(1_000_000, 'the httpd binary'));
      b.text('/usr/local/apache2/conf/httpd.conf', 'Listen 80\nDocumentRoot "/usr/local/apache2/htdocs"\n');
      b.text('/usr/local/apache2/htdocs/index.html', '<html><body><h1>It works!</h1></body></html>\n');
      layout.env['HTTPD_PREFIX'] = '/usr/local/apache2';
      layout.pathPrefix.push('/usr/local/apache2/bin');
      layout.workingDir = '/usr/local/apache2';
      return;
    case 'dotnet-runtime':
      addData(layout, `/usr/share/dotnet/shared/Microsoft.NETCore.App/${dotnetVersion(record)}/${SYNTHETIC_COMPONENT_NAME}`, FIGURES.dotnetRuntimeOnDisk);
      addExecutable(layout, '/usr/share/dotnet/dotnet');
      b.symlink('/usr/bin/dotnet', '/usr/share/dotnet/dotnet');
      layout.env['DOTNET_RUNNING_IN_CONTAINER'] = 'true';
      if (Number.parseFloat(record.tag) >= 8) layout.env['APP_UID'] = '1654';
      return;
    case 'aspnetcore-runtime':
      addData(layout, `/usr/share/dotnet/shared/Microsoft.AspNetCore.App/${dotnetVersion(record)}/${SYNTHETIC_COMPONENT_NAME}`, FIGURES.aspnetcoreRuntimeOnDisk);
      if (Number.parseFloat(record.tag) >= 8) layout.env['ASPNETCORE_HTTP_PORTS'] = '8080';
      return;
    case 'dotnet-sdk':
      addData(layout, `/usr/share/dotnet/sdk/${dotnetVersion(record)}/${SYNTHETIC_COMPONENT_NAME}`, FIGURES.dotnetSdkOnDisk);
      if (!record.contains.includes('dotnet-runtime')) {
        addExecutable(layout, '/usr/share/dotnet/dotnet');
        b.symlink('/usr/bin/dotnet', '/usr/share/dotnet/dotnet');
      }
      return;
    case 'powershell':
      addExecutable(layout, '/usr/share/powershell/pwsh');
      b.symlink('/usr/bin/pwsh', '/usr/share/powershell/pwsh');
      return;
    case 'busybox':
      return; // handled with the OS
    case 'glibc':
    case 'libssl':
    case 'ca-certificates':
    case 'tzdata':
      return; // distroless files are part of the OS base above
    default:
      addExecutable(layout, `/usr/local/bin/${tool}`);
  }
}

function dotnetVersion(record: CatalogRecord): string {
  return /^(\d+\.\d+)/.exec(record.tag)?.[1] ?? record.tag;
}

/**
 * Builds the filesystem skeleton of a catalog image: OS files, users, the tools of `contains`
 * under the paths the official images use, and one synthetic remainder file, summing exactly to
 * the image's size.
 */
export function catalogImageToSkeleton(image: CatalogImage, name: string = image.name, size: SizeEstimate = image.size): ImageSkeleton {
  const record = image.record;
  // dotnet SDK images contain the runtime and ASP.NET Core runtime too.
  const tools = record.contains.includes('dotnet-sdk') && !record.contains.includes('dotnet-runtime') ? ['dotnet-runtime', ...record.contains] : [...record.contains];
  const layout: Layout = {
    builder: new SkeletonBuilder(),
    flexible: [],
    env: {},
    pathPrefix: [],
    workingDir: null,
    user: null,
    remainderPath: SYNTHETIC_REMAINDER_PATH,
    ratio: image.onDiskRatio,
  };
  addOsBase(layout, record);
  for (const tool of tools) addTool(layout, record, tool);
  if (record.os !== 'scratch') layout.env['PATH'] = [...layout.pathPrefix, DEFAULT_PATH].join(':');

  const total = image.sizeBytes;
  const builder = layout.builder;
  const exact = builder.total();
  const floor = Math.min(osFloor(record), Math.max(0, total - exact) / 2);
  const budget = Math.max(0, total - exact - floor);
  const wanted = layout.flexible.reduce((sum, item) => sum + item.desired, 0);
  const scale = wanted > budget && wanted > 0 ? budget / wanted : 1;
  for (const item of layout.flexible) builder.file(item.path, Math.floor(item.desired * scale), item.mode);
  if (record.os !== 'scratch') {
    const rest = total - builder.total();
    if (builder.has(layout.remainderPath)) builder.resize(layout.remainderPath, (builder.get(layout.remainderPath)?.size ?? 0) + rest);
    else builder.file(layout.remainderPath, rest, layout.remainderPath === '/bin/busybox' ? 0o755 : 0o644);
  }
  const entries = builder.build();
  return {
    name,
    sizeBytes: sumEntrySizes(entries),
    size,
    layerCount: image.layerCount,
    layerCountEstimated: image.layerCountEstimated,
    os: record.os,
    hasShell: record.hasShell,
    packageManager: record.hasPackageManager,
    tools,
    defaults: { env: layout.env, user: layout.user, workingDir: layout.workingDir },
    entries,
  };
}

/** The skeleton of `FROM scratch`: no files, no layers, size 0. */
export function scratchSkeleton(): ImageSkeleton {
  return {
    name: 'scratch',
    sizeBytes: bytes(0),
    size: { estimated: false, basis: 'empty', source: 'Docker documentation: scratch is the reserved empty image; moby#8827 made FROM scratch a no-op' },
    layerCount: 0,
    layerCountEstimated: false,
    os: 'scratch',
    hasShell: false,
    packageManager: 'none',
    tools: [],
    defaults: { env: {}, user: null, workingDir: null },
    entries: [],
  };
}
