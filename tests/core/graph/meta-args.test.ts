import { describe, expect, test } from 'vitest';
import { parseDockerfile } from '../../../src/core/dockerfile/parser.ts';
import { expandInMetaScope, resolveMetaArgs } from '../../../src/core/graph/meta-args.ts';
import { expandEngineWord } from '../../../src/core/graph/engine-lexer.ts';
import { buildStageGraph } from '../../../src/core/graph/stage-graph.ts';
import type { BuilderKind } from '../../../src/core/build/types.ts';

describe('meta ARGs (the global scope FROM lines see)', () => {
  test('a build arg wins over a default, and a default expands with the args before it, in every model', () => {
    const df = parseDockerfile('ARG IMG=alpine\nARG REF=${IMG}:3.19\nFROM $REF\n');
    for (const automatic of ['newest', 'buildkit-20.10', 'legacy-20.10'] as const) {
      expect(resolveMetaArgs(df, { automatic }).fromScope.get('REF')).toBe('alpine:3.19');
      const overridden = resolveMetaArgs(df, { automatic, buildArgs: { IMG: 'busybox' } });
      expect(overridden.fromScope.get('REF')).toBe('busybox:3.19');
      expect(overridden.setByBuildArg).toBe(true);
    }
  });

  test('defaultsOnly ignores build args for meta ARGs but the newest automatic args still take theirs', () => {
    const df = parseDockerfile('ARG IMG=alpine\nFROM $IMG\n');
    const scope = resolveMetaArgs(df, {
      automatic: 'newest',
      buildArgs: { IMG: 'busybox', TARGETPLATFORM: 'linux/arm64' },
      defaultsOnly: true,
    });
    expect(scope.values.get('IMG')).toBe('alpine');
    expect(scope.values.get('TARGETPLATFORM')).toBe('linux/arm64');
  });

  test('Engine 20.10 BuildKit has 8 platform args; the newest adds *OSVERSION and TARGETSTAGE; legacy has none', () => {
    const df = parseDockerfile('FROM busybox AS final\n');
    const old = resolveMetaArgs(df, { automatic: 'buildkit-20.10' });
    expect(old.values.size).toBe(8);
    expect(old.values.get('TARGETPLATFORM')).toBe('linux/amd64');
    const newest = resolveMetaArgs(df, { automatic: 'newest', targetStage: '' });
    expect([...newest.values.keys()]).toContain('TARGETOSVERSION');
    expect(newest.values.get('TARGETSTAGE')).toBe('default');
    expect(resolveMetaArgs(df, { automatic: 'legacy-20.10' }).values.size).toBe(0);
  });

  test('the newest BuildKit keeps an earlier value for an ARG without one (buildMetaArgs)', () => {
    const df = parseDockerfile('ARG TAG=1\nARG TAG\nARG TARGETARCH\nFROM busybox:$TAG\n');
    const newest = resolveMetaArgs(df, { automatic: 'newest' });
    expect(newest.values.get('TAG')).toBe('1');
    expect(newest.values.get('TARGETARCH')).toBe('amd64');
  });

  test('a default the lexer rejects is empty for the linter', () => {
    const lint = resolveMetaArgs(parseDockerfile('ARG X=${Y\nFROM busybox:$X\n'), { automatic: 'newest' });
    expect(lint.values.get('X')).toBe('');
    expect(lint.expandedCleanly).toBe(false);
  });

  test('FROM words report the names they found and did not find, and ${VAR:-x} counts VAR', () => {
    const r = expandInMetaScope('${IMG:-alpine}:$TAG', new Map([['TAG', '1']]), '\\');
    expect(r.value).toBe('alpine:1');
    expect([...r.unmatched]).toEqual(['IMG']);
    expect([...r.matched]).toEqual(['TAG']);
  });
});

// Every observation below is Engine 20.10.24 on this machine (`DOCKER_BUILDKIT=0|1 docker build
// --no-cache .`, base image local/busybox:1, no registry); the stages write different files so the
// RUN after `FROM <word>` prints which stage the word resolved to.
const STAGES = 'FROM local/busybox:1 AS amd64\nRUN echo amd64 > /which\nFROM local/busybox:1 AS override\nRUN echo override > /which\nFROM local/busybox:1 AS empty\nRUN echo empty > /which\n';

function graphOf(text: string, builder: BuilderKind, buildArgs?: Record<string, string>) {
  return buildStageGraph(parseDockerfile(text), { builder, ...(buildArgs ? { buildArgs } : {}) });
}

function baseOf(text: string, builder: BuilderKind, buildArgs?: Record<string, string>, stage = -1) {
  return graphOf(text, builder, buildArgs).stages.at(stage)?.base;
}

describe('Engine 20.10: build args and the automatic platform args', () => {
  test('BuildKit lets a --build-arg replace an automatic platform arg in FROM without any ARG line; legacy has none to replace', () => {
    // `FROM ${TARGETARCH:-empty}` + `--build-arg TARGETARCH=override`: BuildKit printed `override`
    // (FROM stage override), legacy `empty` and "build-args [TARGETARCH] were not consumed". The same
    // with BUILDARCH. Without the build arg BuildKit printed `amd64`.
    const file = `${STAGES}FROM \${TARGETARCH:-empty}\nRUN cat /which\n`;
    expect(baseOf(file, 'buildkit', { TARGETARCH: 'override' })).toEqual({ kind: 'stage', index: 1 });
    expect(baseOf(file, 'legacy', { TARGETARCH: 'override' })).toEqual({ kind: 'stage', index: 2 });
    expect(baseOf(file, 'buildkit')).toEqual({ kind: 'stage', index: 0 });
    expect(baseOf(file.replace('TARGETARCH', 'BUILDARCH'), 'buildkit', { BUILDARCH: 'override' })).toEqual({ kind: 'stage', index: 1 });
  });
});

describe('Engine 20.10: an ARG without a value before the first FROM', () => {
  test('`ARG TARGETARCH` before FROM empties the automatic arg for FROM lines in BuildKit', () => {
    // `ARG TARGETARCH` + `FROM ${TARGETARCH:-empty}`: both builders printed `empty`; with
    // `--build-arg TARGETARCH=override` both printed `override`.
    const file = `ARG TARGETARCH\n${STAGES}FROM \${TARGETARCH:-empty}\nRUN cat /which\n`;
    for (const builder of ['buildkit', 'legacy'] as const) {
      expect(baseOf(file, builder)).toEqual({ kind: 'stage', index: 2 });
      expect(baseOf(file, builder, { TARGETARCH: 'override' })).toEqual({ kind: 'stage', index: 1 });
    }
  });

  test('a meta ARG declared again without a value loses its default in both builders', () => {
    // `ARG TAG=1`, `ARG TAG`, `FROM local/busybox:$TAG`: BuildKit `failed to parse stage name
    // "local/busybox:": invalid reference format`, legacy `invalid reference format`; with
    // `--build-arg TAG=1` both built local/busybox:1.
    const file = 'ARG TAG=1\nARG TAG\nFROM local/busybox:$TAG\nRUN echo ok\n';
    expect(baseOf(file, 'buildkit')).toEqual({ kind: 'invalid', message: 'failed to parse stage name "local/busybox:": invalid reference format', errorKind: 'parse' });
    expect(baseOf(file, 'legacy')).toEqual({ kind: 'invalid', message: 'invalid reference format', errorKind: 'other' });
    for (const builder of ['buildkit', 'legacy'] as const) expect(baseOf(file, builder, { TAG: '1' })).toMatchObject({ kind: 'image', ref: 'local/busybox:1' });
  });

  test('an ARG without a value is empty for BuildKit FROM lines but unset for legacy ones and for every stage ARG', () => {
    // `ARG X` + `FROM local/busybox:1${X?m}`: BuildKit built local/busybox:1, legacy failed `X: m`.
    // `ARG TARGETARCH` (or `ARG TAG=1` + `ARG TAG`) then a stage `ARG <name>` + `RUN echo
    // "[${<name>-unset}]"` printed `[unset]` in both builders.
    const file = 'ARG X\nFROM local/busybox:1${X?m}\n';
    expect(baseOf(file, 'buildkit')).toMatchObject({ kind: 'image', ref: 'local/busybox:1' });
    expect(baseOf(file, 'legacy')).toEqual({ kind: 'invalid', message: 'failed to process "local/busybox:1${X?m}": X: m', errorKind: 'other' });
    const g = graphOf('ARG TARGETARCH\nARG TAG=1\nARG TAG\nFROM local/busybox:1\n', 'buildkit');
    expect(g.metaArgs.has('TARGETARCH')).toBe(false);
    expect(g.metaArgs.has('TAG')).toBe(false);
    expect(g.declaredMetaArgs.has('TAG')).toBe(true);
  });

  test('the legacy builder expands one ARG line\'s defaults before adding any of them', () => {
    // `ARG A=1 B=${A}` + `FROM local/busybox:$B`: BuildKit built local/busybox:1, legacy `invalid reference format`.
    const file = 'ARG A=1 B=${A}\nFROM local/busybox:$B\n';
    expect(baseOf(file, 'buildkit')).toMatchObject({ kind: 'image', ref: 'local/busybox:1' });
    expect(baseOf(file, 'legacy')).toEqual({ kind: 'invalid', message: 'invalid reference format', errorKind: 'other' });
  });

  test('legacy FROM lines see proxy build args without an ARG line; BuildKit ones do not', () => {
    // `FROM local/busybox:1${HTTP_PROXY}` + `--build-arg HTTP_PROXY=x`: legacy tried to pull
    // local/busybox:1x, BuildKit built local/busybox:1.
    const file = 'FROM local/busybox:1${HTTP_PROXY}\n';
    expect(baseOf(file, 'legacy', { HTTP_PROXY: 'x' })).toMatchObject({ kind: 'image', ref: 'local/busybox:1x' });
    expect(baseOf(file, 'buildkit', { HTTP_PROXY: 'x' })).toMatchObject({ kind: 'image', ref: 'local/busybox:1' });
  });
});

describe('Engine 20.10: words the shell lexer rejects', () => {
  test('a meta ARG default the lexer rejects is empty for BuildKit and fails the legacy build at that ARG', () => {
    // `ARG V=${X` + `FROM local/busybox:1${V}`: BuildKit built local/busybox:1; legacy stopped at
    // step 1 with `failed to process "${X": missing ':' in substitution`. `ARG V=${X:?msg}`: the
    // same, legacy `failed to process "${X:?msg}": X: msg`.
    for (const [def, message] of [['${X', 'failed to process "${X": missing \':\' in substitution'], ['${X:?msg}', 'failed to process "${X:?msg}": X: msg']] as const) {
      const file = `ARG V=${def}\nFROM local/busybox:1\${V}\nRUN echo ok\n`;
      const bk = graphOf(file, 'buildkit');
      expect(bk.stages[0]?.base).toMatchObject({ kind: 'image', ref: 'local/busybox:1' });
      expect(bk.errors).toEqual([]);
      const legacy = graphOf(file, 'legacy');
      expect(legacy.errors.map((e) => [e.kind, e.message, e.line])).toEqual([['other', message, 1]]);
      // With `--build-arg V=` too: legacy still stopped at step 1, BuildKit built.
      expect(graphOf(file, 'legacy', { V: '' }).errors.map((e) => e.message)).toEqual([message]);
    }
    // `ARG X=1`, `ARG V=${X:?msg}`, `FROM local/busybox:1${V}`: both tried to pull local/busybox:11.
    const valid = 'ARG X=1\nARG V=${X:?msg}\nFROM local/busybox:1${V}\n';
    for (const builder of ['buildkit', 'legacy'] as const) expect(baseOf(valid, builder)).toMatchObject({ kind: 'image', ref: 'local/busybox:11' });
  });

  test.each([
    ['${X', "missing ':' in substitution"],
    ['${X-1}', "missing ':' in substitution"],
    ['${X#a}', "missing ':' in substitution"],
    ['${X/a/b}', "missing ':' in substitution"],
    ['${X:=1}', 'unsupported modifier (=) in substitution'],
    ['${X?m}', 'X: m'],
    ['${X:?}', 'X: is not allowed to be unset'],
    ['${X:-1', "syntax error: missing '}'"],
    ['${X:}', "syntax error: missing '}'"],
    ['${}', 'syntax error: bad substitution'],
    ['${:-1}', 'syntax error: bad substitution'],
    ['"abc', 'unexpected end of statement while looking for matching double-quote'],
  ])('FROM local/busybox:1%s fails in both builders with the 20.10 lexer\'s words', (word, text) => {
    // Probed one by one; BuildKit prefixes `failed to solve with frontend dockerfile.v0: failed to create LLB definition: `.
    const file = `FROM local/busybox:1${word}\nRUN echo ok\n`;
    const message = `failed to process ${JSON.stringify(`local/busybox:1${word}`)}: ${text}`;
    expect(baseOf(file, 'legacy')).toEqual({ kind: 'invalid', message, errorKind: 'other' });
    expect(graphOf(file, 'buildkit').errors.map((e) => [e.kind, e.message])).toEqual([['other', message]]);
  });

  test('the 20.10 lexer keeps ${X:-w}, ${X:+w} and quotes as the newest one does', () => {
    const env = new Map([['SET', 'v'], ['EMPTY', '']]);
    expect(expandEngineWord('${SET:-d}|${EMPTY:-d}|${UNSET:-d}|${SET:+p}|${EMPTY:+p}|"a b"|\'$SET\'|\\$SET', env, '\\')).toEqual({ value: 'v|d|d|p||a b|$SET|$SET' });
    expect(expandEngineWord('`$SET', env, '`')).toEqual({ value: '$SET' });
  });

  test('BuildKit fails on a bad FROM line even in a stage the target does not need', () => {
    // `FROM <word> AS unused` + `FROM local/busybox:1` (the target): BuildKit failed with
    // `base name ($NOPE) should not be blank`, `failed to parse stage name "Busybox": invalid
    // reference format: repository name must be lowercase`, `failed to process
    // "local/busybox:${X-1}": missing ':' in substitution`. (Legacy fails at step 1, the unused FROM.)
    for (const [word, kind, message] of [
      ['$NOPE', 'other', 'base name ($NOPE) should not be blank'],
      ['Busybox', 'parse', 'failed to parse stage name "Busybox": invalid reference format: repository name must be lowercase'],
      ['local/busybox:${X-1}', 'other', 'failed to process "local/busybox:${X-1}": missing \':\' in substitution'],
    ] as const) {
      const g = graphOf(`FROM ${word} AS unused\nRUN echo a\nFROM local/busybox:1\nRUN echo ok\n`, 'buildkit');
      expect(g.errors.map((e) => [e.kind, e.message, e.stage])).toEqual([[kind, message, 0]]);
    }
  });
});

describe('Engine 20.10: byte-order marks and spaces in FROM words', () => {
  test('the lexer drops a leading byte-order mark of a meta ARG default and of a FROM word', () => {
    // `ARG V=\uFEFF1` + `FROM local/busybox:$V`, and `FROM \uFEFFlocal/busybox:1`: both builders built local/busybox:1.
    for (const builder of ['buildkit', 'legacy'] as const) {
      expect(baseOf('ARG V=\uFEFF1\nFROM local/busybox:$V\n', builder)).toMatchObject({ kind: 'image', ref: 'local/busybox:1' });
      expect(baseOf('FROM \uFEFFlocal/busybox:1\n', builder)).toMatchObject({ kind: 'image', ref: 'local/busybox:1' });
    }
    expect(expandEngineWord('\uFEFFlocal/busybox:1', new Map(), '\\')).toEqual({ value: 'local/busybox:1' });
  });

  test('nothing trims a base name: a trailing byte-order mark or a leading space is an invalid reference', () => {
    // `FROM local/busybox:1\uFEFF`: BuildKit `failed to parse stage name "local/busybox:1\ufeff":
    // invalid reference format`, legacy `invalid reference format`. `ARG B=" local/busybox:1"` +
    // `FROM $B`: BuildKit `failed to parse stage name " local/busybox:1": invalid reference format`, legacy the same bare.
    expect(baseOf('FROM local/busybox:1\uFEFF\n', 'buildkit')).toEqual({ kind: 'invalid', message: 'failed to parse stage name "local/busybox:1\\ufeff": invalid reference format', errorKind: 'parse' });
    expect(baseOf('FROM local/busybox:1\uFEFF\n', 'legacy')).toEqual({ kind: 'invalid', message: 'invalid reference format', errorKind: 'other' });
    const spaced = 'ARG B=" local/busybox:1"\nFROM $B\n';
    expect(baseOf(spaced, 'buildkit')).toEqual({ kind: 'invalid', message: 'failed to parse stage name " local/busybox:1": invalid reference format', errorKind: 'parse' });
    expect(baseOf(spaced, 'legacy')).toEqual({ kind: 'invalid', message: 'invalid reference format', errorKind: 'other' });
  });
});
