import { describe, expect, test } from 'vitest';
import { guessOf, makeFile, type WorkingFs } from '../../../src/core/fs/index.ts';
import { createRunStepExecutor, runScript, type RunBuilder } from '../../../src/core/shell/index.ts';
import { busyboxWorkingFs as busybox } from './busybox-image.ts';

// Expected texts were recorded on Engine 20.10.24 with local/busybox:1 (an image whose /etc is
// empty), `docker build` with and without DOCKER_BUILDKIT=1, and the images inspected with
// `docker save` (layer tars), `docker create` + `docker export` / `docker cp`, and `docker run`.

function run(script: string, builder: RunBuilder | undefined, fs: WorkingFs = busybox()) {
  const r = runScript(script, { fs, ...(builder !== undefined ? { builder } : {}) });
  return { ...r, fs, text: (path: string) => textOf(fs, path), guess: (path: string) => guessOf(fs.lookup(path)) };
}

function textOf(fs: WorkingFs, path: string): string | undefined {
  const entry = fs.lookup(path);
  return entry?.type === 'file' && entry.body.kind === 'bytes' ? new TextDecoder().decode(entry.body.data) : undefined;
}

const BUILDKIT_HOSTS = '127.0.0.1\tlocalhost buildkitsandbox\n::1\tlocalhost ip6-localhost ip6-loopback\n';

describe('reading the files the builder mounts into a RUN container', () => {
  test('BuildKit: `cat /etc/hosts > /out` copies its fixed 77-byte hosts file exactly', () => {
    const r = run('cat /etc/hosts > /out', 'buildkit');
    expect(r.exitCode).toBe(0);
    expect(r.text('/out')).toBe(BUILDKIT_HOSTS);
    expect(r.fs.lookup('/out')).toMatchObject({ size: 77 });
    expect(r.guess('/out')).toBeUndefined();
  });

  test('legacy builder: /etc/hosts names the random container id and address, so the copy is host-dependent', () => {
    const r = run('cat /etc/hosts > /out', 'legacy');
    expect(r.exitCode).toBe(0);
    expect(r.text('/out')).toMatch(/^127\.0\.0\.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n(.*\n){4}172\.17\.0\.\d+\t[0-9a-f]{12}\n$/);
    expect(r.guess('/out')).toBe('host-dependent');
  });

  test('/etc/resolv.conf comes from the build host under both builders: host-dependent', () => {
    for (const builder of ['legacy', 'buildkit'] as const) {
      const r = run('cat /etc/resolv.conf > /out', builder);
      expect([builder, r.exitCode, r.guess('/out')]).toEqual([builder, 0, 'host-dependent']);
      expect(r.text('/out')).toMatch(/^nameserver /);
    }
  });

  test('/etc/hostname: the container id under the legacy builder; BuildKit does not mount it, so cat fails', () => {
    const legacy = run('cat /etc/hostname > /out', 'legacy');
    expect(legacy.exitCode).toBe(0);
    expect(legacy.text('/out')).toMatch(/^[0-9a-f]{12}\n$/);
    expect(legacy.guess('/out')).toBe('host-dependent');
    const buildkit = run('cat /etc/hostname > /out', 'buildkit');
    expect(buildkit.exitCode).toBe(1);
    expect(buildkit.stderr).toBe("cat: can't open '/etc/hostname': No such file or directory\n");
    expect(buildkit.text('/out')).toBe('');
    expect(buildkit.guess('/out')).toBeUndefined();
  });

  test('`hostname` prints buildkitsandbox under BuildKit (exact) and the container id under the legacy builder (host-dependent)', () => {
    const buildkit = run('hostname > /out', 'buildkit');
    expect([buildkit.text('/out'), buildkit.guess('/out')]).toEqual(['buildkitsandbox\n', undefined]);
    const legacy = run('hostname > /out', 'legacy');
    expect(legacy.text('/out')).toMatch(/^[0-9a-f]{12}\n$/);
    expect(legacy.guess('/out')).toBe('host-dependent');
  });

  test('$HOSTNAME is the container id under the legacy builder (host-dependent) and unset under BuildKit (exact)', () => {
    const buildkit = run('echo "[$HOSTNAME]" > /out', 'buildkit');
    expect([buildkit.text('/out'), buildkit.guess('/out')]).toEqual(['[]\n', undefined]);
    const legacy = run('echo "[$HOSTNAME]" > /out', 'legacy');
    expect(legacy.guess('/out')).toBe('host-dependent');
  });

  test('the mounts hide a file the image has at that path (legacy: all three; BuildKit: not /etc/hostname)', () => {
    const withOwn = (): WorkingFs => {
      const fs = busybox();
      fs.writeFile('/etc/hosts', makeFile('my-own-hosts\n'));
      fs.writeFile('/etc/hostname', makeFile('my-own-hostname\n'));
      return fs.commit().rootfs.edit();
    };
    const legacy = run('cat /etc/hosts /etc/hostname > /out', 'legacy', withOwn());
    expect(legacy.text('/out')).not.toContain('my-own');
    const buildkit = run('cat /etc/hosts /etc/hostname > /out', 'buildkit', withOwn());
    expect(buildkit.text('/out')).toBe(`${BUILDKIT_HOSTS}my-own-hostname\n`);
  });

  test('without a builder the reads are host-dependent stand-ins, whichever builder runs', () => {
    const r = run('cat /etc/hosts > /a; hostname > /b', undefined);
    expect([r.guess('/a'), r.guess('/b')]).toEqual(['host-dependent', 'host-dependent']);
  });
});

describe('listing /etc during RUN', () => {
  test('BuildKit: the image\'s files plus hosts and resolv.conf, exactly', () => {
    const r = run('ls /etc > /list', 'buildkit');
    expect([r.text('/list'), r.guess('/list')]).toEqual(['hosts\nresolv.conf\n', undefined]);
  });

  test('legacy builder: also hostname (and on a real engine /etc/mtab), so the listing is an approximation', () => {
    const r = run('ls /etc > /list', 'legacy');
    expect([r.text('/list'), r.guess('/list')]).toEqual(['hostname\nhosts\nresolv.conf\n', 'host-dependent']);
  });
});

describe('writing the mounted files', () => {
  test('legacy builder: `echo x >> /etc/hosts` succeeds, the step sees it, and the layer gets nothing', () => {
    const r = run('echo x >> /etc/hosts; echo "append=$?"; tail -n 1 /etc/hosts', 'legacy');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('append=0\nx\n');
    expect(r.fs.recordedChanges()).toEqual([]);
    expect(r.fs.commit().layer.isEmpty).toBe(true);
    expect(r.notes).toContain('/etc/hosts is mounted by the builder during RUN: what the step wrote there is not in the image');
  });

  test('BuildKit: /etc/hosts is read-only, the redirect fails with status 1 and the layer gets nothing', () => {
    const r = run('echo x >> /etc/hosts; echo "append=$?"; cat /etc/hosts', 'buildkit');
    expect(r.stdout).toBe(`append=1\n${BUILDKIT_HOSTS}`);
    expect(r.stderr).toBe("/bin/sh: can't create /etc/hosts: Read-only file system\n");
    expect(r.fs.recordedChanges()).toEqual([]);
  });

  test('BuildKit: cp, touch, chmod and tee onto the read-only mounts fail as busybox reports it', () => {
    const r = run('echo a > /a; cp /a /etc/hosts; echo "cp=$?"; touch /etc/hosts; echo "touch=$?"; chmod 600 /etc/resolv.conf; echo "chmod=$?"; echo t | tee /etc/hosts; echo "tee=$?"', 'buildkit');
    expect(r.stdout).toBe('cp=1\ntouch=1\nchmod=1\nt\ntee=1\n');
    expect(r.stderr).toBe([
      "cp: can't create '/etc/hosts': Read-only file system",
      'touch: /etc/hosts: Read-only file system',
      'chmod: /etc/resolv.conf: Read-only file system',
      'tee: /etc/hosts: Read-only file system',
      '',
    ].join('\n'));
    expect(r.fs.recordedChanges().map(([path]) => path)).toEqual(['/a']);
  });

  test('a mount point cannot be removed, renamed, renamed over or replaced by a link (both builders)', () => {
    for (const builder of ['legacy', 'buildkit'] as const) {
      const r = run('echo a > /a; rm /etc/resolv.conf; echo "rm=$?"; mv /etc/hosts /moved; echo "mv=$?"; mv /a /etc/hosts; echo "mvto=$?"; ln -sf /a /etc/hosts; echo "ln=$?"', builder);
      expect(r.stdout).toBe('rm=1\nmv=1\nmvto=1\nln=1\n');
      expect(r.stderr).toBe([
        "rm: can't remove '/etc/resolv.conf': Device or resource busy",
        "mv: can't rename '/etc/hosts': Device or resource busy",
        "mv: can't rename '/a': Device or resource busy",
        'ln: /etc/hosts: File exists',
        '',
      ].join('\n'));
      expect(r.fs.recordedChanges().map(([path]) => path)).toEqual(['/a']);
    }
  });

  test('`rm -rf /etc` reports each mount point busy, in the order the engine met them, and keeps /etc', () => {
    const legacy = run('rm -rf /etc; echo "rm=$?"; ls /etc', 'legacy');
    expect(legacy.stderr).toBe([
      "rm: can't remove '/etc/hosts': Device or resource busy",
      "rm: can't remove '/etc/resolv.conf': Device or resource busy",
      "rm: can't remove '/etc/hostname': Device or resource busy",
      '',
    ].join('\n'));
    expect(legacy.stdout).toBe('rm=1\nhostname\nhosts\nresolv.conf\n');
    const buildkit = run('rm -rf /etc', 'buildkit');
    expect(buildkit.stderr.split('\n').filter((l) => l !== '')).toHaveLength(2);
  });

  test('BuildKit does not mount /etc/hostname: writing it puts the file in the layer', () => {
    const r = run('echo y > /etc/hostname', 'buildkit');
    expect(r.fs.recordedChanges().map(([path]) => path)).toEqual(['/etc/hostname']);
    expect(run('echo y > /etc/hostname', 'legacy').fs.recordedChanges()).toEqual([]);
  });

  test('the next step sees fresh mounts and the image never holds them: after the step, the layer has none of the three', () => {
    const fs = busybox();
    run('echo x >> /etc/hosts; echo y > /etc/hostname; cat /etc/hosts > /copy', 'legacy', fs);
    expect(fs.lookup('/etc/hosts')).toBeUndefined();
    expect(fs.lookup('/etc/hostname')).toBeUndefined();
    expect(fs.lookup('/etc/resolv.conf')).toBeUndefined();
    expect(fs.childNames('/etc')).toEqual([]);
    expect(textOf(fs, '/copy')).toMatch(/\nx\n$/);
  });

  test('without a builder a write behaves as under the legacy builder, with a note on what BuildKit does', () => {
    const r = run('echo x >> /etc/hosts', undefined);
    expect(r.exitCode).toBe(0);
    expect(r.fs.recordedChanges()).toEqual([]);
    expect(r.notes.some((n) => n.includes('BuildKit mounts it read-only'))).toBe(true);
  });
});

describe('the RUN executor passes the builder on', () => {
  test('an invocation for BuildKit sees the read-only hosts file', () => {
    const exec = createRunStepExecutor();
    const fs = busybox();
    const outcome = exec({ argv: ['/bin/sh', '-c', 'echo x >> /etc/hosts'], env: new Map(), cwd: '/', user: '', fs, builder: 'buildkit' });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.output).toEqual(["/bin/sh: can't create /etc/hosts: Read-only file system"]);
  });

  test('an exec-form RUN gets the mounts too', () => {
    const exec = createRunStepExecutor();
    const fs = busybox();
    const outcome = exec({ argv: ['cat', '/etc/hosts'], env: new Map(), cwd: '/', user: '', fs, builder: 'buildkit' });
    expect(outcome.output).toEqual(BUILDKIT_HOSTS.trimEnd().split('\n'));
  });
});
