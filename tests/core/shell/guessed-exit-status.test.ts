import { describe, expect, test } from 'vitest';
import { createRunStepExecutor, runScript, type RunBuilder } from '../../../src/core/shell/index.ts';
import { busyboxWorkingFs } from './busybox-image.ts';

// Where the guesses come from (see guessed-conditions.test.ts): /proc is the build host's and not
// modelled; under the legacy builder /etc/hosts and `hostname` are the container's (host-dependent:
// the model prints stand-ins), under BuildKit both are known exactly (buildkitsandbox).

function step(script: string, builder: RunBuilder = 'legacy') {
  const fs = busyboxWorkingFs();
  return createRunStepExecutor()({ argv: ['/bin/sh', '-c', script], env: new Map(), cwd: '/', user: '', fs, builder });
}

function exitCodeGuessed(script: string, builder: RunBuilder = 'legacy'): boolean {
  const fs = busyboxWorkingFs();
  return runScript(script, { fs, builder }).exitCodeGuessed;
}

describe('a RUN step whose success rests on a guessed exit status is estimated, whichever way the model decided', () => {
  test('RUN grep -q avx /proc/cpuinfo: the host CPU decides; the model fails it, as a guess', () => {
    const outcome = step('grep -q avx /proc/cpuinfo');
    expect([outcome.exitCode, outcome.exitCodeGuessed, outcome.estimated]).toEqual([1, true, true]);
    expect(outcome.notes.some((note) => note.includes('a real build may succeed here'))).toBe(true);
  });

  test('legacy RUN set -e; test "$(hostname)" = x: the container id decides', () => {
    const outcome = step('set -e; test "$(hostname)" = x; echo unreachable');
    expect([outcome.exitCode, outcome.exitCodeGuessed, outcome.estimated]).toEqual([1, true, true]);
  });

  test('RUN [ "$(date +%Y)" -gt 2000 ]: date is not modelled, so neither is the comparison', () => {
    expect(step('[ "$(date +%Y)" -gt 2000 ]').exitCodeGuessed).toBe(true);
  });

  test('RUN if grep -q avx /proc/cpuinfo; then exit 1; fi: the model takes the way that succeeds, a real build may not', () => {
    const outcome = step('if grep -q avx /proc/cpuinfo; then exit 1; fi');
    expect([outcome.exitCode, outcome.exitCodeGuessed]).toEqual([0, true]);
  });

  test('set -e with a guessed status that succeeded in the model: a real build may have stopped there', () => {
    const outcome = step('set -e; grep -q 172.17 /etc/hosts; echo done > /done');
    expect(outcome.exitCode).toBe(0);
    expect(outcome.exitCodeGuessed).toBe(true);
  });

  test('an exit on the way a guessed condition did not take makes the end a guess, even after exact commands', () => {
    expect(exitCodeGuessed('if grep -q 172.17 /etc/hosts; then :; else exit 1; fi; echo ok')).toBe(true);
    expect(exitCodeGuessed('grep -q 172.17 /etc/hosts && exit 3; echo ok')).toBe(true);
  });

  test('the guess travels through !, exit $?, a bare exit, return, a function, a subshell and the last element of a pipe', () => {
    const cases = [
      '! grep -q 172.17 /etc/hosts',
      'grep -q 172.17 /etc/hosts; exit $?',
      'grep -q 172.17 /etc/hosts; exit',
      'grep -q 172.17 /etc/hosts; [ $? -eq 0 ]',
      'has_bridge() { grep -q 172.17 /etc/hosts; }; has_bridge',
      'check() { grep -q 172.17 /etc/hosts && return 1; return 0; }; check',
      '(grep -q 172.17 /etc/hosts)',
      'V=$(grep 172.17 /etc/hosts)',
      'true | grep -q 172.17 /etc/hosts',
      'sh -c "grep -q 172.17 /etc/hosts"',
    ];
    for (const script of cases) expect([script, exitCodeGuessed(script)]).toEqual([script, true]);
  });

  test('&& and || under set -e: a guessed left side may run a failing right side in a real build', () => {
    // The model: grep finds nothing in its stand-in hosts file, `false` is skipped, the script goes
    // on. The real file is the host's: a real build may run `false` and stop.
    const skipped = step('set -e; grep -q db.internal /etc/hosts && false; echo after');
    expect([skipped.exitCode, skipped.exitCodeGuessed]).toEqual([0, true]);
    // And the other way round: the stand-in has the bridge address, so the model stops at `false`.
    const stopped = step('set -e; grep -q 172.17 /etc/hosts && false; echo after');
    expect([stopped.exitCode, stopped.exitCodeGuessed]).toEqual([1, true]);
  });

  test('case on a guessed word whose arms end differently, and a loop over guessed words that exits', () => {
    expect(exitCodeGuessed('case "$(hostname)" in x) exit 3 ;; esac')).toBe(true);
    expect(exitCodeGuessed('for w in $(cat /etc/hosts); do exit 1; done; echo ok')).toBe(true);
    expect(exitCodeGuessed('while grep -q 172.17 /etc/hosts; do exit 1; done')).toBe(true);
  });
});

describe('a RUN step whose success depends only on modelled data stays exact', () => {
  test('test -f on files the image is known to have, and not to have', () => {
    const present = step('test -f /bin/busybox');
    const missing = step('test -f /etc/passwd');
    expect([present.exitCode, present.exitCodeGuessed, present.estimated]).toEqual([0, false, false]);
    expect([missing.exitCode, missing.exitCodeGuessed, missing.estimated]).toEqual([1, false, false]);
  });

  test('grep on a file the build wrote exactly: found and not found', () => {
    expect([step('echo a > /x; grep -q a /x').exitCode, step('echo a > /x; grep -q a /x').exitCodeGuessed]).toEqual([0, false]);
    const miss = step('echo a > /x; grep -q b /x');
    expect([miss.exitCode, miss.exitCodeGuessed, miss.estimated]).toEqual([1, false, false]);
  });

  test('ls -l … && echo ok: only the text is approximated (estimated), the status is exact', () => {
    const outcome = step('ls -l / && echo ok');
    expect([outcome.exitCode, outcome.exitCodeGuessed, outcome.estimated]).toEqual([0, false, true]);
  });

  test('commands whose status ignores their guessed words or input: echo "$(hostname)", V=$(ls -l /)', () => {
    expect(exitCodeGuessed('echo "$(hostname)"')).toBe(false);
    expect(exitCodeGuessed('V=$(ls -l /)')).toBe(false);
    expect(exitCodeGuessed('grep 172.17 /etc/hosts | cat > /copy; true')).toBe(false);
  });

  test('a guessed status the script does not act on: not the last command, no set -e, left of a pipe (pipefail is off in /bin/sh)', () => {
    expect(exitCodeGuessed('grep -q 172.17 /etc/hosts; echo done')).toBe(false);
    expect(exitCodeGuessed('grep -q 172.17 /etc/hosts | true')).toBe(false);
    expect(exitCodeGuessed('set -e; ! grep -q 172.17 /etc/hosts; echo after')).toBe(false);
  });

  test('every way a guessed condition can go ends the same: `|| true`, a branch that only writes, a case whose arms all succeed', () => {
    const cases = [
      'set -e; grep -q 172.17 /etc/hosts || true; echo after',
      'if grep -q 172.17 /etc/hosts; then echo y > /f; fi',
      'if grep -q 172.17 /etc/hosts; then echo y > /f; else echo n > /f; fi',
      'case "$(hostname)" in x) true ;; *) echo other > /o ;; esac',
      'for w in $(cat /etc/hosts); do echo "$w" >> /words; done',
    ];
    for (const script of cases) expect([script, exitCodeGuessed(script)]).toEqual([script, false]);
  });

  test('under BuildKit the hostname and /etc/hosts are known, so the same checks are exact failures', () => {
    const hostname = step('set -e; test "$(hostname)" = x', 'buildkit');
    const hosts = step('set -e; grep -q 172.17 /etc/hosts; echo ok', 'buildkit');
    expect([hostname.exitCode, hostname.exitCodeGuessed, hostname.estimated]).toEqual([1, false, false]);
    expect([hosts.exitCode, hosts.exitCodeGuessed, hosts.estimated]).toEqual([1, false, false]);
  });

  test('exec form: an exact program is exact, a program the model does not run is a guess', () => {
    const fs = busyboxWorkingFs();
    const exec = createRunStepExecutor();
    expect(exec({ argv: ['test', '-f', '/bin/busybox'], env: new Map(), cwd: '/', user: '', fs, builder: 'buildkit' }).exitCodeGuessed).toBe(false);
    expect(exec({ argv: ['grep', '-q', 'avx', '/proc/cpuinfo'], env: new Map(), cwd: '/', user: '', fs, builder: 'buildkit' }).exitCodeGuessed).toBe(true);
  });
});

describe('files and paths: a status is a guess when it rests on guessed text it decides on, or on whether a path exists at all', () => {
  // Two RUN steps: the first writes under a guessed condition, the second checks what it left.
  function secondStep(first: string, second: string) {
    const fs = busyboxWorkingFs();
    const exec = createRunStepExecutor();
    exec({ argv: ['/bin/sh', '-c', first], env: new Map(), cwd: '/', user: '', fs, builder: 'legacy' });
    const next = fs.commit().rootfs.edit();
    return exec({ argv: ['/bin/sh', '-c', second], env: new Map(), cwd: '/', user: '', fs: next, builder: 'legacy' });
  }

  test('a later step testing for a file, directory or deletion an earlier step made under a guessed condition', () => {
    // The legacy stand-in /etc/hosts has the bridge address, so the model took the `then` branch.
    const written = 'if grep -q 172.17 /etc/hosts; then echo y > /f; mkdir /d; rm /bin/cat; fi';
    expect(secondStep(written, 'test -f /f').exitCodeGuessed).toBe(true);
    expect(secondStep(written, 'test -d /d').exitCodeGuessed).toBe(true);
    expect(secondStep(written, '[ -e /bin/cat ]').exitCodeGuessed).toBe(true);
    expect(secondStep(written, 'cat /f > /dev/null').exitCodeGuessed).toBe(true);
    // What the condition did not touch stays exact.
    const untouched = secondStep(written, 'test -f /bin/busybox && ! test -e /nope');
    expect([untouched.exitCode, untouched.exitCodeGuessed]).toEqual([0, false]);
  });

  test('in the same step: a path the script made under a guessed condition', () => {
    expect(exitCodeGuessed('grep -q 172.17 /etc/hosts && touch /marker; test -f /marker')).toBe(true);
    expect(exitCodeGuessed('grep -q db.internal /etc/hosts && touch /marker; test -f /marker')).toBe(true);
  });

  test('a host-dependent text read by a command that does not decide on it: cat, wc, a pipe into them', () => {
    expect(exitCodeGuessed('cat /etc/hosts > /copy')).toBe(false);
    expect(exitCodeGuessed('cat /etc/hosts | wc -l > /lines')).toBe(false);
    expect(exitCodeGuessed('test -s /etc/hosts')).toBe(false);
    // grep decides on the text, from a file or from a pipe.
    expect(exitCodeGuessed('grep -q 172.17 /etc/hosts')).toBe(true);
    expect(exitCodeGuessed('cat /etc/hosts | grep -q 172.17')).toBe(true);
    expect(exitCodeGuessed('read first < /etc/hosts')).toBe(true);
  });
});
