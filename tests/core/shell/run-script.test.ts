import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  createBuildContext,
  makeSymlink,
  makeSyntheticFile,
  planCopy,
  applyCopy,
  rootfsFromFileList,
  Rootfs,
  type Rootfs as RootfsType,
} from '../../../src/core/fs/index.ts';
import { createRunStepExecutor, parseScript, runScript, type ResolveExternal } from '../../../src/core/shell/index.ts';
import { BUSYBOX_FILE_LIST } from './busybox-image.ts';

const busybox = (): RootfsType => rootfsFromFileList('local/busybox:1', BUSYBOX_FILE_LIST);

describe('RUN lines of the conformance scenarios', () => {
  test('p01: dd of 256 KiB makes a 262,144-byte layer and prints the record counts', () => {
    const fs = busybox().edit();
    fs.mkdir('/build');
    const r = runScript('mkdir -p /root/.m2 && dd if=/dev/zero of=/root/.m2/repo.bin bs=1024 count=256', { fs, cwd: '/build' });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('256+0 records in\n256+0 records out\n');
    expect(fs.commit().layer.size).toBe(262144);
  });

  test('p01: cat of two copied files into target/app.jar makes the 38-byte jar the final image keeps', () => {
    const ctx = createBuildContext({ 'pom.xml': '<project>demo</project>\n', 'src/Main.java': 'class Main {}\n' });
    const w = busybox().edit();
    w.mkdir('/build');
    for (const [src, dest] of [
      ['pom.xml', '.'],
      ['src', './src'],
    ] as const) {
      const plan = planCopy({ builder: 'buildkit', source: ctx.fs, sourceKind: 'context', sources: [src], dest, workdir: '/build', destFs: w });
      if (plan.ok) applyCopy(w, plan.changes);
    }
    const base = w.commit().rootfs;
    const run = base.edit();
    const r = runScript('mkdir -p target && cat pom.xml src/Main.java > target/app.jar', { fs: run, cwd: '/build' });
    expect(r.exitCode).toBe(0);
    expect(run.stat('/build/target/app.jar')).toMatchObject({ type: 'file', size: 38 });
  });

  test('p02: `echo linting && false` fails with status 1 after printing', () => {
    const r = runScript('echo linting && false', { fs: busybox().edit() });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('linting\n');
  });

  test('p03: the ARG value reaches the shell, so the file is 9 bytes with GREETING=hi and 12 with hello', () => {
    for (const [greeting, size] of [
      ['hi', 9],
      ['hello', 12],
    ] as const) {
      const fs = busybox().edit();
      runScript('echo "$GREETING world" > /greeting', { fs, env: { GREETING: greeting } });
      expect(fs.commit().layer.size).toBe(size);
    }
  });

  test('p07: a 1 MiB dd file removed by a later RUN still counts (3,030,958 bytes)', () => {
    const first = busybox().edit();
    runScript('dd if=/dev/zero of=/tmp/cache.bin bs=1024 count=1024', { fs: first });
    const second = first.commit().rootfs.edit();
    expect(runScript('rm -f /tmp/cache.bin', { fs: second }).exitCode).toBe(0);
    expect(second.commit().rootfs.size).toBe(3030958);
  });

  test('p10: ENV values expand in RUN (3-byte layer)', () => {
    const fs = busybox().edit();
    const r = runScript('mkdir -p $APP_HOME && echo ok > $APP_HOME/ok', { fs, env: { APP_HOME: '/srv/app' } });
    expect(r.exitCode).toBe(0);
    expect(fs.commit().layer.size).toBe(3);
  });
});

describe('command lookup', () => {
  test('a command missing from the image fails with status 127 like ash', () => {
    const r = runScript('apt-get install -y curl', { fs: busybox().edit() });
    expect(r).toMatchObject({ exitCode: 127, stderr: '/bin/sh: apt-get: not found\n', modelled: true });
  });

  test('unknown commands are offered to the knowledge base before failing, and its answer is an estimate', () => {
    const seen: string[][] = [];
    const resolveExternal: ResolveExternal = (argv, ctx) => {
      seen.push([...argv]);
      if (argv[0] !== 'mvn') return undefined;
      ctx.fs.mkdir('/build/target', { parents: true });
      ctx.fs.writeFile('/build/target/app.jar', makeSyntheticFile(5_000_000, 'kb:mvn-package', { estimated: true }));
      return { exitCode: 0, stdout: '[INFO] BUILD SUCCESS\n', note: 'mvn package: ~5 MB jar (estimate)' };
    };
    const fs = busybox().edit();
    fs.mkdir('/build');
    const r = runScript('mvn -q package && ls target', { fs, cwd: '/build', resolveExternal });
    expect(seen).toEqual([['mvn', '-q', 'package']]);
    expect(r).toMatchObject({ exitCode: 0, estimated: true, stdout: '[INFO] BUILD SUCCESS\napp.jar\n' });
    expect(r.notes).toContain('mvn package: ~5 MB jar (estimate)');
    const { layer } = fs.commit();
    expect(layer.size).toBe(5_000_000);
    expect(layer.estimated).toBe(true);
  });

  test('a program present in the image but not modelled succeeds with a note and modelled=false', () => {
    const fs = busybox().edit();
    fs.mkdir('/usr/bin', { parents: true });
    fs.writeFile('/usr/bin/python3', makeSyntheticFile(5000, 'python3', { mode: 0o755 }));
    const r = runScript('python3 -c "print(1)"', { fs });
    expect(r).toMatchObject({ exitCode: 0, modelled: false });
    expect(r.notes[0]).toContain('python3: not modelled');
  });

  test('busybox applets without a symlink still run (standalone shell), unimplemented ones are not modelled', () => {
    const fs = busybox().edit();
    expect(runScript('chmod 600 /tmp && ln -s a /tmp/b', { fs }).exitCode).toBe(0);
    const r = runScript('awk "{print}" /etc/hostname', { fs });
    expect(r.modelled).toBe(false);
  });

  test('on an image without /bin/sh (scratch) the step fails before any command runs', () => {
    const r = runScript('echo hi', { fs: Rootfs.empty().edit() });
    expect(r).toMatchObject({ exitCode: 127, shellMissing: true });
    expect(r.stderr).toContain('no such file or directory');
  });

  test('catalog images known only by size give implemented commands the benefit of the doubt', () => {
    const fs = rootfsFromFileList('debian:12', { sizeBytes: 116_000_000 }).edit();
    const r = runScript('mkdir -p /app && echo hi > /app/x && frobnicate', { fs, knownFiles: 'partial' });
    expect(r).toMatchObject({ exitCode: 0, modelled: false });
    expect(fs.stat('/app/x')).toMatchObject({ size: 3 });
  });

  test('an executable shell script in the image runs; without the x bit it fails with 126', () => {
    const fs = busybox().edit();
    runScript("printf '#!/bin/sh\\necho from-script $1\\n' > /run.sh", { fs });
    expect(runScript('/run.sh', { fs }).exitCode).toBe(126);
    runScript('chmod +x /run.sh', { fs });
    expect(runScript('/run.sh arg', { fs }).stdout).toBe('from-script arg\n');
    expect(runScript('sh /run.sh other', { fs }).stdout).toBe('from-script other\n');
  });
});

describe('shell semantics', () => {
  test('cd affects later commands of the same RUN only', () => {
    const fs = busybox().edit();
    const r = runScript('mkdir -p /a/b && cd /a/b && echo x > f; pwd', { fs });
    expect(r.stdout).toBe('/a/b\n');
    expect(fs.stat('/a/b/f')?.type).toBe('file');
  });

  test('&& and || short-circuit; exit N stops the script with N', () => {
    const fs = busybox().edit();
    const r = runScript('false && touch /no; true || touch /no2; exit 3; touch /never', { fs });
    expect(r.exitCode).toBe(3);
    expect(fs.stat('/no') ?? fs.stat('/no2') ?? fs.stat('/never')).toBeUndefined();
  });

  test('redirections: > truncates, >> appends, 2>/dev/null drops errors, < reads', () => {
    const fs = busybox().edit();
    const r = runScript('echo a > /f; echo b >> /f; cat /missing 2>/dev/null; wc -c < /f', { fs });
    expect(r.stdout).toBe('4\n');
    expect(r.stderr).toBe('');
  });

  test('a pipe passes synthetic bytes through without materialising them', () => {
    const r = runScript('dd if=/dev/zero bs=1M count=100 2>/dev/null | wc -c', { fs: busybox().edit() });
    expect(r.stdout).toBe('104857600\n');
  });

  test('a syntax error exits 2 with ash wording and runs nothing', () => {
    const fs = busybox().edit();
    const r = runScript("touch /x; echo 'oops", { fs });
    expect(r).toMatchObject({ exitCode: 2, syntaxError: 'syntax error: unterminated quoted string' });
    expect(fs.stat('/x')).toBeUndefined();
  });

  test('sleep is not waited for but counted', () => {
    expect(runScript('sleep 2; sleep 1.5', { fs: busybox().edit() }).sleptSeconds).toBe(3.5);
  });

  test('an endless loop is stopped and reported instead of hanging', () => {
    const r = runScript('while true; do :; done', { fs: busybox().edit(), maxCommands: 500 });
    expect(r.notes.join()).toContain('more than 500 commands');
  });

  test('files created by a non-root USER are owned by it; writing to / is denied', () => {
    const fs = busybox().edit();
    runScript("printf 'root:x:0:0::/root:/bin/sh\\napp:x:1000:1000::/home/app:/bin/sh\\n' > /etc/passwd; mkdir -p /home/app && chown app /home/app", { fs });
    const r = runScript('touch /x; echo $?; cd && touch mine && echo $HOME', { fs, user: 'app' });
    expect(r.stdout).toBe('1\n/home/app\n');
    expect(r.stderr).toBe('touch: /x: Permission denied\n');
    expect(fs.stat('/home/app/mine')).toMatchObject({ uid: 1000, gid: 1000 });
  });

  test('random bytes are deterministic for a nonce and differ across nonces', () => {
    const digest = (nonce: string): string => {
      const fs = busybox().edit();
      runScript('dd if=/dev/urandom of=/r bs=16 count=1 2>/dev/null', { fs, nonce });
      const entry = fs.stat('/r');
      return entry?.type === 'file' ? entry.contentDigest : '';
    };
    expect(digest('a')).toBe(digest('a'));
    expect(digest('a')).not.toBe(digest('b'));
  });
});

describe('robustness', () => {
  const alphabet = fc.constantFrom(
    'echo', 'cd', '/tmp', 'x', '"', "'", '$', '${', '}', '$(', ')', '(', '`', '|', '||', '&&', ';', '\n', '>', '>>', '<', '2>&1',
    '<<EOF', 'EOF', 'if', 'then', 'fi', 'for', 'in', 'do', 'done', 'case', 'esac', '*', '?', '[', ']', '\\', ' ', '#', '=', 'A=1',
    'rm -rf', 'mkdir -p', 'dd', 'cat', 'cp -r', 'mv', 'ln -s', 'exit', 'set -e', 'f()', '{', '$((', '))', 'while', 'true',
  );

  test('random scripts never throw, and always report a status between 0 and 255', () => {
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 30 }), (tokens) => {
        const script = tokens.join(' ');
        expect(() => parseScript(script)).not.toThrow();
        const r = runScript(script, { fs: busybox().edit(), maxCommands: 200 });
        expect(r.exitCode).toBeGreaterThanOrEqual(0);
        expect(r.exitCode).toBeLessThanOrEqual(255);
      }),
      { numRuns: 300 },
    );
  });

  test('any string at all is handled without throwing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (script) => {
        expect(() => runScript(script, { fs: busybox().edit(), maxCommands: 100 })).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});

describe('RUN executor adapter', () => {
  test('shell form runs through the shell and returns log lines and a duration including sleep', () => {
    const exec = createRunStepExecutor();
    const fs = busybox().edit();
    const outcome = exec({ argv: ['/bin/sh', '-c', 'echo one; sleep 1; echo two >&2'], env: new Map([['A', '1']]), cwd: '/', user: '', fs });
    expect(outcome).toMatchObject({ exitCode: 0, output: ['one', 'two'], durationMs: 1200, modelled: true });
  });

  test('exec form runs the program without a shell: no expansion, and a missing program is runc\'s error', () => {
    const exec = createRunStepExecutor();
    const fs = busybox().edit();
    expect(exec({ argv: ['echo', '$HOME'], env: new Map(), cwd: '/', user: '', fs }).output).toEqual(['$HOME']);
    const missing = exec({ argv: ['nope', 'x'], env: new Map(), cwd: '/', user: '', fs });
    expect(missing).toMatchObject({ exitCode: 127, output: ['exec: "nope": executable file not found in $PATH'] });
  });

  test('exec form works on scratch-like images when the program exists, without /bin/sh', () => {
    const w = Rootfs.empty().edit();
    w.mkdir('/bin');
    w.writeFile('/bin/busybox', makeSyntheticFile(100, 'busybox', { mode: 0o755 }));
    const fs = w.commit().rootfs.edit();
    const outcome = createRunStepExecutor()({ argv: ['/bin/busybox', 'x'], env: new Map(), cwd: '/', user: '', fs });
    expect(outcome.shellMissing).toBe(false);
  });
});

describe('shell dialects (from dash(1) and bash(1); no dash image was available to record)', () => {
  const debianLike = (): RootfsType => {
    const w = Rootfs.empty().edit();
    w.mkdir('/bin');
    w.writeFile('/bin/dash', makeSyntheticFile(125_000, 'dash', { mode: 0o755 }));
    w.setEntry('/bin/sh', makeSymlink('dash'));
    w.writeFile('/bin/cat', makeSyntheticFile(40_000, 'coreutils-cat', { mode: 0o755 }));
    return w.commit().rootfs;
  };

  test('/bin/sh -> dash is detected: echo expands escapes and "not found" carries a line number', () => {
    const r = runScript("echo 'a\\tb'; foo", { fs: debianLike().edit() });
    expect(r.stdout).toBe('a\tb\n');
    expect(r.stderr).toBe('/bin/sh: 1: foo: not found\n');
  });

  test('a coreutils binary on PATH with an implemented name runs the model of it', () => {
    const fs = debianLike().edit();
    fs.writeFile('/f', makeSyntheticFile(7, 'x'));
    expect(runScript('cat /f | wc -c', { fs }).stderr).toBe('/bin/sh: 1: wc: not found\n');
    fs.mkdir('/usr/bin', { parents: true });
    fs.writeFile('/usr/bin/wc', makeSyntheticFile(40_000, 'coreutils-wc', { mode: 0o755 }));
    expect(runScript('cat /f | wc -c', { fs }).stdout).toBe('7\n');
  });
});
