import { describe, expect, test } from 'vitest';
import { completeLine, EMPTY_HISTORY, historyDown, historyUp, parseTerminalCommand, recordCommand, splitCommandLine } from '../../../src/core/terminal/index.ts';

describe('splitting a command line', () => {
  test('quotes group words and backslashes escape', () => {
    expect(splitCommandLine(`docker build --build-arg "MSG=hello world" -t 'my app' a\\ b`)).toEqual({ ok: true, words: ['docker', 'build', '--build-arg', 'MSG=hello world', '-t', 'my app', 'a b'] });
  });
  test('an unterminated quote is an error, not an exception', () => {
    expect(splitCommandLine('docker run "x').ok).toBe(false);
  });
});

describe('parsing docker commands', () => {
  test('docker build takes -f, repeated -t, --target, --build-arg and --no-cache in both flag forms', () => {
    expect(parseTerminalCommand('docker build -f other.Dockerfile -t app -tapp:2 --target=build --build-arg V=1 --build-arg W --no-cache .')).toEqual({
      kind: 'build',
      file: 'other.Dockerfile',
      tags: ['app', 'app:2'],
      target: 'build',
      buildArgs: { V: '1' },
      unsetBuildArgs: ['W'],
      noCache: true,
      context: '.',
    });
  });
  test('docker build without a context prints the CLI usage error', () => {
    const c = parseTerminalCommand('docker build -t app');
    expect(c.kind).toBe('error');
    if (c.kind === 'error') expect(c.lines[0]).toBe('"docker build" requires exactly 1 argument.');
  });
  test('an unknown build flag is reported as the CLI does', () => {
    const c = parseTerminalCommand('docker build --squash .');
    expect(c).toEqual({ kind: 'error', lines: ['unknown flag: --squash', "See 'docker build --help'."], status: 1 });
  });
  test('image subcommands and run options are understood', () => {
    expect(parseTerminalCommand('docker image inspect app')).toEqual({ kind: 'inspect', images: ['app'] });
    expect(parseTerminalCommand('docker image ls')).toEqual({ kind: 'images' });
    expect(parseTerminalCommand('docker run --rm -it app ls /app')).toEqual({ kind: 'run', image: 'app', args: ['ls', '/app'] });
    expect(parseTerminalCommand('docker history app')).toEqual({ kind: 'history', image: 'app' });
  });
  test('other programs are not found, blank lines are empty', () => {
    expect(parseTerminalCommand('ls').kind).toBe('error');
    expect(parseTerminalCommand('   ').kind).toBe('empty');
    expect(parseTerminalCommand('clear').kind).toBe('clear');
  });
});

describe('tab completion', () => {
  const sources = { stages: ['build', 'builder-cache', 'runtime'], files: ['Dockerfile', 'pom.xml'], images: ['app', 'app:latest'] };
  test('a unique match completes with a trailing space', () => {
    expect(completeLine('doc', sources)).toEqual({ line: 'docker ', candidates: [] });
    expect(completeLine('docker bu', sources)).toEqual({ line: 'docker build ', candidates: [] });
  });
  test('stage names complete after --target, up to the common prefix', () => {
    const c = completeLine('docker build --target bu', sources);
    expect(c.line).toBe('docker build --target build');
    expect(c.candidates).toEqual(['build', 'builder-cache']);
    expect(completeLine('docker build --target r', sources).line).toBe('docker build --target runtime ');
  });
  test('files complete after -f and images after run', () => {
    expect(completeLine('docker build -f po', sources).line).toBe('docker build -f pom.xml ');
    expect(completeLine('docker run app:', sources).line).toBe('docker run app:latest ');
  });
});

describe('command history', () => {
  test('up walks back, down returns to the draft', () => {
    let h = recordCommand(recordCommand(EMPTY_HISTORY, 'docker images'), 'docker build .');
    const up1 = historyUp(h, 'dock');
    expect(up1.line).toBe('docker build .');
    const up2 = historyUp(up1.history, up1.line);
    expect(up2.line).toBe('docker images');
    expect(historyUp(up2.history, up2.line).line).toBe('docker images');
    const down1 = historyDown(up2.history, up2.line);
    expect(down1.line).toBe('docker build .');
    expect(historyDown(down1.history, down1.line).line).toBe('dock');
    h = recordCommand(h, 'docker build .');
    expect(h.entries).toEqual(['docker images', 'docker build .']);
  });
});
