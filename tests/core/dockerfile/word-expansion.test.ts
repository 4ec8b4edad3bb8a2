import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  envFromList,
  expandRaw,
  expandWord,
  expandWords,
  instructionExpandsVariables,
  reversePattern,
  VARIABLE_EXPANSION_RULES,
  type ExpansionOptions,
} from '../../../src/core/dockerfile/word-expansion.ts';
import { goQuote } from '../../../src/core/dockerfile/go-text.ts';

// BuildKit's own fixtures (frontend/dockerfile/shell/envVarTest and wordsTest); the format and
// how upstream's lex_test.go reads them is described in their SOURCE.md.
const fixtures = new URL('../../../../shared/conformance/buildkit-shell/', import.meta.url);
const readFixture = (name: string) => readFileSync(fileURLToPath(new URL(name, fixtures)), 'utf8').split('\n');

interface EnvVarCase {
  line: number;
  platform: 'A' | 'U' | 'W';
  input: string;
  expected: string;
}

// TestShellParser4EnvVars: `PLATFORM|input|expected`, fields trimmed, `#` lines and blanks skipped.
function readEnvVarCases(): EnvVarCase[] {
  const cases: EnvVarCase[] = [];
  readFixture('envVarTest').forEach((raw, index) => {
    if (raw.startsWith('#')) return;
    const line = raw.trim();
    if (line === '') return;
    const fields = line.split('|');
    if (fields.length !== 3) throw new Error(`envVarTest:${index + 1}: expected 3 fields`);
    const [platform, input, expected] = fields.map((field) => field.trim()) as [string, string, string];
    if (platform !== 'A' && platform !== 'U' && platform !== 'W') throw new Error(`envVarTest:${index + 1}: bad platform`);
    cases.push({ line: index + 1, platform, input, expected });
  });
  return cases;
}

interface WordsCase {
  line: number;
  input: string;
  env: string[];
  expected: string[];
}

// TestShellParser4Words: `ENV k=v` lines accumulate; `input | w1,w2` with the input trimmed and
// the expectation only left-trimmed of spaces (trailing spaces are significant).
function readWordsCases(): WordsCase[] {
  const cases: WordsCase[] = [];
  const env: string[] = [];
  readFixture('wordsTest').forEach((line, index) => {
    if (line.startsWith('#') || line === '') return;
    if (line.startsWith('ENV ')) {
      env.push(line.slice(3).replace(/^ +/, ''));
      return;
    }
    const fields = line.split('|');
    if (fields.length !== 2) throw new Error(`wordsTest:${index + 1}: expected exactly one |`);
    const [input, expected] = fields as [string, string];
    cases.push({ line: index + 1, input: input.trim(), env: [...env], expected: expected.replace(/^ +/, '').split(',') });
  });
  return cases;
}

const envVarCases = readEnvVarCases();
const wordsCases = readWordsCases();
const fixtureEnv = envFromList(['PWD=/home', 'SHELL=bash', 'KOREAN=한국어', 'NULL=']);

describe('BuildKit envVarTest fixture', () => {
  test('the fixture file has its upstream cases', () => {
    expect(envVarCases.length).toBeGreaterThan(200);
  });

  const platforms = [
    { name: 'unix', runs: ['A', 'U'], options: {} },
    { name: 'windows', runs: ['A', 'W'], options: { caseInsensitiveKeys: true } },
  ] as const;
  for (const platform of platforms) {
    const cases = envVarCases.filter((c) => (platform.runs as readonly string[]).includes(c.platform));
    test.each(cases.map((c) => [`${platform.name} line ${c.line}: ${c.input}`, c] as const))('%s', (_name, c) => {
      const result = expandWord(c.input, fixtureEnv, platform.options);
      if (c.expected === 'error') {
        expect(result.error, `expected an error, got ${JSON.stringify(result.value)}`).toBeDefined();
        expect(result.value).toBe('');
      } else {
        expect(result.error).toBeUndefined();
        expect(result.value).toBe(c.expected);
      }
    });
  }
});

describe('BuildKit wordsTest fixture', () => {
  test('the fixture file has its upstream cases', () => {
    expect(wordsCases.length).toBeGreaterThan(20);
  });

  test.each(wordsCases.map((c) => [`line ${c.line}: ${c.input}`, c] as const))('%s', (_name, c) => {
    const result = expandWords(c.input, envFromList(c.env));
    const words = result.error ? ['error'] : result.words;
    expect(words).toEqual(c.expected);
  });
});

describe('error texts', () => {
  const env = envFromList(['SET=value', 'EMPTY=']);
  const errorOf = (word: string, options?: ExpansionOptions) => expandWord(word, env, options).error;

  test('an unclosed ${ reports the missing brace', () => {
    expect(errorOf('${')).toMatchObject({ code: 'MISSING_BRACE', message: "syntax error: missing '}'" });
    expect(errorOf('${SET:-abc')).toMatchObject({ code: 'MISSING_BRACE', message: "syntax error: missing '}'" });
    expect(errorOf('${SET:')).toMatchObject({ code: 'MISSING_BRACE' });
  });

  test('a name cut off by the end of the word is an unsupported modifier, as Go prints EOF', () => {
    expect(errorOf('he${PWD')?.message).toBe('unsupported modifier (\ufffd) in substitution');
  });

  test('${}, ${:…} and ${{…} are bad substitutions', () => {
    for (const word of ['${}', '${:}', '${:-x}', '${{a}']) {
      expect(errorOf(word)).toMatchObject({ code: 'BAD_SUBSTITUTION', message: 'syntax error: bad substitution' });
    }
  });

  test('assignment and unknown modifiers are unsupported and name the modifier', () => {
    expect(errorOf('${SET=x}')?.message).toBe('unsupported modifier (=) in substitution');
    expect(errorOf('${SET:=x}')?.message).toBe('unsupported modifier (:=) in substitution');
    expect(errorOf('${SET:#x}')?.message).toBe('unsupported modifier (:#) in substitution');
    expect(errorOf('${SET:%x}')?.message).toBe('unsupported modifier (:%) in substitution');
    expect(errorOf('${.}')?.message).toBe('unsupported modifier (.) in substitution');
  });

  test('${V?} on an unset variable says it is not allowed to be unset', () => {
    expect(errorOf('${NOPE?}')).toMatchObject({ code: 'REQUIRED_VARIABLE', message: 'NOPE: is not allowed to be unset' });
    expect(errorOf('${NOPE:?}')?.message).toBe('NOPE: is not allowed to be unset');
  });

  test('${V:?} on an empty variable says it is not allowed to be empty, and ${V?} accepts it', () => {
    expect(errorOf('${EMPTY:?}')?.message).toBe('EMPTY: is not allowed to be empty');
    expect(expandWord('${EMPTY?}', env)).toMatchObject({ value: '' });
  });

  test('the ? message is itself expanded', () => {
    expect(expandWord('${VAR:?message here$ARG}', envFromList(['VAR=', 'ARG=x'])).error?.message).toBe('VAR: message herex');
    expect(expandWord('${VAR?message here$ARG}', envFromList(['ARG=x'])).error?.message).toBe('VAR: message herex');
    expect(expandWord('${VAR:?message here$ARG}', envFromList(['VAR=plain', 'ARG=x'])).value).toBe('plain');
  });

  test('unterminated quotes are reported with the quote kind', () => {
    expect(errorOf('"abc')).toMatchObject({
      code: 'UNTERMINATED_DOUBLE_QUOTE',
      message: 'unexpected end of statement while looking for matching double-quote',
      range: [0, 4],
    });
    expect(errorOf("ab'c")).toMatchObject({
      code: 'UNTERMINATED_SINGLE_QUOTE',
      message: 'unexpected end of statement while looking for matching single-quote',
      range: [2, 4],
    });
  });

  test('a quote left open inside ${…} is reported as the missing brace', () => {
    expect(errorOf('${X:-"abc}')?.message).toBe("syntax error: missing '}'");
  });

  test('a replacement without its second slash says so', () => {
    expect(errorOf('${SET/abc}')).toMatchObject({ code: 'MISSING_SLASH', message: "syntax error: missing '/' in ${}" });
    expect(errorOf('${SET//}')?.code).toBe('MISSING_SLASH');
  });

  test('a pattern escape other than \\* \\? \\\\ is an invalid pattern', () => {
    expect(errorOf('${SET#\\x}')?.message).toBe("invalid pattern (\\x) in substitution: invalid escape '\\x'");
    expect(errorOf('${SET/a\\b/c}')?.code).toBe('INVALID_PATTERN');
  });

  test('the engine message wraps the text the way BuildKit does, with Go quoting', () => {
    expect(errorOf('a "${')?.engineMessage).toBe('failed to process "a \\"${": syntax error: missing \'}\'');
    expect(goQuote('tab\there\n\u0001é😀\u00a0')).toBe('"tab\\there\\n\\x01é😀\\u00a0"');
  });

  test('the error range points at the substitution that failed', () => {
    expect(errorOf('abc ${SET=x} def')?.range).toEqual([4, 10]);
  });

  test('an error leaves no value and no words', () => {
    expect(expandWords('a b ${', env)).toMatchObject({ words: [] });
  });
});

describe('modifiers', () => {
  const env = { FOO: 'xxx', BAR: '' };
  const map = new Map(Object.entries(env));

  test('- and :- choose the default for unset, and :- also for empty', () => {
    expect(expandWord('${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}', map).value).toBe('xxx  ccc');
    expect(expandWord('${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}', map).value).toBe('xxx bbb ccc');
  });

  test('+ and :+ choose the alternative for set, and :+ only when non-empty', () => {
    expect(expandWord('${FOO+aaa} ${BAR+bbb} ${BAZ+ccc}', map).value).toBe('aaa bbb ');
    expect(expandWord('${FOO:+aaa} ${BAR:+bbb} ${BAZ:+ccc}', map).value).toBe('aaa  ');
  });

  test('matched and unmatched list the names looked up', () => {
    const result = expandWord('${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}', map);
    expect([...result.matched].sort()).toEqual(['BAR', 'FOO']);
    expect([...result.unmatched]).toEqual(['BAZ']);
  });

  test('defaults nest and are expanded themselves', () => {
    const platform = 'something-${VERSION}.${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz';
    const base = { VERSION: 'v1.2.3', TARGETOS: 'linux' };
    expect(expandWord(platform, new Map(Object.entries({ ...base, TARGETARCH: 'arm', TARGETVARIANT: 'v7' }))).value).toBe(
      'something-v1.2.3.linux-arm-v7.tar.gz',
    );
    expect(expandWord(platform, new Map(Object.entries({ ...base, TARGETARCH: 'arm64', TARGETVARIANT: '' }))).value).toBe(
      'something-v1.2.3.linux-arm64.tar.gz',
    );
  });
});

describe('pattern forms', () => {
  const one = (word: string, vars: Record<string, string>) => {
    const result = expandWord(word, new Map(Object.entries(vars)));
    expect(result.error).toBeUndefined();
    return result.value;
  };

  test('# removes the shortest matching prefix and ## the longest', () => {
    expect(one('${FOO#*x*y}', { FOO: 'xxyy' })).toBe('y');
    expect(one('${FOO##*x}', { FOO: 'xxyy' })).toBe('yy');
    expect(one('${FOO#*}', { FOO: 'xxyy' })).toBe('xxyy');
    expect(one('${FOO#?\\?}', { FOO: '???y' })).toBe('?y');
    expect(one('${FOO#$BAR}', { FOO: 'xxyy', BAR: 'x' })).toBe('xyy');
    expect(one('${FOO#}', { FOO: 'xxyy' })).toBe('xxyy');
    expect(one('${FOO##}', { FOO: 'xxyy' })).toBe('xxyy');
  });

  test('% removes the shortest matching suffix and %% the longest', () => {
    expect(one('${FOO%%\\**}', { FOO: 'xx**' })).toBe('xx');
    expect(one('${FOO%%\\**\\*}', { FOO: 'a***yy*' })).toBe('a');
    expect(one('${ABC:-.}${FOO%x}${ABC:-.}', { FOO: 'xxyy' })).toBe('.xxyy.');
    expect(one('${FOO%.*}', { FOO: 'archive.tar.gz' })).toBe('archive.tar');
    expect(one('${FOO%%.*}', { FOO: 'archive.tar.gz' })).toBe('archive');
    expect(one('${FOO%%$BAR}', { FOO: 'xxyy', BAR: '' })).toBe('xxyy');
  });

  test('regular-expression characters in a pattern are literal', () => {
    expect(one('${FOO#()[]{\\}^$.\\*\\?|\\\\}', { FOO: '()[]{}^$.*?|\\x' })).toBe('x');
  });

  test('* does not match across a newline, as in Go regexp', () => {
    expect(one('${FOO#*b}', { FOO: 'a\nb-b' })).toBe('a\nb-b');
  });

  test('/ replaces the first match and // every match', () => {
    expect(one('${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}', { FOO: '/foo*/*/*.txt', NEEDLE: '\\*/' })).toBe(
      '/foo.*/*.txt - /foo..*.txt',
    );
    expect(one('${FOO/$NEEDLE/} - ${FOO//$NEEDLE/}', { FOO: '/tmp/tmp/bar.txt', NEEDLE: '/tmp' })).toBe(
      '/tmp/bar.txt - /bar.txt',
    );
    expect(one('${FOO/$N/$R} - ${FOO//$N/$R}', { FOO: '/a/foo/b/c.txt', N: '/?/', R: '/' })).toBe(
      '/foo/b/c.txt - /foo/c.txt',
    );
    expect(one('${FOO/$N/$R}', { FOO: 'http://google.de', N: 'http://', R: 'https://' })).toBe('https://google.de');
  });

  test('an escaped slash is part of the pattern and of the replacement', () => {
    expect(one('${FOO//\\//\\/}', { FOO: '/tmp/foo.txt' })).toBe('\\/tmp\\/foo.txt');
  });

  test('an empty pattern replaces at the start, and // skips empty matches after a match as Go does', () => {
    expect(one('${FOO/$BAR/ww}', { FOO: 'xxyy', BAR: '' })).toBe('wwxxyy');
    expect(one('${FOO///}', { FOO: 'xxyy' })).toBe('xxyy');
    expect(one('${FOO//*/x}', { FOO: 'abc' })).toBe('x');
    expect(one('${FOO//$E/-}', { FOO: 'ab', E: '' })).toBe('-a-b-');
  });

  test('// expands $0 in the replacement to the match, as Go templates do', () => {
    expect(one('${FOO//o/[\\$0]}', { FOO: 'foo' })).toBe('f[\\o][\\o]');
    expect(one('${FOO/o/[\\$0]}', { FOO: 'foo' })).toBe('f[\\$0]o');
  });

  test('an unset variable gives the empty string for every pattern form', () => {
    expect(one('${NOPE#x}${NOPE%x}${NOPE/x/y}${NOPE//x/y}', {})).toBe('');
  });

  test('reversing a pattern keeps escapes before what they escape', () => {
    expect(reversePattern('a\\*c')).toBe('c\\*a');
    expect(reversePattern('\\\\\\ab')).toBe('b\\a\\\\');
    expect(reversePattern('ab\\')).toBe('\\ba');
    expect(reversePattern('👽\\🚀🖖')).toBe('🖖\\🚀👽');
  });
});

describe('special and positional parameters', () => {
  test('positional and special parameters are never set', () => {
    const env = envFromList(['A=1']);
    expect(expandWord('$1$@$*$#$?$-$$$!$0x', env).value).toBe('x');
    expect(expandWord('$1a ${10}b $001c', env).value).toBe('a b c');
    expect([...expandWord('$1 $@', env).unmatched]).toEqual(['1', '@']);
  });

  test('a $ before anything that cannot start a name stays literal', () => {
    expect(expandWord('$. $ $/', new Map()).value).toBe('$. $ $/');
  });

  test('names may use letters of any script', () => {
    expect(expandWord('$이름!', new Map([['이름', 'kim']])).value).toBe('kim!');
  });
});

describe('options', () => {
  const env = envFromList(['SET=v']);

  test('skipUnsetEnv leaves unset references as written', () => {
    const opts = { skipUnsetEnv: true };
    expect(expandWord('$NOPE ${NOPE} ${NOPE:-$SET} ${NOPE//a/b} $SET', env, opts).value).toBe(
      '$NOPE ${NOPE} ${NOPE:-v} ${NOPE/a/b} v',
    );
  });

  test('rawQuotes keeps the quotes', () => {
    expect(expandWord(`"a $SET" 'b'`, env, { rawQuotes: true }).value).toBe(`"a v" 'b'`);
  });

  test('rawEscapes keeps the escape tokens', () => {
    expect(expandWord('a\\ b\\$SET', env, { rawEscapes: true }).value).toBe('a\\ b\\$SET');
  });

  test('the backtick escape token escapes and backslashes are plain', () => {
    const opts = { escapeToken: '`' } as const;
    expect(expandWord('C:\\dir`$SET', env, opts).value).toBe('C:\\dir$SET');
    expect(expandWord('"a`"b"', env, opts).value).toBe('a"b');
    expect(expandWords('a` b c', env, opts).words).toEqual(['a b', 'c']);
  });

  test('windows matches names case-insensitively and reports them as written', () => {
    const result = expandWord('$set', env, { caseInsensitiveKeys: true });
    expect(result.value).toBe('v');
    expect([...result.matched]).toEqual(['set']);
    expect(expandWord('$set', env).value).toBe('');
  });

  test('a lookup function works like a map', () => {
    const lookup = (name: string) => (name === 'SET' ? 'fn' : undefined);
    expect(expandWord('${SET}-${NOPE:-d}', lookup).value).toBe('fn-d');
  });

  test('heredoc bodies expand variables but keep quotes and use \\ whatever the escape directive', () => {
    const body = `echo "$SET" '$SET' \\$SET\n`;
    expect(expandRaw(body, env).value).toBe(`echo "v" 'v' $SET\n`);
  });
});

describe('word splitting', () => {
  test('an expanded value is split but quoted text is not', () => {
    const env = envFromList(['PORTS=80  443']);
    expect(expandWords('$PORTS 8080', env).words).toEqual(['80', '443', '8080']);
    expect(expandWords('"$PORTS" 8080', env).words).toEqual(['80  443', '8080']);
  });

  test('a default inside a word joins the text around it', () => {
    expect(expandWords('80${X:-0} 9${Y:-1 2}3', new Map()).words).toEqual(['800', '91', '23']);
  });

  test('empty quotes do not make a word', () => {
    expect(expandWords('a "" b', new Map()).words).toEqual(['a', 'b']);
    expect(expandWords('""', new Map()).words).toEqual([]);
  });
});

describe('which instructions expand variables (reference §C.2)', () => {
  test('ENV, COPY, WORKDIR, EXPOSE and FROM are expanded by the builder', () => {
    for (const kind of ['env', 'label', 'copy', 'add', 'workdir', 'user', 'volume', 'stopsignal', 'arg', 'expose', 'from'] as const) {
      expect(instructionExpandsVariables(kind), kind).toBe(true);
    }
  });

  test('CMD, ENTRYPOINT, SHELL, HEALTHCHECK and MAINTAINER are left to the shell or not expanded', () => {
    for (const kind of ['cmd', 'entrypoint', 'shell', 'healthcheck', 'maintainer', 'onbuild', 'unknown'] as const) {
      expect(instructionExpandsVariables(kind), kind).toBe(false);
    }
  });

  test('FROM sees only global ARGs and EXPOSE splits into several words', () => {
    expect(VARIABLE_EXPANSION_RULES.from.scope).toBe('meta-args');
    expect(VARIABLE_EXPANSION_RULES.expose.splitsWords).toBe(true);
    expect(VARIABLE_EXPANSION_RULES.run.parts).toEqual(['--mount option values']);
  });
});

describe('robustness', () => {
  const alphabet = fc.constantFrom(...'$${}:-+?#%/\\`\'" abcXYZ019@*!\n\t한😀'.split(''), '${', '${X', ':-', '//', '\ufeff');
  const word = fc.array(alphabet, { maxLength: 40 }).map((parts) => parts.join(''));
  const env = envFromList(['X=x y', 'abc=', 'Y=*']);

  test('expansion never throws on arbitrary input, with any options', () => {
    fc.assert(
      fc.property(
        fc.oneof(word, fc.string({ maxLength: 60 })),
        fc.record({
          escapeToken: fc.constantFrom('\\', '`'),
          skipUnsetEnv: fc.boolean(),
          rawQuotes: fc.boolean(),
          rawEscapes: fc.boolean(),
          skipProcessQuotes: fc.boolean(),
          caseInsensitiveKeys: fc.boolean(),
        }),
        (input, options) => {
          const single = expandWord(input, env, options);
          const split = expandWords(input, env, options);
          expect(typeof single.value).toBe('string');
          expect(Array.isArray(split.words)).toBe(true);
          // Both entry points agree on whether the word is valid.
          expect(single.error?.message).toBe(split.error?.message);
          if (single.error) expect(single.error.range[0]).toBeLessThanOrEqual(single.error.range[1]);
        },
      ),
      { numRuns: 3000 },
    );
  });

  test('a word without $, quotes or escapes comes back unchanged', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/[$'"\\]/.test(s) && !s.startsWith('\ufeff')),
        (input) => expandWord(input, new Map()).value === input,
      ),
    );
  });

  test('absurdly deep nesting is an error, not a stack overflow', () => {
    const deep = '${A:-'.repeat(5000) + 'x' + '}'.repeat(5000);
    expect(expandWord(deep, new Map()).error?.code).toBe('NESTING_TOO_DEEP');
    expect(expandWord('${A:-'.repeat(50) + 'x' + '}'.repeat(50), new Map()).value).toBe('x');
  });
});
