import { describe, expect, test } from 'vitest';
import type { Instruction } from '../../../src/core/dockerfile/ast.ts';
import { parseDockerfile } from '../../../src/core/dockerfile/parser.ts';
import { dedent } from './dedent.ts';

const engine = (text: string): (string | undefined)[] => parseDockerfile(text).diagnostics.map((d) => d.engineMessage);
const at = (text: string, range: readonly [number, number] | undefined): string => (range ? text.slice(range[0], range[1]) : '<none>');
/** The instruction types whose `kind` can be K (COPY and ADD share one interface). */
type OfKind<K extends Instruction['kind'], T = Instruction> = T extends { kind: infer TK } ? (K extends TK ? T : never) : never;

/** The last instruction of a Dockerfile, narrowed to a kind. */
function last<K extends Instruction['kind']>(text: string, kind: K): OfKind<K> {
  const instruction = parseDockerfile(text).instructions.at(-1);
  if (instruction?.kind !== kind) throw new Error(`expected ${kind}, got ${instruction?.kind}`);
  return instruction as OfKind<K>;
}

describe('FROM and stages', () => {
  test('FROM image AS Name gives a lowercased stage name and keeps AS as written', () => {
    const text = 'FROM --platform=$BUILDPLATFORM golang:1.22 as Build\n';
    const from = last(text, 'from');
    expect([from.image, from.platform, from.stageName, from.asKeyword]).toEqual(['golang:1.22', '$BUILDPLATFORM', 'build', 'as']);
    expect([at(text, from.imageRange), at(text, from.stageNameRange)]).toEqual(['golang:1.22', 'Build']);
  });

  test('FROM with two arguments, or AS without a name, is an error', () => {
    expect(engine('FROM a b\n')).toEqual(['dockerfile parse error on line 1: FROM requires either one or three arguments']);
    expect(engine('FROM a AS\n')).toEqual(['dockerfile parse error on line 1: FROM requires either one or three arguments']);
  });

  test('a stage name that starts with a digit is an error pointing at the name', () => {
    const text = 'FROM a AS 1st\n';
    const [diagnostic] = parseDockerfile(text).diagnostics;
    expect(diagnostic?.engineMessage).toBe(
      'dockerfile parse error on line 1: invalid name for build stage: "1st", name can\'t start with a number or contain symbols',
    );
    expect(at(text, diagnostic?.range)).toBe('1st');
  });

  test('stage names may use letters, digits, "-", "_" and "."', () => {
    expect(engine('FROM a AS my-stage_1.0\n')).toEqual([]);
  });

  test('ARGs before the first FROM are meta ARGs; the others belong to stages', () => {
    const dockerfile = parseDockerfile(dedent`
      ARG VERSION=1
      FROM alpine:$VERSION AS base
      ARG VERSION
      RUN echo $VERSION
      FROM base
      COPY --from=base /a /a
    `);
    expect(dockerfile.metaArgs.map((arg) => arg.args.map((a) => [a.name, a.value]))).toEqual([[['VERSION', '1']]]);
    expect(dockerfile.stages.map((s) => [s.index, s.name, s.from.image, s.instructions.map((i) => i.kind)])).toEqual([
      [0, 'base', 'alpine:$VERSION', ['arg', 'run']],
      [1, undefined, 'base', ['copy']],
    ]);
    expect(dockerfile.instructions).toHaveLength(6);
  });

  test('an instruction before the first FROM is an error: no build stage in current context', () => {
    const text = 'ARG A\nRUN echo\nFROM a\n';
    const [diagnostic] = parseDockerfile(text).diagnostics;
    expect([diagnostic?.code, diagnostic?.engineMessage, at(text, diagnostic?.range)]).toEqual([
      'INSTRUCTION_BEFORE_FROM',
      'no build stage in current context',
      'RUN',
    ]);
  });

  test('a file of ARGs alone has no stage to build', () => {
    expect(parseDockerfile('ARG A=1\n').diagnostics.map((d) => [d.code, d.engineMessage])).toEqual([
      ['NO_STAGES', 'dockerfile contains no stages to build'],
    ]);
  });

  test('a stage range runs from its FROM to its last instruction', () => {
    const text = 'FROM a\nRUN x\n\nFROM b\n';
    expect(parseDockerfile(text).stages.map((s) => at(text, s.range))).toEqual(['FROM a\nRUN x', 'FROM b']);
  });
});

describe('an empty Dockerfile', () => {
  test('zero bytes: the Dockerfile cannot be empty', () => {
    expect(parseDockerfile('').diagnostics.map((d) => [d.code, d.engineMessage])).toEqual([
      ['EMPTY_FILE', 'the Dockerfile cannot be empty'],
    ]);
  });

  test('only comments and blank lines: file with no instructions', () => {
    expect(parseDockerfile('# nothing\n\n   \n').diagnostics.map((d) => [d.code, d.engineMessage])).toEqual([
      ['NO_INSTRUCTIONS', 'file with no instructions'],
    ]);
  });
});

describe('unknown instructions', () => {
  test('a misspelt keyword gets BuildKit\'s suggestion and exact text', () => {
    const text = 'FROM a\nRUN x\nFNTRYPOINT ["sh"]\n';
    const [diagnostic] = parseDockerfile(text).diagnostics;
    expect(diagnostic?.engineMessage).toBe('dockerfile parse error on line 3: unknown instruction: FNTRYPOINT (did you mean ENTRYPOINT?)');
    expect(diagnostic?.message).toBe('FNTRYPOINT is not a Dockerfile instruction. Did you mean ENTRYPOINT?');
    expect(at(text, diagnostic?.range)).toBe('FNTRYPOINT');
  });

  test('the suggestion follows the case of what was typed', () => {
    expect(engine('FROM a\ncopyy a b\n')).toEqual(['dockerfile parse error on line 2: unknown instruction: copyy (did you mean copy?)']);
  });

  test('nothing is suggested for a word far from every instruction', () => {
    expect(engine('FROM a\nPLEASE build\n')).toEqual(['dockerfile parse error on line 2: unknown instruction: PLEASE']);
  });
});

describe('flags', () => {
  test('an unknown flag gets a suggestion among the flags this instruction accepts', () => {
    const text = 'FROM a\nCOPY --form=build a b\n';
    const [diagnostic] = parseDockerfile(text).diagnostics;
    expect(diagnostic?.engineMessage).toBe('dockerfile parse error on line 2: unknown flag: --form (did you mean from?)');
    expect(at(text, diagnostic?.range)).toBe('--form=build');
  });

  test('flag names are case-sensitive', () => {
    // BuildKit compares flag names case-sensitively, so FROM is 4 edits from "from": no suggestion.
    expect(engine('FROM a\nCOPY --FROM=b a b\n')).toEqual(['dockerfile parse error on line 2: unknown flag: --FROM']);
  });

  test('an instruction without flags rejects any flag', () => {
    expect(parseDockerfile('FROM a\nUSER --x=1 me\n').diagnostics.map((d) => [d.engineMessage, d.message])).toEqual([
      ['dockerfile parse error on line 2: unknown flag: --x', 'USER has no --x option. USER takes no options: remove it.'],
    ]);
  });

  test('a flag given twice is an error, except the repeatable ones', () => {
    expect(engine('FROM a\nCOPY --from=a --from=b x y\n')).toEqual(['dockerfile parse error on line 2: duplicate flag specified: --from']);
    expect(engine('FROM a\nCOPY --exclude=a --exclude=b x y\n')).toEqual([]);
  });

  test('a string flag needs "=" and a value', () => {
    expect(engine('FROM a\nCOPY --from b x y\n')).toEqual(['dockerfile parse error on line 2: missing a value on flag: --from']);
  });

  test('a bool flag takes nothing, =true or =false in any case', () => {
    expect(last('FROM a\nCOPY --link=FALSE x y\n', 'copy').link).toBe(false);
    expect(last('FROM a\nCOPY --link x y\n', 'copy').link).toBe(true);
    expect(engine('FROM a\nCOPY --link= x y\n')).toEqual(['dockerfile parse error on line 2: missing a value on flag: --link']);
    expect(engine('FROM a\nCOPY --link=yes x y\n')).toEqual(['dockerfile parse error on line 2: expecting boolean value for flag --link, not: yes']);
  });
});

describe('RUN', () => {
  test('shell form keeps the raw text; exec form keeps the array', () => {
    expect(last('FROM a\nRUN echo "$HOME"  && ls\n', 'run').command).toEqual({ form: 'shell', script: 'echo "$HOME"  && ls' });
    expect(last('FROM a\nRUN ["echo", "hi"]\n', 'run').command).toEqual({ form: 'exec', args: ['echo', 'hi'] });
  });

  test('--mount fields are parsed from CSV, with BuildKit\'s read-only defaults', () => {
    const run = last(
      'FROM a\nRUN --mount=type=cache,target=/root/.cache,id=go,sharing=locked --mount=type=secret,id=npm,required --mount=src=.,target=/src make\n',
      'run',
    );
    expect(run.mounts.map(({ range: _range, ...mount }) => mount)).toEqual([
      { type: 'cache', target: '/root/.cache', id: 'go', sharing: 'locked', readOnly: false },
      { type: 'secret', id: 'npm', required: true, readOnly: true },
      { type: 'bind', source: '.', target: '/src', readOnly: true },
    ]);
  });

  test('an unknown mount type is an error with a suggestion', () => {
    expect(engine('FROM a\nRUN --mount=type=tmp,target=/t x\n')).toEqual(['unsupported mount type "tmp" (did you mean tmpfs?)']);
  });

  test('a mount from a variable is rejected while parsing', () => {
    expect(engine('FROM a\nRUN --mount=from=$STAGE,target=/x x\n')).toEqual([
      "dockerfile parse error on line 2: 'from' doesn't support variable expansion, define alias stage instead",
    ]);
  });

  test('a mount value that is not valid CSV is rejected while parsing', () => {
    // Quotes in flag words group text; an escaped quote reaches the CSV reader as a bare quote.
    expect(engine('FROM a\nRUN --mount=type=bind,sou\\"rce=x x\n')).toEqual([
      'dockerfile parse error on line 2: failed to parse csv mounts: parse error on line 1, column 14: bare " in non-quoted-field',
    ]);
  });

  test('an unknown mount key is an error with a suggestion', () => {
    expect(engine('FROM a\nRUN --mount=type=cache,taget=/x x\n')).toEqual([
      "unexpected key 'taget' in 'taget=/x' (did you mean target?)",
    ]);
  });

  test('mount options that do not fit the type are errors', () => {
    expect(engine('FROM a\nRUN --mount=type=bind,sharing=locked,target=/x x\n')).toEqual(['invalid cache sharing set for bind mount']);
    expect(engine('FROM a\nRUN --mount=type=secret,from=b,id=x x\n')).toEqual(['secret mount should not have a from']);
    expect(engine('FROM a\nRUN --mount=type=bind,target=/x,mode=0755 x\n')).toEqual(['mode not allowed for "bind" type mounts']);
    expect(engine('FROM a\nRUN --mount=target x\n')).toEqual(["invalid field 'target' must be a key=value pair"]);
  });

  test('--network and --security accept only BuildKit\'s values', () => {
    const run = last('FROM a\nRUN --network=none --security=insecure x\n', 'run');
    expect([run.network, run.security]).toEqual(['none', 'insecure']);
    expect(engine('FROM a\nRUN --network=bridge x\n')).toEqual(['dockerfile parse error on line 2: invalid network mode "bridge"']);
    expect(engine('FROM a\nRUN --security=root x\n')).toEqual(['dockerfile parse error on line 2: security "root" is not valid']);
  });

  test('RUN heredocs are kept on the instruction', () => {
    expect(last('FROM a\nRUN <<EOF\nls\nEOF\n', 'run').heredocs.map((h) => h.content)).toEqual(['ls\n']);
  });
});

describe('COPY and ADD', () => {
  test('COPY flags, sources and destination', () => {
    const text = 'FROM a\nCOPY --from=build --chown=app:app --chmod=0755 --link --parents --exclude=*.md a b /dst/\n';
    const copy = last(text, 'copy');
    expect([copy.from, copy.chown, copy.chmod, copy.link, copy.parents, copy.exclude]).toEqual([
      'build', 'app:app', '0755', true, true, ['*.md'],
    ]);
    expect([copy.sources, copy.destination, copy.json]).toEqual([['a', 'b'], '/dst/', false]);
    expect(copy.flags.map((f) => [f.name, f.value])).toEqual([
      ['from', 'build'], ['chown', 'app:app'], ['chmod', '0755'], ['link', true], ['parents', true], ['exclude', '*.md'],
    ]);
  });

  test('ADD flags: --keep-git-dir, --checksum and --unpack', () => {
    const add = last('FROM a\nADD --keep-git-dir --checksum=sha256:abc --unpack=false https://x/y.tgz /y\n', 'add');
    expect([add.keepGitDir, add.checksum, add.unpack]).toEqual([true, 'sha256:abc', false]);
  });

  test('ADD-only flags are unknown to COPY', () => {
    expect(engine('FROM a\nCOPY --checksum=sha256:abc x y\n')).toEqual([
      'dockerfile parse error on line 2: unknown flag: --checksum',
    ]);
  });

  test('the JSON form takes the last element as destination', () => {
    const copy = last('FROM a\nCOPY ["a b", "c", "/d e/"]\n', 'copy');
    expect([copy.sources, copy.destination, copy.json]).toEqual([['a b', 'c'], '/d e/', true]);
  });

  test('a single argument is an error: the destination could not be determined', () => {
    expect(engine('FROM a\nCOPY onlyone\n')).toEqual([
      'dockerfile parse error on line 2: COPY requires at least two arguments, but only one was provided. Destination could not be determined',
    ]);
  });

  test('--chmod must be octal up to 7777 or a symbolic mode', () => {
    expect(engine('FROM a\nCOPY --chmod=u+x,go=r a /b\n')).toEqual([]);
    expect(engine('FROM a\nCOPY --chmod=64a a /b\n')).toEqual([
      "invalid chmod parameter: '64a'. it should be octal string and between 0 and 07777",
    ]);
    expect(engine('FROM a\nCOPY --chmod=17777 a /b\n')).toHaveLength(1);
  });

  test('heredoc sources become heredocs and the other sources stay paths', () => {
    const copy = last('FROM a\nCOPY <<CONF app.js /app/\nx=1\nCONF\n', 'copy');
    expect([copy.sources, copy.heredocs.map((h) => [h.name, h.content]), copy.destination]).toEqual([
      ['app.js'],
      [['CONF', 'x=1\n']],
      '/app/',
    ]);
  });

  test('a heredoc as destination is an error', () => {
    expect(engine('FROM a\nCOPY x <<EOF\nEOF\n')).toEqual(['dockerfile parse error on line 2: COPY cannot accept a heredoc as a destination']);
  });
});

describe('ENV, LABEL and ARG', () => {
  test('ENV pairs keep their raw values; the legacy form is flagged', () => {
    const text = 'FROM a\nENV A="x y" B=z\n';
    const env = last(text, 'env');
    expect(env.pairs.map((p) => [p.key, p.value, at(text, p.range)])).toEqual([
      ['A', '"x y"', 'A="x y"'],
      ['B', 'z', 'B=z'],
    ]);
    expect(env.legacyForm).toBe(false);
    expect(last('FROM a\nLABEL maintainer James "j@x.com"\n', 'label')).toMatchObject({
      legacyForm: true,
      pairs: [{ key: 'maintainer', value: 'James "j@x.com"' }],
    });
  });

  test('a pair without a name is an error', () => {
    expect(engine('FROM a\nENV =x\n')).toEqual(['dockerfile parse error on line 2: ENV names can not be blank']);
    expect(engine('FROM a\nLABEL\n')).toEqual(['dockerfile parse error on line 2: LABEL requires at least one argument']);
  });

  test('ARG declares names with optional raw defaults', () => {
    const arg = last('FROM a\nARG A B=1 C="x y"\n', 'arg');
    expect(arg.args.map((a) => [a.name, a.value])).toEqual([['A', undefined], ['B', '1'], ['C', '"x y"']]);
    expect(engine('FROM a\nARG =1\n')).toEqual(['dockerfile parse error on line 2: ARG names can not be blank']);
    expect(engine('FROM a\nARG\n')).toEqual(['dockerfile parse error on line 2: ARG requires at least one argument']);
  });
});

describe('single-value instructions, EXPOSE, VOLUME, CMD, ENTRYPOINT, SHELL', () => {
  test('WORKDIR, USER, STOPSIGNAL and MAINTAINER keep the raw rest of the line', () => {
    const text = 'FROM a\nWORKDIR /my app\n';
    const workdir = last(text, 'workdir');
    expect([workdir.value, at(text, workdir.valueRange)]).toEqual(['/my app', '/my app']);
    expect(last('FROM a\nUSER app:app\n', 'user').value).toBe('app:app');
    expect(last('FROM a\nSTOPSIGNAL SIGKILL\n', 'stopsignal').value).toBe('SIGKILL');
    expect(last('FROM a\nMAINTAINER Me <me@x>\n', 'maintainer').value).toBe('Me <me@x>');
    expect(engine('FROM a\nWORKDIR\n')).toEqual(['dockerfile parse error on line 2: WORKDIR requires exactly one argument']);
  });

  test('EXPOSE and VOLUME need at least one argument; VOLUME paths cannot be empty', () => {
    expect(last('FROM a\nEXPOSE 80 443/tcp\n', 'expose').ports).toEqual(['80', '443/tcp']);
    expect(last('FROM a\nVOLUME ["/data", "/logs"]\n', 'volume')).toMatchObject({ paths: ['/data', '/logs'], json: true });
    expect(engine('FROM a\nEXPOSE\n')).toEqual(['dockerfile parse error on line 2: EXPOSE requires at least one argument']);
    expect(engine('FROM a\nVOLUME [""]\n')).toEqual(['dockerfile parse error on line 2: VOLUME specified can not be an empty string']);
  });

  test('CMD and ENTRYPOINT keep exec or shell form', () => {
    expect(last('FROM a\nCMD ["node", "app.js"]\n', 'cmd').command).toEqual({ form: 'exec', args: ['node', 'app.js'] });
    expect(last('FROM a\nENTRYPOINT exec node\n', 'entrypoint').command).toEqual({ form: 'shell', script: 'exec node' });
  });

  test('SHELL requires the JSON form and at least one element', () => {
    expect(last('FROM a\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n', 'shell').shell).toEqual(['/bin/bash', '-o', 'pipefail', '-c']);
    expect(engine('FROM a\nSHELL /bin/bash -c\n')).toEqual(['dockerfile parse error on line 2: SHELL requires the arguments to be in JSON form']);
    expect(engine('FROM a\nSHELL []\n')).toEqual(['dockerfile parse error on line 2: SHELL requires at least one argument']);
  });
});

describe('HEALTHCHECK', () => {
  test('options are converted to milliseconds and the command keeps its form', () => {
    const check = last('FROM a\nHEALTHCHECK --interval=1m30s --timeout=500ms --start-period=2s --retries=5 CMD curl -f x\n', 'healthcheck').check;
    expect(check).toEqual({
      type: 'cmd',
      command: { form: 'shell', script: 'curl -f x' },
      options: { intervalMs: 90000, timeoutMs: 500, startPeriodMs: 2000, retries: 5 },
    });
  });

  test('NONE turns the check off and ignores flags, as BuildKit does', () => {
    expect(last('FROM a\nHEALTHCHECK --interval=5s NONE\n', 'healthcheck').check).toEqual({ type: 'none' });
    expect(engine('FROM a\nHEALTHCHECK NONE now\n')).toEqual(['dockerfile parse error on line 2: HEALTHCHECK NONE takes no arguments']);
  });

  test('a missing command, an unknown type and no arguments at all are errors', () => {
    expect(engine('FROM a\nHEALTHCHECK CMD\n')).toEqual(['dockerfile parse error on line 2: Missing command after HEALTHCHECK CMD']);
    expect(engine('FROM a\nHEALTHCHECK CONNECT TCP 7000\n')).toEqual([
      'dockerfile parse error on line 2: Unknown type "CONNECT" in HEALTHCHECK (try CMD)',
    ]);
    expect(engine('FROM a\nHEALTHCHECK\n')).toEqual(['dockerfile parse error on line 2: HEALTHCHECK requires at least one argument']);
  });

  test('durations and retries are checked with Go\'s parsers and BuildKit\'s limits', () => {
    expect(engine('FROM a\nHEALTHCHECK --interval=5x CMD true\n')).toEqual([
      'dockerfile parse error on line 2: time: unknown unit "x" in duration "5x"',
    ]);
    expect(engine('FROM a\nHEALTHCHECK --timeout=5 CMD true\n')).toEqual([
      'dockerfile parse error on line 2: time: missing unit in duration "5"',
    ]);
    expect(engine('FROM a\nHEALTHCHECK --interval=10us CMD true\n')).toEqual([
      'dockerfile parse error on line 2: Interval "interval" cannot be less than 1ms',
    ]);
    expect(engine('FROM a\nHEALTHCHECK --retries=-1 CMD true\n')).toEqual(['dockerfile parse error on line 2: --retries cannot be negative (-1)']);
    expect(engine('FROM a\nHEALTHCHECK --retries=x CMD true\n')).toEqual([
      'dockerfile parse error on line 2: strconv.ParseInt: parsing "x": invalid syntax',
    ]);
  });
});

describe('ONBUILD', () => {
  test('the trigger is parsed as an instruction and the expression keeps its text', () => {
    const onbuild = last('FROM a\nONBUILD RUN make install\n', 'onbuild');
    expect(onbuild.expression).toBe('RUN make install');
    expect(onbuild.trigger?.kind).toBe('run');
  });

  test('ONBUILD ONBUILD, ONBUILD FROM and ONBUILD MAINTAINER are errors', () => {
    expect(engine('FROM a\nONBUILD ONBUILD RUN x\n')).toEqual([
      "dockerfile parse error on line 2: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
    ]);
    expect(engine('FROM a\nONBUILD FROM b\n')).toEqual(["dockerfile parse error on line 2: FROM isn't allowed as an ONBUILD trigger"]);
    expect(engine('FROM a\nONBUILD maintainer me\n')).toEqual(["dockerfile parse error on line 2: MAINTAINER isn't allowed as an ONBUILD trigger"]);
    expect(engine('FROM a\nONBUILD\n')).toEqual(['dockerfile parse error on line 2: ONBUILD requires at least one argument']);
  });

  test('a trigger BuildKit would reject only later is a warning now', () => {
    expect(parseDockerfile('FROM a\nONBUILD RUNN x\n').diagnostics.map((d) => [d.severity, d.code])).toEqual([
      ['warning', 'UNKNOWN_INSTRUCTION'],
    ]);
  });
});

describe('instruction text and comments', () => {
  test('the text is the instruction with continuations joined, as engines print it', () => {
    expect(last('FROM a\n  RUN apt-get update && \\\n    apt-get install -y x  \n', 'run').text).toBe(
      'RUN apt-get update &&     apt-get install -y x',
    );
  });

  test('comment lines right above an instruction are attached to its raw node', () => {
    expect(last('FROM a\n# the version\n# check=skip=all\nARG V=1\n', 'arg').raw.comments).toEqual(['the version', 'check=skip=all']);
  });
});
