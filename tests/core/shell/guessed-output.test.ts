import { describe, expect, test } from 'vitest';
import { guessOf, makeFile, type WorkingFs } from '../../../src/core/fs/index.ts';
import { createRunStepExecutor, runScript, type ResolveExternal } from '../../../src/core/shell/index.ts';
import { busyboxWorkingFs as busybox } from './busybox-image.ts';

function run(script: string, options: { resolveExternal?: ResolveExternal; dialect?: 'ash' | 'dash' } = {}): { fs: WorkingFs; modelled: boolean; estimated: boolean; exitCode: number; stdout: string } {
  const fs = busybox();
  const r = runScript(script, { fs, ...options });
  return { fs, modelled: r.modelled, estimated: r.estimated, exitCode: r.exitCode, stdout: r.stdout };
}

const guessAt = (fs: WorkingFs, path: string): string | undefined => guessOf(fs.lookup(path));

describe('files whose text the shell model guessed carry a mark', () => {
  test('echo, printf, a heredoc and cp of them stay exact: no mark, not estimated', () => {
    const r = run('echo hi > /a; printf "x\\n" > /b; cat > /c <<EOF\nline\nEOF\ncp /a /d; cat /a /b >> /e; ls /tmp > /f');
    expect(r.modelled).toBe(true);
    expect(r.estimated).toBe(false);
    for (const path of ['/a', '/b', '/c', '/d', '/e', '/f']) expect([path, guessAt(r.fs, path)]).toEqual([path, undefined]);
    expect(r.fs.lookup('/a')).not.toHaveProperty('estimated');
  });

  test('`date > /stamp` (date is not modelled) leaves an empty file marked unknown and estimated', () => {
    const r = run('date > /stamp');
    expect(r.modelled).toBe(false);
    expect(r.fs.lookup('/stamp')).toMatchObject({ size: 0, estimated: true });
    expect(guessAt(r.fs, '/stamp')).toBe('unknown');
  });

  test('`uname -a` output (the build host kernel, not modelled) is unknown; `uname -m` is exact for linux/amd64', () => {
    const r = run('uname -a > /kernel; uname -m > /arch');
    expect(guessAt(r.fs, '/kernel')).toBe('unknown');
    expect(guessAt(r.fs, '/arch')).toBeUndefined();
  });

  test('`ls -l` times and `id` groups are host-dependent approximations; `ls` and `id -u` are exact', () => {
    const r = run('mkdir /app; ls -l /tmp > /app/long; ls /tmp > /app/short; id > /app/id; id -u > /app/uid');
    expect(r.modelled).toBe(true);
    expect(r.estimated).toBe(true);
    expect(guessAt(r.fs, '/app/long')).toBe('host-dependent');
    expect(guessAt(r.fs, '/app/id')).toBe('host-dependent');
    expect(guessAt(r.fs, '/app/short')).toBeUndefined();
    expect(guessAt(r.fs, '/app/uid')).toBeUndefined();
  });

  test('listing / or /etc is an approximation: a real container has /proc, /sys, /dev and /etc/hosts there', () => {
    const r = run('ls / > /root-list; ls /etc > /etc-list');
    expect(guessAt(r.fs, '/root-list')).toBe('host-dependent');
    expect(guessAt(r.fs, '/etc-list')).toBe('host-dependent');
  });

  test('a guess flows through a pipe, a command substitution, a variable, export and a heredoc', () => {
    const r = run([
      'uname -a | tr a-z A-Z > /piped',
      'echo "built $(date)" > /substituted',
      'HOST=$(date +%s); echo "$HOST" > /variable',
      'export WHEN="$(date)"; echo "$WHEN" > /exported',
      'cat > /heredoc <<EOF\nat $(date)\nEOF',
      'PLAIN=x; echo "$PLAIN" > /plain',
      'HOST=again; echo "$HOST" > /reassigned',
    ].join('\n'));
    for (const path of ['/piped', '/substituted', '/variable', '/exported', '/heredoc']) expect([path, guessAt(r.fs, path)]).toEqual([path, 'unknown']);
    expect(guessAt(r.fs, '/plain')).toBeUndefined();
    expect(guessAt(r.fs, '/reassigned')).toBeUndefined();
  });

  test('cp, cat, tee, head and >> of a guessed file keep its mark; for and read pass it on', () => {
    const r = run([
      'ls -l /tmp > /src',
      'cp /src /copy; cat /src > /catted; cat /src | tee /teed > /dev/null; head -n 1 /src > /head',
      'echo exact > /appended; cat /src >> /appended',
      'for w in $(cat /src); do echo "$w" > /loop; done',
      'read line < /src; echo "$line" > /read',
    ].join('\n'));
    for (const path of ['/copy', '/catted', '/teed', '/head', '/appended', '/read']) expect([path, guessAt(r.fs, path)]).toEqual([path, 'host-dependent']);
    // How often a loop over guessed words runs is a guess too: what its body writes is conditional.
    expect(guessAt(r.fs, '/loop')).toBe('conditional');
  });

  test('the weaker knowledge wins when guesses mix: unknown beats host-dependent', () => {
    const r = run('{ ls -l /tmp; date; } > /mixed');
    expect(guessAt(r.fs, '/mixed')).toBe('unknown');
  });

  test('`cat /proc/version` succeeds with unknown output instead of failing: /proc is the build host kernel\'s', () => {
    const r = run('cat /proc/version > /version');
    expect(r.exitCode).toBe(0);
    expect(r.modelled).toBe(false);
    expect(guessAt(r.fs, '/version')).toBe('unknown');
  });

  test('$RANDOM (a new number each time in ash, verified on local/busybox:1) is not modelled; dash has no $RANDOM', () => {
    const ash = run('echo "$RANDOM" > /r');
    expect(ash.modelled).toBe(false);
    expect(guessAt(ash.fs, '/r')).toBe('unknown');
    const dash = run('echo "$RANDOM" > /r', { dialect: 'dash' });
    expect(dash.modelled).toBe(true);
    expect(guessAt(dash.fs, '/r')).toBeUndefined();
  });

  test('what a knowledge-base estimate prints is unknown text, even though the step counts as modelled', () => {
    const hook: ResolveExternal = (argv) => (argv[0] === 'tool' ? { exitCode: 0, stdout: 'tool 1.0\n', note: 'tool (estimate)' } : undefined);
    const r = run('tool --version > /v', { resolveExternal: hook });
    expect(r.modelled).toBe(true);
    expect(guessAt(r.fs, '/v')).toBe('unknown');
  });
});

describe('a RUN step the shell model did not fully run', () => {
  const exec = createRunStepExecutor();
  const invoke = (script: string, fs: WorkingFs) => exec({ argv: ['/bin/sh', '-c', script], env: new Map(), cwd: '/', user: '', fs });

  test('is estimated, and its exactly computed files become partly-modelled (the unmodelled command may have changed them)', () => {
    const fs = busybox();
    const outcome = invoke('echo hi > /a; md5sum /a > /dev/null', fs);
    expect(outcome.modelled).toBe(false);
    expect(outcome.estimated).toBe(true);
    expect(guessOf(fs.lookup('/a'))).toBe('partly-modelled');
    expect(fs.lookup('/a')).toMatchObject({ size: 3, estimated: true });
  });

  test('keeps a stronger mark: the output of the unmodelled command itself stays unknown', () => {
    const fs = busybox();
    invoke('date > /h; echo hi > /a', fs);
    expect(guessOf(fs.lookup('/h'))).toBe('unknown');
    expect(guessOf(fs.lookup('/a'))).toBe('partly-modelled');
  });

  test('a fully modelled step is not estimated and marks nothing', () => {
    const fs = busybox();
    const outcome = invoke('echo hi > /a', fs);
    expect(outcome).toMatchObject({ modelled: true, estimated: false });
    expect(guessOf(fs.lookup('/a'))).toBeUndefined();
  });

  test('RUN --mount (not visible to the shell model) is estimated too', () => {
    const fs = busybox();
    const outcome = exec({ argv: ['/bin/sh', '-c', 'echo hi > /a'], env: new Map(), cwd: '/', user: '', fs, mounts: [{}] });
    expect(outcome).toMatchObject({ modelled: false, estimated: true });
    expect(guessOf(fs.lookup('/a'))).toBe('partly-modelled');
  });
});

describe('the RUN environment the model cannot know exactly', () => {
  test('an `env` listing is an approximation: a real RUN also lists PWD, SHLVL and (legacy builder) HOSTNAME', () => {
    const r = run('env > /env.txt; env | grep -c PATH > /count');
    expect(guessAt(r.fs, '/env.txt')).toBe('host-dependent');
    expect(guessAt(r.fs, '/count')).toBe('host-dependent');
  });

  test('$HOSTNAME (the container id under the legacy builder, unset under BuildKit) is unknown text', () => {
    const r = run('echo "$HOSTNAME" > /h');
    expect(guessAt(r.fs, '/h')).toBe('unknown');
    expect(r.estimated).toBe(true);
  });
});

test('a script the model stopped (an endless loop) counts as not modelled: where a real shell went on is unknown', () => {
  const fs = busybox();
  const r = runScript('echo start > /log; while true; do :; done', { fs, maxCommands: 200 });
  expect(r.modelled).toBe(false);
});

describe('in-place edits by commands the model does not run', () => {
  test('`sed -i` puts the file it edits in the step\'s layer (as a real engine does, even when nothing matched) with unknown text', () => {
    const fs = busybox();
    fs.writeFile('/f', makeFile('aaaa\n'));
    const base = fs.commit().rootfs.edit();
    const r = runScript("sed -i 's/a/bb/' /f", { fs: base });
    expect(r.modelled).toBe(false);
    expect(guessOf(base.lookup('/f'))).toBe('unknown');
    expect(base.commit().layer.changes.has('/f')).toBe(true);
  });

  test('sed without -i and the script operand itself are left alone; -e, -i.bak and perl -pi (on an image known by size only) are recognised', () => {
    const fs = busybox();
    for (const name of ['/a', '/b', '/c', '/d', '/s/x']) {
      fs.mkdir('/s');
      fs.writeFile(name, makeFile('x\n'));
    }
    const base = fs.commit().rootfs.edit();
    runScript("sed 's/x/y/' /a > /dev/null; sed -i.bak -e 's/x/y/' /b; cd /s && sed -i s/x/y/ x", { fs: base });
    runScript("perl -pi -e 's/x/y/' /c", { fs: base, knownFiles: 'partial' });
    expect(guessOf(base.lookup('/a'))).toBeUndefined();
    expect(guessOf(base.lookup('/b'))).toBe('unknown');
    expect(guessOf(base.lookup('/c'))).toBe('unknown');
    expect(guessOf(base.lookup('/s/x'))).toBe('unknown');
    expect(guessOf(base.lookup('/d'))).toBeUndefined();
  });
});

test('`head -c 16 /dev/urandom > /key` succeeds (as on a real engine) with unknown contents instead of failing the step', () => {
  const r = run('head -c 16 /dev/urandom > /key');
  expect(r.exitCode).toBe(0);
  expect(r.modelled).toBe(false);
  expect(guessAt(r.fs, '/key')).toBe('unknown');
});
