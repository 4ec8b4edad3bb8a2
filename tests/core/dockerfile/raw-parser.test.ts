import { describe, expect, test } from 'vitest';
import { dumpBuildkitAst } from '../../../src/core/dockerfile/dump.ts';
import { parseDockerfile } from '../../../src/core/dockerfile/parser.ts';
import { rawFlagRange } from '../../../src/core/dockerfile/word-ranges.ts';
import { dedent } from './dedent.ts';

const dump = (text: string): string => dumpBuildkitAst(parseDockerfile(text));
const codes = (text: string): string[] => parseDockerfile(text).diagnostics.map((d) => `${d.severity} ${d.code}`);
const engine = (text: string): (string | undefined)[] => parseDockerfile(text).diagnostics.map((d) => d.engineMessage);
/** The source text a range points at. */
const at = (text: string, range: readonly [number, number]): string => text.slice(range[0], range[1]);

describe('parser directives', () => {
  test('a leading # escape=` makes the backtick the continuation character', () => {
    const text = dedent`
      # escape=\`
      FROM windows
      RUN dir \`
        C:\\
    `;
    const dockerfile = parseDockerfile(text);
    expect(dockerfile.escapeToken).toBe('`');
    expect(dockerfile.directives.escape?.value).toBe('`');
    expect(dumpBuildkitAst(dockerfile)).toBe('(from "windows")\n(run "dir   C:\\\\")\n');
  });

  test('directive keys are case-insensitive and may have spaces around "="', () => {
    expect(parseDockerfile('#  ESCAPE =  `\nFROM a\n').escapeToken).toBe('`');
  });

  test('an escape directive after an ordinary comment is only a comment', () => {
    const dockerfile = parseDockerfile('# hello\n# escape=`\nFROM a\n');
    expect(dockerfile.escapeToken).toBe('\\');
    expect(dockerfile.directives).toEqual({});
  });

  test('a blank line ends the directive block', () => {
    expect(parseDockerfile('# syntax=a\n\n# escape=`\nFROM a\n').escapeToken).toBe('\\');
  });

  test('directives followed directly by comments still count', () => {
    const dockerfile = parseDockerfile('# escape=`\n# a comment\nFROM a\n');
    expect(dockerfile.escapeToken).toBe('`');
  });

  test('a repeated directive is an error with BuildKit\'s message', () => {
    const text = '# escape=\\\n# escape=`\nFROM a\n';
    expect(engine(text)).toEqual(['only one escape parser directive can be used']);
    expect(parseDockerfile(text).diagnostics[0]?.range).toEqual([11, 21]);
  });

  test('an escape directive with another character is an error pointing at the value', () => {
    const text = '# escape=x\nFROM a\n';
    const [diagnostic] = parseDockerfile(text).diagnostics;
    expect(diagnostic?.engineMessage).toBe("invalid escape token 'x' does not match ` or \\");
    expect(at(text, diagnostic?.range ?? [0, 0])).toBe('x');
  });

  test('syntax and check directives are recorded with the range of their values', () => {
    const text = '# syntax=docker/dockerfile:1.7\n# check=skip=JSONArgsRecommended\nFROM a\n';
    const { directives } = parseDockerfile(text);
    expect(directives.syntax?.value).toBe('docker/dockerfile:1.7');
    expect(at(text, directives.syntax?.range ?? [0, 0])).toBe('docker/dockerfile:1.7');
    expect(directives.check?.value).toBe('skip=JSONArgsRecommended');
  });

  test('a check directive BuildKit cannot read is an error', () => {
    expect(engine('# check=skip=A;warn=true\nFROM a\n')).toEqual(['invalid check option "warn"']);
    expect(engine('# check=error=maybe\nFROM a\n')).toEqual([
      'failed to parse check option "error=maybe": strconv.ParseBool: parsing "maybe": invalid syntax',
    ]);
  });

  test('after a #! line, syntax is still detected (DetectSyntax skips it) but escape is not', () => {
    const dockerfile = parseDockerfile('#!/usr/bin/env buildctl\n# syntax=docker/dockerfile:1\n# escape=`\nFROM a\n');
    expect([dockerfile.directives.syntax?.value, dockerfile.escapeToken]).toEqual(['docker/dockerfile:1', '\\']);
  });

  test('directive lines are not attached to the first instruction as comments', () => {
    const dockerfile = parseDockerfile('# syntax=x\n# about the base\nFROM a\n');
    expect(dockerfile.nodes[0]?.comments).toEqual(['about the base']);
  });

  test('an empty # line resets the comments collected so far', () => {
    const dockerfile = parseDockerfile('# one\n#\n# two\nFROM a\n');
    expect(dockerfile.nodes[0]?.comments).toEqual(['two']);
  });
});

describe('reading lines', () => {
  test('a UTF-8 byte order mark at the start is ignored, also before a directive', () => {
    const dockerfile = parseDockerfile('\ufeff# escape=`\nFROM a\n');
    expect(dockerfile.escapeToken).toBe('`');
    expect(dockerfile.nodes[0]?.range).toEqual([12, 18]);
  });

  test('CRLF line endings parse exactly like LF', () => {
    const lf = 'FROM a\nRUN echo \\\n  hi\nENV A=1\n';
    expect(dump(lf.replaceAll('\n', '\r\n'))).toBe(dump(lf));
  });

  test('a lone CR is not a line break, as for BuildKit\'s scanner', () => {
    expect(dump('FROM a\rRUN b\n')).toBe('(from "a" "RUN" "b")\n');
  });

  test('leading whitespace before an instruction is ignored', () => {
    const dockerfile = parseDockerfile('   \tFROM a\n');
    expect(dockerfile.nodes[0]?.range).toEqual([4, 10]);
  });

  test('a line of 64 KiB or more is an error, as BuildKit\'s scanner refuses it', () => {
    const text = `FROM a\nRUN echo ${'x'.repeat(70000)}\n`;
    const dockerfile = parseDockerfile(text);
    expect(dockerfile.diagnostics.map((d) => [d.code, d.engineMessage])).toEqual([
      ['LINE_TOO_LONG', 'dockerfile line greater than max allowed size of 65535'],
    ]);
    expect(dockerfile.diagnostics[0]?.range).toEqual([7, text.length - 1]);
  });

  test('a line just under the limit is fine', () => {
    expect(codes(`FROM a\nRUN ${'x'.repeat(65535 - 4)}\n`)).toEqual([]);
  });
});

describe('line continuation', () => {
  test('trailing spaces and tabs after the escape still continue the line', () => {
    expect(dump('FROM a\nRUN echo hello \\ \t\n  world\n')).toBe('(from "a")\n(run "echo hello   world")\n');
  });

  test('joined lines keep their indentation and get no separator', () => {
    expect(dump('FROM a\nRUN echo hello\\\nworld\n')).toBe('(from "a")\n(run "echo helloworld")\n');
  });

  test('a doubled escape at the end of a line does not continue it', () => {
    expect(dump('FROM a\nENV C trailing\\\\\nENV D d\n')).toBe('(from "a")\n(env "C" "trailing\\\\\\\\" "")\n(env "D" "d" "")\n');
  });

  test('comment lines inside a continuation are dropped, whatever they end with', () => {
    expect(dump('FROM a\nRUN a \\\n  # note \\\n  b\n')).toBe('(from "a")\n(run "a   b")\n');
  });

  test('a blank line inside a continuation is skipped with a warning that points at it', () => {
    const text = 'FROM a\nRUN echo a \\\n\n  b\n';
    const [diagnostic] = parseDockerfile(text).diagnostics;
    expect(diagnostic).toMatchObject({
      code: 'EMPTY_CONTINUATION_LINE',
      severity: 'warning',
      range: [20, 20],
      engineMessage: 'Empty continuation line found in: RUN echo a   b',
    });
    expect(dump(text)).toBe('(from "a")\n(run "echo a   b")\n');
  });

  test('a continuation at the end of the file ends the instruction', () => {
    const dockerfile = parseDockerfile('FROM a\nRUN something \\');
    expect(dumpBuildkitAst(dockerfile)).toBe('(from "a")\n(run "something")\n');
    expect(dockerfile.diagnostics).toEqual([]);
  });

  test('a comment that ends with the escape does not continue onto the next line', () => {
    expect(dump('# RUN x \\\nFROM a\n')).toBe('(from "a")\n');
  });

  test('start and end lines cover every physical line of the instruction', () => {
    const dockerfile = parseDockerfile('FROM a\n\nRUN a \\\n  # c\n  b \\\n  c\nENV x=y\n');
    expect(dockerfile.nodes.map((n) => [n.startLine, n.endLine])).toEqual([
      [1, 1],
      [3, 6],
      [7, 7],
    ]);
    expect(dockerfile.instructions[1]?.text).toBe('RUN a   b   c');
  });

  test('argument ranges point into the continuation line they came from', () => {
    const text = 'FROM a\nCOPY x \\\n   y \\\n   /dst/\n';
    const copy = parseDockerfile(text).instructions[1];
    expect(copy?.kind).toBe('copy');
    if (copy?.kind !== 'copy') return;
    expect(copy.sourceRanges.map((r) => at(text, r))).toEqual(['x', 'y']);
    expect(at(text, copy.destinationRange)).toBe('/dst/');
  });
});

describe('heredocs', () => {
  test('a RUN heredoc body runs until the line that equals its delimiter', () => {
    const text = 'FROM a\nRUN <<EOF\necho hi\n  EOF\nEOF\nENV x=y\n';
    const dockerfile = parseDockerfile(text);
    const [heredoc] = dockerfile.nodes[1]?.heredocs ?? [];
    expect(heredoc).toMatchObject({ name: 'EOF', content: 'echo hi\n  EOF\n', expand: true, chomp: false });
    expect(dockerfile.nodes.map((n) => [n.keyword, n.startLine, n.endLine])).toEqual([
      ['FROM', 1, 1],
      ['RUN', 2, 5],
      ['ENV', 6, 6],
    ]);
    expect(at(text, heredoc?.range ?? [0, 0])).toBe('echo hi\n  EOF\nEOF');
  });

  test('<<- strips leading tabs from the body and from the terminator line', () => {
    const [heredoc] = parseDockerfile('FROM a\nRUN <<-EOT\n\t\techo hi\n\tEOT\n').nodes[1]?.heredocs ?? [];
    expect(heredoc).toMatchObject({ name: 'EOT', content: 'echo hi\n', chomp: true });
  });

  test('a quoted delimiter, even partly quoted, turns expansion off', () => {
    const names = (marker: string) =>
      parseDockerfile(`FROM a\nCOPY ${marker} /x\nbody\nEOF\n`).nodes[1]?.heredocs.map((h) => [h.name, h.expand]);
    expect(names("<<'EOF'")).toEqual([['EOF', false]]);
    expect(names('<<"EOF"')).toEqual([['EOF', false]]);
    expect(names("<<E'O'F")).toEqual([['EOF', false]]);
    expect(names('<<EOF')).toEqual([['EOF', true]]);
  });

  test('several heredocs on one line are read one after another', () => {
    const dockerfile = parseDockerfile('FROM a\nCOPY <<A <<B /dst/\na\nA\nb\nB\nRUN x\n');
    expect(dockerfile.nodes[1]?.heredocs.map((h) => [h.name, h.content])).toEqual([
      ['A', 'a\n'],
      ['B', 'b\n'],
    ]);
    expect(dockerfile.nodes[2]?.startLine).toBe(7);
  });

  test('a file descriptor prefix is recorded', () => {
    const [heredoc] = parseDockerfile('FROM a\nRUN cat 3<<IN\nx\nIN\n').nodes[1]?.heredocs ?? [];
    expect(heredoc).toMatchObject({ name: 'IN', fileDescriptor: 3 });
  });

  test('exec form is never scanned for heredocs', () => {
    expect(dump('FROM a\nRUN ["cat", "<<EOF"]\nEOF\n')).toBe('(from "a")\n(run "cat" "<<EOF")\n(eof "")\n');
  });

  test('only RUN, COPY and ADD can have heredocs: USER <<EOF is plain text', () => {
    expect(dump('FROM a\nUSER <<EOF\nEOF\n')).toBe('(from "a")\n(user "<<EOF")\n(eof "")\n');
  });

  test('a quoted "<<EOF" word is not a heredoc', () => {
    expect(parseDockerfile('FROM a\nRUN echo "<<EOF"\n').nodes[1]?.heredocs).toEqual([]);
  });

  test('an unterminated heredoc is an error that reaches the end of the file', () => {
    const text = 'FROM a\nRUN <<EOF\necho hi\n';
    const dockerfile = parseDockerfile(text);
    expect(dockerfile.diagnostics.map((d) => [d.code, d.engineMessage, d.range])).toEqual([
      ['UNTERMINATED_HEREDOC', 'unterminated heredoc', [7, text.length]],
    ]);
    expect(dockerfile.nodes[1]?.heredocs[0]?.content).toBe('echo hi\n');
  });

  test('CRLF heredoc bodies keep their line endings, as BuildKit stores them', () => {
    const [heredoc] = parseDockerfile('FROM a\r\nRUN <<EOF\r\necho hi\r\nEOF\r\n').nodes[1]?.heredocs ?? [];
    expect(heredoc?.content).toBe('echo hi\r\n');
  });

  test('ONBUILD RUN <<EOF keeps the heredoc on the ONBUILD node and in its expression', () => {
    const dockerfile = parseDockerfile('FROM a\nONBUILD RUN <<EOF\necho hi\nEOF\n');
    expect(dockerfile.nodes[1]?.heredocs.map((h) => h.name)).toEqual(['EOF']);
    const onbuild = dockerfile.instructions[1];
    expect(onbuild?.kind === 'onbuild' && onbuild.expression).toBe('RUN <<EOF\necho hi\nEOF');
  });
});

describe('exec form and shell form', () => {
  test('a JSON array of strings is exec form', () => {
    const node = parseDockerfile('FROM a\nCMD [ "echo",\t"hi" ]\n').nodes[1];
    expect([node?.json, node?.args]).toEqual([true, ['echo', 'hi']]);
  });

  test('invalid JSON silently becomes shell form, with a warning for the learner', () => {
    const text = "FROM a\nCMD ['echo', 'hi']\n";
    expect(dump(text)).toBe('(from "a")\n(cmd "[\'echo\', \'hi\']")\n');
    expect(parseDockerfile(text).diagnostics.map((d) => [d.severity, d.code, d.engineMessage])).toEqual([
      ['warning', 'INVALID_JSON', undefined],
    ]);
  });

  test('shell tests and globs that start with "[" get no JSON warning', () => {
    for (const line of ['RUN [ -f /x ] && echo yes', 'RUN [ "$A" = b ] || exit 1', 'COPY [ab]*.txt /dst/', 'RUN [ -d /x ]']) {
      expect({ line, codes: codes(`FROM a\n${line}\n`) }).toEqual({ line, codes: [] });
    }
    for (const line of ['CMD ["a" "b"]', 'CMD ["unterminated]', 'ENTRYPOINT ["a",]']) {
      expect({ line, codes: codes(`FROM a\n${line}\n`) }).toEqual({ line, codes: ['warning INVALID_JSON'] });
    }
  });

  test('a JSON array with a non-string element is an error pointing at that element', () => {
    const text = 'FROM a\nCMD ["echo", 1]\n';
    const [diagnostic] = parseDockerfile(text).diagnostics;
    expect(diagnostic?.engineMessage).toBe('when using JSON array syntax, arrays must be comprised of strings only');
    expect(at(text, diagnostic?.range ?? [0, 0])).toBe('1');
  });

  test('anything after the closing bracket makes it shell form', () => {
    expect(dump('FROM a\nCMD ["a"] # note\n')).toBe('(from "a")\n(cmd "[\\"a\\"] # note")\n');
  });

  test('JSON escapes are decoded as Go decodes them, lone surrogates becoming U+FFFD', () => {
    const node = parseDockerfile('FROM a\nCMD ["\\u00e9\\ud83d\\ude00\\ud800x", "\\/\\t"]\n').nodes[1];
    expect(node?.args).toEqual(['é😀\ufffdx', '/\t']);
  });

  test('CMD [] has no arguments', () => {
    expect(dump('FROM a\nCMD []\n')).toBe('(from "a")\n(cmd)\n');
  });
});

describe('flag extraction', () => {
  test('flags end at the first word that does not start with --', () => {
    expect(parseDockerfile('FROM a\nCOPY --from=b --chown=1 src --dst\n').nodes[1]?.flags).toEqual(['--from=b', '--chown=1']);
  });

  test('a bare -- ends the flags and is dropped', () => {
    expect(dump('FROM a\nCOPY --link -- --weird /x\n')).toBe('(from "a")\n(copy ["--link"] "--weird" "/x")\n');
  });

  test('quotes group inside flag words and are removed, as BuildKit does for every instruction', () => {
    expect(parseDockerfile('FROM a\nRUN --mount="type=cache,target=/a b" make\n').nodes[1]?.flags).toEqual([
      '--mount=type=cache,target=/a b',
    ]);
  });

  test('non-ASCII in a flag comes out as BuildKit\'s byte-by-byte Latin-1 reading', () => {
    expect(parseDockerfile('FROM a\nCOPY --chown=josé x /y\n').nodes[1]?.flags).toEqual(['--chown=josÃ©']);
  });

  test('flag ranges point at the flag words', () => {
    const text = 'FROM a\nCOPY   --from=b  x /y\n';
    const dockerfile = parseDockerfile(text);
    const node = dockerfile.nodes[1];
    if (node === undefined) throw new Error('expected a node');
    expect(node.flags.map((_, i) => at(text, rawFlagRange(dockerfile, node, i) ?? [0, 0]))).toEqual(['--from=b']);
  });
});

describe('argument parsers and the dump', () => {
  test('ENV in the legacy form keeps the rest of the line raw, with an empty separator', () => {
    expect(dump('FROM a\nENV PATH /a  /b "c"\n')).toBe('(from "a")\n(env "PATH" "/a  /b \\"c\\"" "")\n');
  });

  test('ENV k=v pairs keep their quotes and escapes raw', () => {
    expect(dump('FROM a\nENV a="x y" b=c\\ d\n')).toBe('(from "a")\n(env "a" "\\"x y\\"" "=" "b" "c\\\\ d" "=")\n');
  });

  test('a word without "=" after k=v pairs is an error with BuildKit\'s message', () => {
    expect(engine('FROM a\nENV a=b c\n')).toEqual(['Syntax error - can\'t find = in "c". Must be of the form: name=value']);
  });

  test('ENV with only a name is an error (the negative fixture env_no_value)', () => {
    const text = 'FROM a\nENV PATH\n';
    const [diagnostic] = parseDockerfile(text).diagnostics;
    expect([diagnostic?.code, diagnostic?.engineMessage, at(text, diagnostic?.range ?? [0, 0])]).toEqual([
      'MISSING_ARGUMENTS',
      'ENV must have two arguments',
      'PATH',
    ]);
  });

  test('ARG keeps each word as written', () => {
    expect(dump('ARG a b=c d="e f"\nFROM x\n')).toBe('(arg "a" "b=c" "d=\\"e f\\"")\n(from "x")\n');
  });

  test('an unknown instruction dumps with one empty argument', () => {
    expect(dump('FROM a\nFOO bar baz\n')).toBe('(from "a")\n(foo "")\n');
  });

  test('keywords are case-insensitive; the node keeps the case and the dump lowercases it', () => {
    const dockerfile = parseDockerfile('from a\nRuN echo\n');
    expect(dockerfile.nodes.map((n) => n.keyword)).toEqual(['from', 'RuN']);
    expect(dumpBuildkitAst(dockerfile)).toBe('(from "a")\n(run "echo")\n');
  });

  test('the dump quotes like Go\'s %q: control characters, non-printable and printable unicode', () => {
    expect(dump('FROM a\nRUN ["\\u0007\\u00a0é\\u200b😀"]\n')).toBe('(from "a")\n(run "\\a\\u00a0é\\u200b😀")\n');
  });

  test('HEALTHCHECK splits its type from the command', () => {
    expect(dump('FROM a\nHEALTHCHECK --interval=5s CMD curl -f x\n')).toBe(
      '(from "a")\n(healthcheck ["--interval=5s"] "CMD" "curl -f x")\n',
    );
  });

  test('ONBUILD dumps its trigger inline', () => {
    expect(dump('FROM a\nONBUILD COPY --from=b . /\n')).toBe('(from "a")\n(onbuild (copy ["--from=b"] "." "/"))\n');
  });
});
