import { describe, expect, test } from 'vitest';
import {
  createToolchainResolver,
  DOCKER_CLEAN_APT_CONF,
  estimateToolchainCommand,
  FIGURES,
  findToolchainRule,
  readPomInfo,
  sumEffectBytes,
  TOOLCHAIN_RULES,
  type ExternalContextLike,
  type ToolchainContext,
  type ToolchainEffect,
} from '../../../src/core/size/index.ts';

/** A flat stand-in for a stage's filesystem: path → size (and text). */
class FakeStage {
  readonly files = new Map<string, { size: number; content?: string }>();
  constructor(initial: Record<string, string> = {}) {
    for (const [path, content] of Object.entries(initial)) this.files.set(path, { size: content.length, content });
  }
  context(cwd: string, env: Record<string, string> = {}): ToolchainContext {
    return {
      cwd,
      env,
      readFile: (path) => this.files.get(path)?.content ?? null,
      fileExists: (path) => this.files.has(path),
    };
  }
  apply(effect: ToolchainEffect): void {
    for (const pattern of effect.removes) this.remove(pattern);
    for (const file of effect.files) this.files.set(file.path, { size: file.size, ...(file.content !== undefined ? { content: file.content } : {}) });
  }
  /** `rm -rf <pattern>` with a trailing `*` glob, as the shell would run it. */
  remove(pattern: string): void {
    const regex = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}(/.*)?$`);
    for (const path of [...this.files.keys()]) if (regex.test(path)) this.files.delete(path);
  }
  bytesUnder(prefix: string): number {
    let total = 0;
    for (const [path, entry] of this.files) if (path.startsWith(prefix)) total += entry.size;
    return total;
  }
}

function run(stage: FakeStage, argv: string[], cwd = '/', env: Record<string, string> = {}): ToolchainEffect {
  const effect = estimateToolchainCommand(argv, stage.context(cwd, env));
  if (!effect) throw new Error(`no rule for ${argv.join(' ')}`);
  if (effect.exitCode === 0) stage.apply(effect);
  return effect;
}

const DEBIAN = { '/etc/os-release': 'ID=debian\nVERSION_CODENAME=bookworm\n', [DOCKER_CLEAN_APT_CONF]: 'Dir::Cache::pkgcache "";\n' };

const SPRING_POM = `<?xml version="1.0"?>
<project>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>3.2.0</version>
  </parent>
  <groupId>com.example</groupId>
  <artifactId>demo</artifactId>
  <version>0.0.1-SNAPSHOT</version>
  <dependencies>
    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency>
    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-test</artifactId><scope>test</scope></dependency>
  </dependencies>
</project>`;

describe('every knowledge-base entry says where its figures come from', () => {
  test('all rules have a source', () => {
    for (const rule of TOOLCHAIN_RULES) expect(rule.source.length, rule.id).toBeGreaterThan(10);
  });

  test.each([
    ['apt-get', 'update'],
    ['mvn', '-B', 'package'],
    ['gradle', 'build'],
    ['npm', 'ci'],
    ['go', 'build', '-o', 'app'],
    ['cargo', 'build', '--release'],
    ['pip', 'install', 'flask'],
    ['dotnet', 'publish', '-c', 'Release', '-o', 'out'],
    ['jlink', '--add-modules', 'java.base', '--output', '/jre'],
    ['native-image', '-jar', 'app.jar'],
    ['curl', '-o', 'x.tgz', 'https://example.com/x.tgz'],
  ])('%s effects are estimates with a source', (...argv) => {
    const stage = new FakeStage({
      ...DEBIAN,
      '/app/pom.xml': SPRING_POM,
      '/app/build.gradle': "plugins { id 'java' }\nversion = '1.0'\n",
      '/app/package.json': '{"dependencies":{"a":"1"}}',
      '/app/package-lock.json': '{}',
      '/app/go.mod': 'module example.com/app\n',
      '/app/Cargo.toml': '[package]\nname = "app"\n',
      '/app/app.jar': 'x',
    });
    const effect = estimateToolchainCommand(argv, { ...stage.context('/app'), listDir: () => ['app.csproj'] });
    expect(effect?.estimate).toBe(true);
    expect(effect?.source.length).toBeGreaterThan(10);
    expect(effect?.exitCode).toBe(0);
    expect(effect?.requiredTool).toBe(argv[0]);
  });

  test('commands no rule knows get no answer', () => {
    expect(estimateToolchainCommand(['ls', '-l'], new FakeStage().context('/'))).toBeNull();
    expect(findToolchainRule(['echo', 'hi'])).toBeUndefined();
  });
});

describe('apt-get', () => {
  test('apt lists cleaned in the same RUN leave nothing behind', () => {
    const stage = new FakeStage(DEBIAN);
    run(stage, ['apt-get', 'update']);
    expect(stage.bytesUnder('/var/lib/apt/lists/')).toBe(FIGURES.aptListsInLayer.bytes);
    const install = run(stage, ['apt-get', 'install', '-y', '--no-install-recommends', 'curl']);
    expect(install.exitCode).toBe(0);
    stage.remove('/var/lib/apt/lists/*');
    expect(stage.bytesUnder('/var/lib/apt/lists/')).toBe(0);
    expect(stage.files.has('/usr/bin/curl')).toBe(true);
  });

  test('install before update fails like the real apt-get on an official image', () => {
    const effect = run(new FakeStage(DEBIAN), ['apt-get', 'install', '-y', 'curl']);
    expect(effect.exitCode).toBe(100);
    expect(effect.stderr).toContain('E: Unable to locate package curl');
  });

  test('install without -y aborts at the prompt', () => {
    const stage = new FakeStage(DEBIAN);
    run(stage, ['apt-get', 'update']);
    const effect = run(stage, ['apt-get', 'install', 'git']);
    expect(effect.exitCode).toBe(1);
    expect(effect.stdout).toContain('Do you want to continue? [Y/n] Abort.');
    expect(effect.files).toEqual([]);
  });

  test('combined short flags like -qy count as -y', () => {
    const stage = new FakeStage(DEBIAN);
    run(stage, ['apt-get', 'update']);
    expect(run(stage, ['apt-get', '-qy', 'install', 'git']).exitCode).toBe(0);
  });

  test('gcc, g++ and make named together are counted once as the cited gcc set', () => {
    const stage = new FakeStage(DEBIAN);
    run(stage, ['apt-get', 'update']);
    const effect = run(stage, ['apt-get', 'install', '-y', 'gcc', 'g++', 'build-essential']);
    const gccSetOnDisk = Math.round(FIGURES.gccSet.bytes * 2.47);
    expect(sumEffectBytes(effect)).toBeGreaterThanOrEqual(gccSetOnDisk - 1);
    expect(sumEffectBytes(effect)).toBeLessThan(gccSetOnDisk + 1_000);
    for (const tool of ['/usr/bin/gcc', '/usr/bin/g++', '/usr/bin/make']) expect(stage.files.has(tool)).toBe(true);
  });

  test('downloaded .deb files stay only in images without the docker-clean config', () => {
    const clean = new FakeStage(DEBIAN);
    run(clean, ['apt-get', 'update']);
    run(clean, ['apt-get', 'install', '-y', 'git']);
    expect(clean.bytesUnder('/var/cache/apt/archives/')).toBe(0);
    const plain = new FakeStage({ '/etc/os-release': 'ID=ubuntu\nVERSION_CODENAME=noble\n' });
    run(plain, ['apt-get', 'update']);
    run(plain, ['apt-get', 'install', '-y', 'git']);
    expect(plain.bytesUnder('/var/cache/apt/archives/')).toBeGreaterThan(0);
    run(plain, ['apt-get', 'clean']);
    expect(plain.bytesUnder('/var/cache/apt/archives/')).toBe(0);
  });

  test('an already installed package is not installed again', () => {
    const stage = new FakeStage({ ...DEBIAN, '/usr/bin/curl': 'x' });
    run(stage, ['apt-get', 'update']);
    const effect = run(stage, ['apt-get', 'install', '-y', 'curl']);
    expect(effect.stdout).toContain('curl is already the newest version.');
    expect(effect.files).toEqual([]);
  });

  test('an OpenJDK package puts java on PATH', () => {
    const stage = new FakeStage(DEBIAN);
    run(stage, ['apt-get', 'update']);
    const effect = run(stage, ['apt-get', 'install', '-y', 'openjdk-17-jre-headless']);
    expect(effect.files.find((f) => f.path === '/usr/bin/java')?.symlinkTo).toBe('/usr/lib/jvm/java-17-openjdk-amd64/bin/java');
  });
});

describe('apk', () => {
  test('apk add without an index or --no-cache finds nothing, as on a fresh alpine image', () => {
    const effect = run(new FakeStage(), ['apk', 'add', 'curl']);
    expect(effect.exitCode).toBe(1);
    expect(effect.stderr).toContain('curl (no such package)');
  });

  test('--no-cache leaves no index, a plain update does', () => {
    const noCache = new FakeStage();
    run(noCache, ['apk', 'add', '--no-cache', 'curl']);
    expect(noCache.bytesUnder('/var/cache/apk/')).toBe(0);
    expect(noCache.files.has('/usr/bin/curl')).toBe(true);
    const cached = new FakeStage();
    run(cached, ['apk', 'update']);
    run(cached, ['apk', 'add', 'curl']);
    expect(cached.bytesUnder('/var/cache/apk/')).toBeGreaterThan(0);
  });

  test('apk del of a --virtual group removes its members', () => {
    const stage = new FakeStage({ '/lib/apk/db/installed': '', '/etc/apk/world': 'busybox\n' });
    run(stage, ['apk', 'add', '--no-cache', '--virtual', '.build-deps', 'gcc', 'musl-dev']);
    expect(stage.files.has('/usr/bin/gcc')).toBe(true);
    run(stage, ['apk', 'del', '.build-deps']);
    expect(stage.files.has('/usr/bin/gcc')).toBe(false);
    expect(stage.bytesUnder('/usr/lib/.stagecraft-packages/')).toBe(0);
    expect(stage.files.get('/etc/apk/world')?.content).toBe('busybox\n');
  });
});

describe('Maven and Gradle', () => {
  test('pom.xml artifactId and version name the jar', () => {
    const stage = new FakeStage({ '/build/pom.xml': SPRING_POM });
    const effect = run(stage, ['mvn', '-B', 'package', '-DskipTests'], '/build');
    expect(stage.files.get('/build/target/demo-0.0.1-SNAPSHOT.jar')?.size).toBe(FIGURES.springBootFatJar.bytes);
    expect(effect.files.some((f) => f.path.startsWith('/root/.m2/repository/'))).toBe(true);
    expect(effect.alsoRequires).toContain('java');
  });

  test('finalName wins over artifactId-version', () => {
    const pom = SPRING_POM.replace('</dependencies>', '</dependencies><build><finalName>app</finalName></build>');
    const stage = new FakeStage({ '/build/pom.xml': pom });
    run(stage, ['./mvnw', 'package'], '/build');
    expect(stage.files.has('/build/target/app.jar')).toBe(true);
  });

  test('readPomInfo ignores the parent coordinates and test dependencies', () => {
    const info = readPomInfo(SPRING_POM);
    expect(info).toMatchObject({ groupId: 'com.example', artifactId: 'demo', version: '0.0.1-SNAPSHOT', dependencyCount: 1, springBoot: true });
  });

  test('a pom without a version takes the parent version', () => {
    const info = readPomInfo('<project><parent><version>2.0</version></parent><artifactId>svc</artifactId></project>');
    expect(info.version).toBe('2.0');
  });

  test('without pom.xml the jar name falls back to app and maven fails where it runs', () => {
    const effect = run(new FakeStage(), ['mvn', 'package'], '/app');
    expect(effect.exitCode).toBe(1);
    expect(effect.stderr).toContain('there is no POM in this directory (/app)');
  });

  test('dependency:go-offline fills ~/.m2 and builds no jar', () => {
    const stage = new FakeStage({ '/app/pom.xml': SPRING_POM });
    const effect = run(stage, ['mvn', 'dependency:go-offline'], '/app', { HOME: '/home/builder' });
    expect(effect.files.every((f) => f.path.startsWith('/home/builder/.m2/'))).toBe(true);
  });

  test('mvn clean package removes target before writing the new jar', () => {
    const effect = run(new FakeStage({ '/app/pom.xml': SPRING_POM }), ['mvn', 'clean', 'package'], '/app');
    expect(effect.removes).toContain('/app/target');
  });

  test('gradle bootJar names the jar from settings.gradle and the version', () => {
    const stage = new FakeStage({
      '/w/settings.gradle': "rootProject.name = 'shop'\n",
      '/w/build.gradle': "plugins { id 'org.springframework.boot' version '3.2.0' }\nversion = '1.2.0'\n",
    });
    run(stage, ['./gradlew', 'bootJar', '--no-daemon'], '/w');
    expect(stage.files.get('/w/build/libs/shop-1.2.0.jar')?.size).toBe(FIGURES.springBootFatJar.bytes);
    expect(stage.bytesUnder('/root/.gradle/wrapper/')).toBe(FIGURES.gradleOnDisk.bytes);
  });

  test('gradle build of a Spring Boot project also writes the -plain jar', () => {
    const stage = new FakeStage({ '/w/build.gradle': "plugins { id 'org.springframework.boot' }\nversion = '1.0'\n" });
    run(stage, ['gradle', 'build'], '/w');
    expect(stage.files.has('/w/build/libs/w-1.0.jar')).toBe(true);
    expect(stage.files.has('/w/build/libs/w-1.0-plain.jar')).toBe(true);
  });
});

describe('Node package managers', () => {
  const pkg = JSON.stringify({ name: 'web', scripts: { build: 'vite build' }, dependencies: { react: '18', 'react-dom': '18' }, devDependencies: { vite: '5' } });

  test('npm ci sizes node_modules by the dependency count and needs a lockfile', () => {
    const stage = new FakeStage({ '/app/package.json': pkg, '/app/package-lock.json': '{}' });
    const all = run(stage, ['npm', 'ci'], '/app');
    const prod = run(new FakeStage({ '/app/package.json': pkg, '/app/package-lock.json': '{}' }), ['npm', 'ci', '--omit=dev'], '/app');
    expect(all.files.filter((f) => f.path.startsWith('/app/node_modules/') && f.path.endsWith('.stagecraft-package'))).toHaveLength(3);
    expect(prod.files.filter((f) => f.path.startsWith('/app/node_modules/') && f.path.endsWith('.stagecraft-package'))).toHaveLength(2);
    const noLock = run(new FakeStage({ '/app/package.json': pkg }), ['npm', 'ci'], '/app');
    expect(noLock.exitCode).toBe(1);
  });

  test('npm run build writes dist/ and a missing script fails', () => {
    const stage = new FakeStage({ '/app/package.json': pkg });
    run(stage, ['npm', 'run', 'build'], '/app');
    expect(stage.bytesUnder('/app/dist/')).toBeGreaterThan(0);
    expect(run(stage, ['npm', 'run', 'lint'], '/app').exitCode).toBe(1);
  });

  test('yarn install and pnpm install fill node_modules', () => {
    const yarn = new FakeStage({ '/app/package.json': pkg });
    run(yarn, ['yarn', 'install', '--frozen-lockfile'], '/app');
    expect(yarn.bytesUnder('/app/node_modules/')).toBeGreaterThan(0);
    const pnpm = new FakeStage({ '/app/package.json': pkg });
    run(pnpm, ['pnpm', 'install'], '/app');
    expect(pnpm.bytesUnder('/app/node_modules/')).toBeGreaterThan(0);
  });
});

describe('Go, Rust, Python, .NET and Java tools', () => {
  const gomod = 'module example.com/hello\n\ngo 1.22\n\nrequire (\n\tgithub.com/a/b v1.2.3\n\tgithub.com/c/d v0.1.0 // indirect\n)\n';

  test('go build of hello world is the measured 2,029,206 bytes, and -s -w applies the measured ratio', () => {
    const plain = run(new FakeStage({ '/src/go.mod': 'module example.com/hello\n' }), ['go', 'build', '-o', '/out/app', '.'], '/src');
    expect(plain.files.find((f) => f.path === '/out/app')?.size).toBe(2_029_206);
    const stripped = run(new FakeStage({ '/src/go.mod': 'module example.com/hello\n' }), ['go', 'build', '-ldflags', '-s -w', '-o', '/out/app'], '/src');
    expect(stripped.files.find((f) => f.path === '/out/app')?.size).toBe(1_323_616);
  });

  test('CGO_ENABLED=0 marks the binary static; without it linkage is unknown', () => {
    const stat = run(new FakeStage({ '/src/go.mod': gomod }), ['CGO_ENABLED=0', 'go', 'build', '-o', 'server'], '/src');
    expect(stat.files.find((f) => f.path === '/src/server')?.linkage).toBe('static');
    expect(stat.requiredTool).toBe('go');
    const dyn = run(new FakeStage({ '/src/go.mod': gomod }), ['go', 'build', '-o', 'server'], '/src');
    expect(dyn.files.find((f) => f.path === '/src/server')?.linkage).toBe('unknown');
  });

  test('go build without -o names the binary after the module', () => {
    const effect = run(new FakeStage({ '/src/go.mod': gomod }), ['go', 'build'], '/src');
    expect(effect.files.some((f) => f.path === '/src/hello')).toBe(true);
  });

  test('go mod download fills GOPATH/pkg/mod with the direct requirements', () => {
    const effect = run(new FakeStage({ '/src/go.mod': gomod }), ['go', 'mod', 'download'], '/src', { GOPATH: '/go' });
    expect(effect.files.some((f) => f.path.startsWith('/go/pkg/mod/github.com/a/b@v1.2.3/'))).toBe(true);
    expect(effect.files.some((f) => f.path.includes('github.com/c/d'))).toBe(false);
    expect(run(new FakeStage(), ['go', 'mod', 'download'], '/src').exitCode).toBe(1);
  });

  test('cargo build --release writes target/release/<name>', () => {
    const effect = run(new FakeStage({ '/usr/src/app/Cargo.toml': '[package]\nname = "hello"\n\n[dependencies]\nserde = "1"\n' }), ['cargo', 'build', '--release'], '/usr/src/app');
    expect(effect.files.some((f) => f.path === '/usr/src/app/target/release/hello')).toBe(true);
  });

  test('pip keeps its wheel cache unless --no-cache-dir', () => {
    const stage = new FakeStage({ '/app/requirements.txt': '# deps\nflask==3.0\nrequests>=2\n\n-r extra.txt\n', '/app/extra.txt': 'gunicorn\n' });
    const cached = run(stage, ['pip', 'install', '-r', 'requirements.txt'], '/app', { PYTHON_VERSION: '3.12.1' });
    expect(cached.files.filter((f) => f.path.startsWith('/usr/local/lib/python3.12/site-packages/'))).toHaveLength(3);
    expect(cached.files.some((f) => f.path.startsWith('/root/.cache/pip/'))).toBe(true);
    const clean = run(stage, ['python3', '-m', 'pip', 'install', '--no-cache-dir', '--prefix=/install', '-r', 'requirements.txt'], '/app', { PYTHON_VERSION: '3.12.1' });
    expect(clean.files.some((f) => f.path.startsWith('/root/.cache/pip/'))).toBe(false);
    expect(clean.files.every((f) => f.path.startsWith('/install/lib/python3.12/site-packages/'))).toBe(true);
    expect(clean.requiredTool).toBe('python3');
  });

  test('a missing requirements file fails like pip', () => {
    expect(run(new FakeStage(), ['pip', 'install', '-r', 'requirements.txt'], '/app').exitCode).toBe(1);
  });

  test('dotnet publish writes the dll into -o, and Native AOT writes one executable', () => {
    const stage = new FakeStage({ '/src/Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>' });
    const ctx = { ...stage.context('/src'), listDir: () => ['Api.csproj', 'Program.cs'] };
    const fdd = estimateToolchainCommand(['dotnet', 'publish', '-c', 'Release', '-o', '/app/out'], ctx);
    expect(fdd?.files.find((f) => f.path === '/app/out/Api.dll')?.size).toBe(FIGURES.dotnetAspnetappPublish.bytes);
    const aot = estimateToolchainCommand(['dotnet', 'publish', '-c', 'Release', '-o', '/app/out', '-p:PublishAot=true'], ctx);
    expect(aot?.files.find((f) => f.path === '/app/out/Api')?.size).toBe(FIGURES.dotnetAotBinary.bytes);
    const none = estimateToolchainCommand(['dotnet', 'restore'], { ...stage.context('/empty'), listDir: () => [] });
    expect(none?.exitCode).toBe(1);
  });

  test('jlink writes a runtime of the cited size into --output', () => {
    const effect = run(new FakeStage(), ['jlink', '--add-modules', 'java.base,java.logging', '--strip-debug', '--no-man-pages', '--output', '/javaruntime'], '/');
    expect(sumEffectBytes(effect)).toBeGreaterThanOrEqual(FIGURES.jlinkRuntime.bytes);
    expect(effect.files.some((f) => f.path === '/javaruntime/bin/java')).toBe(true);
  });

  test('native-image output is a flagged placeholder', () => {
    const effect = run(new FakeStage({ '/app/app.jar': 'x' }), ['native-image', '-jar', 'app.jar'], '/app');
    expect(effect.source).toMatch(/no sourced figure/);
    expect(effect.files[0]?.path).toBe('/app/app');
  });

  test('curl -o and wget -O write a placeholder file, output to stdout writes none', () => {
    expect(run(new FakeStage(), ['curl', '-fsSLo', '/tmp/x', 'https://e.com/x'], '/').files[0]?.path).toBe('/tmp/x');
    expect(run(new FakeStage(), ['curl', '-fsSL', 'https://e.com/install.sh'], '/').files).toEqual([]);
    expect(run(new FakeStage(), ['wget', '-qO-', 'https://e.com/install.sh'], '/').files).toEqual([]);
    expect(run(new FakeStage(), ['curl', '-fsSL', '-o', '/tmp/x.tgz', 'https://e.com/x.tgz'], '/').files[0]?.path).toBe('/tmp/x.tgz');
    expect(run(new FakeStage(), ['wget', '-O', 'a.zip', 'https://e.com/b.zip'], '/tmp').files[0]?.path).toBe('/tmp/a.zip');
    expect(run(new FakeStage(), ['wget', 'https://e.com/b.zip'], '/tmp').files[0]?.path).toBe('/tmp/b.zip');
  });
});

describe('the shell hook adapter', () => {
  interface Ctx extends ExternalContextLike {
    readonly stage: FakeStage;
  }
  const resolver = createToolchainResolver<Ctx>({
    view: (ctx) => ctx.stage.context(ctx.cwd, { ...ctx.env }),
    apply: (effect, ctx) => ctx.stage.apply(effect),
    hasCommand: (name, ctx) => ctx.stage.files.has(`/usr/bin/${name}`),
    failWhenMissing: true,
  });

  test('a recognised tool the image lacks fails with 127 like /bin/sh, even when PATH lookup guessed', () => {
    const stage = new FakeStage({ '/app/pom.xml': SPRING_POM });
    const result = resolver(['mvn', 'package'], { stage, cwd: '/app', env: {}, foundAt: '/bin/busybox' });
    expect(result).toEqual({ exitCode: 127, stderr: '/bin/sh: mvn: not found\n', estimated: false });
  });

  test('a tool whose runtime is missing fails the way the tool reports it', () => {
    const stage = new FakeStage({ '/app/pom.xml': SPRING_POM, '/usr/bin/mvn': '' });
    const result = resolver(['mvn', 'package'], { stage, cwd: '/app', env: {}, foundAt: '/usr/bin/mvn' });
    expect(result?.exitCode).toBe(1);
    expect(result?.stderr).toContain('JAVA_HOME');
  });

  test('a recognised tool that is present writes its files through the adapter', () => {
    const stage = new FakeStage({ '/app/pom.xml': SPRING_POM, '/usr/bin/java': '', '/usr/bin/mvn': '' });
    const result = resolver(['mvn', 'package'], { stage, cwd: '/app', env: {}, foundAt: '/usr/bin/mvn' });
    expect(result?.exitCode).toBe(0);
    expect(result?.estimated).toBe(true);
    expect(stage.files.has('/app/target/demo-0.0.1-SNAPSHOT.jar')).toBe(true);
  });

  test('commands the knowledge base does not know are left to the shell', () => {
    expect(resolver(['make', 'all'], { stage: new FakeStage(), cwd: '/', env: {}, foundAt: '/usr/bin/make' })).toBeUndefined();
  });
});

describe('Python virtual environments', () => {
  test('python -m venv makes a venv whose pip installs into it', () => {
    const stage = new FakeStage({ '/app/requirements.txt': 'flask\n', '/usr/local/bin/python3.12': '' });
    const env = { PYTHON_VERSION: '3.12.1', PATH: '/opt/venv/bin:/usr/local/bin:/usr/bin:/bin' };
    const venv = run(stage, ['python3', '-m', 'venv', '/opt/venv'], '/app', env);
    expect(venv.files.find((f) => f.path === '/opt/venv/bin/python')?.symlinkTo).toBe('/usr/local/bin/python3.12');
    const pip = run(stage, ['pip', 'install', '--no-cache-dir', '-r', 'requirements.txt'], '/app', env);
    expect(pip.files.map((f) => f.path)).toEqual(['/opt/venv/lib/python3.12/site-packages/flask/.stagecraft-package']);
    const byPath = run(stage, ['/opt/venv/bin/pip', 'install', '--no-cache-dir', 'gunicorn'], '/app', { PYTHON_VERSION: '3.12.1' });
    expect(byPath.files[0]?.path).toBe('/opt/venv/lib/python3.12/site-packages/gunicorn/.stagecraft-package');
  });
});
