import { describe, expect, test } from 'vitest';
import { guessOf } from '../../../src/core/fs/index.ts';
import { createRunStepExecutor, runScript } from '../../../src/core/shell/index.ts';
import { busyboxWorkingFs } from './busybox-image.ts';

// /proc/cpuinfo is the build host's (not modelled: reading it is `unknown`), so `grep -q avx
// /proc/cpuinfo` may succeed or fail on a real engine; the model reads it as empty (grep fails).

function run(script: string) {
  const fs = busyboxWorkingFs();
  const r = runScript(script, { fs, builder: 'buildkit' });
  const layer = fs.commit().layer;
  return { ...r, fs, layer, guess: (path: string) => guessOf(fs.lookup(path)), uncertain: layer.uncertainPaths };
}

describe('writes and deletions under a condition the model could only guess', () => {
  test('`if grep -q avx /proc/cpuinfo; then echo y > /f; fi`: the branch not taken may write /f on a real engine', () => {
    const r = run('if grep -q avx /proc/cpuinfo; then echo y > /f; fi');
    expect(r.fs.lookup('/f')).toBeUndefined();
    expect(r.uncertain).toEqual(['/f']);
  });

  test('the branch taken writes files marked conditional; the else branch\'s deletion and mkdir make paths uncertain', () => {
    const r = run('echo a > /x; if grep -q avx /proc/cpuinfo; then rm /x; mkdir /d; else echo b > /x; echo new > /n; fi');
    expect(r.guess('/x')).toBe('conditional');
    expect(r.guess('/n')).toBe('conditional');
    expect(r.uncertain).toEqual(['/d']);
  });

  test('a deletion in the branch taken leaves the path uncertain, not plainly gone', () => {
    const r = run('if ! grep -q avx /proc/cpuinfo; then rm /bin/busybox; fi');
    expect(r.fs.lookup('/bin/busybox')).toBeUndefined();
    expect(r.uncertain).toEqual(['/bin/busybox']);
  });

  test('&& and || chains: what runs after a guessed status is conditional, what follows the chain is exact', () => {
    const r = run('grep -q avx /proc/cpuinfo && echo y > /yes; grep -q avx /proc/cpuinfo || echo n > /no; echo after > /after');
    expect(r.uncertain).toEqual(['/yes']);
    expect(r.guess('/no')).toBe('conditional');
    expect(r.guess('/after')).toBeUndefined();
  });

  test('a condition fed by guessed data through a pipe, a variable or a function is a guess too', () => {
    const r = run([
      'cat /etc/resolv.conf | grep -q 8.8.8.8 && echo 1 > /piped',
      'DNS=$(cat /etc/resolv.conf); [ -n "$DNS" ] && echo 1 > /variable',
      'has_avx() { grep -q avx /proc/cpuinfo; }; has_avx || echo 1 > /function',
    ].join('\n'));
    for (const path of ['/piped', '/variable', '/function']) expect([path, r.guess(path)]).toEqual([path, 'conditional']);
  });

  test('`case` on a guessed word: the arm taken writes conditional files, the others\' writes are uncertain', () => {
    const r = run('case "$(uname -a)" in *x86_64*) mkdir /d ;; *) touch /e ;; esac; echo done > /done');
    expect(r.guess('/e')).toBe('conditional');
    expect(r.uncertain).toEqual(['/d']);
    expect(r.guess('/done')).toBeUndefined();
  });

  test('while/until on a guessed condition: a real build may run the body once more', () => {
    const r = run('while grep -q avx /proc/cpuinfo; do echo loop > /l; break; done');
    expect(r.uncertain).toEqual(['/l']);
  });

  test('a variable set in a guessed branch carries the guess into later writes', () => {
    const r = run('FLAGS=plain; if grep -q avx /proc/cpuinfo; then FLAGS=avx; fi; echo "$FLAGS" > /flags');
    expect(r.guess('/flags')).toBe('conditional');
  });

  test('the marks change neither the layer\'s files nor its size', () => {
    const guessed = run('if grep -q avx /proc/cpuinfo; then echo yy > /f; else echo n > /f; fi');
    expect(guessed.layer.size).toBe(2);
    expect([...guessed.layer.changes.keys()]).toEqual(['/f']);
  });
});

describe('conditions on exactly modelled data stay exact', () => {
  test('test, grep and case on files and words the model knows', () => {
    const r = run([
      'echo a > /x',
      'if [ -f /x ]; then echo y > /f; else echo n > /g; fi',
      'grep -q a /x && echo z > /z',
      'case "$(cat /x)" in a) echo arm > /arm ;; *) mkdir /other ;; esac',
      'for w in one two; do echo "$w" > /w; done',
      'while [ ! -f /stop ]; do touch /stop; done',
      '[ "$(hostname)" = buildkitsandbox ] && echo bk > /bk',
    ].join('\n'));
    expect(r.modelled).toBe(true);
    for (const path of ['/f', '/z', '/arm', '/w', '/stop', '/bk']) expect([path, r.guess(path)]).toEqual([path, undefined]);
    expect(r.fs.lookup('/g')).toBeUndefined();
    expect(r.uncertain).toEqual([]);
  });

  test('an approximated text does not make its command\'s status a guess (ls -l exits 0 whatever its dates)', () => {
    const r = run('ls -l / > /dev/null && echo k > /k; ls -l / | grep -q Jan && echo j > /j');
    expect(r.guess('/k')).toBeUndefined();
    // grep decides on the approximated dates themselves.
    expect(r.guess('/j')).toBe('conditional');
  });
});

describe('through the RUN executor', () => {
  test('a step whose condition read /proc is not modelled: its files are partly-modelled, a stronger mark than conditional', () => {
    const fs = busyboxWorkingFs();
    const exec = createRunStepExecutor();
    exec({ argv: ['/bin/sh', '-c', 'grep -q avx /proc/cpuinfo || echo n > /n'], env: new Map(), cwd: '/', user: '', fs, builder: 'legacy' });
    expect(guessOf(fs.lookup('/n'))).toBe('partly-modelled');
  });

  test('a condition on a host-dependent file (modelled) leaves conditional files', () => {
    const fs = busyboxWorkingFs();
    const exec = createRunStepExecutor();
    const outcome = exec({ argv: ['/bin/sh', '-c', 'grep -q 172.17 /etc/hosts && echo bridge > /net'], env: new Map(), cwd: '/', user: '', fs, builder: 'legacy' });
    expect(outcome.modelled).toBe(true);
    expect(guessOf(fs.lookup('/net'))).toBe('conditional');
  });
});
