import { describe, expect, test } from 'vitest';
import { lineArg, lineArgCount, LineNodeSlot, parseInstructionLine } from '../../../src/core/dockerfile/line-parsers.ts';

/** What the line parser made of `line`: flags, argument words and their spans. */
function parse(line: string, into?: LineNodeSlot) {
  const node = parseInstructionLine(line, 0, line.length, 0x5c, into);
  const words: string[] = [];
  for (let i = 0; i < lineArgCount(node); i++) words.push(lineArg(node, line, i));
  return {
    flags: node.flags,
    flagSpans: node.flagSpans,
    words,
    argSpans: node.argSpans,
    json: node.json,
    error: node.error?.code,
    invalidJsonSpan: node.invalidJsonSpan,
  };
}

describe('extractBuilderFlags', () => {
  test('plain --name=value flags are the words up to the next space', () => {
    expect(parse('COPY --from=build --chown=1:1 /src /dst')).toMatchObject({
      flags: ['--from=build', '--chown=1:1'],
      flagSpans: [5, 17, 18, 29],
      words: ['/src', '/dst'],
      argSpans: [30, 34, 35, 39],
    });
  });

  test('quotes group a flag value and are removed from it', () => {
    expect(parse('RUN --mount="type=cache, target=/x" make')).toMatchObject({
      flags: ['--mount=type=cache, target=/x'],
      flagSpans: [4, 35],
      words: ['make'],
    });
    expect(parse("RUN --mount=type=secret,id='a b' make").flags).toEqual(['--mount=type=secret,id=a b']);
  });

  test('a backslash keeps the next character in the flag and is removed', () => {
    expect(parse('RUN --a=x\\ y make')).toMatchObject({ flags: ['--a=x y'], flagSpans: [4, 12], words: ['make'] });
  });

  test('a non-ASCII flag comes out as Latin-1 mojibake of its bytes, as Go turns each byte into a rune', () => {
    expect(parse('RUN --a=é make')).toMatchObject({ flags: ['--a=Ã©'], flagSpans: [4, 9], words: ['make'] });
  });

  test('the byte 0x85 of U+0085 splits a flag, as Go sees a space there', () => {
    // U+0085 is the bytes C2 85: C2 stays in the flag (as Â), 85 ends it.
    expect(parse('RUN --a=x\u0085y z')).toMatchObject({ flags: ['--a=xÂ'], flagSpans: [4, 10], words: ['y z'], argSpans: [10, 13] });
  });

  test('a bare -- ends the flags and is dropped, also at the end of the line', () => {
    expect(parse('RUN --a -- --b')).toMatchObject({ flags: ['--a'], flagSpans: [4, 7], words: ['--b'], argSpans: [11, 14] });
    expect(parse('COPY --a --')).toMatchObject({ flags: ['--a'], flagSpans: [5, 8], words: [], argSpans: [] });
  });
});

describe('parseNameVal', () => {
  test('the first = splits a word even when it is escaped or quoted', () => {
    expect(parse('ENV a\\=b=c')).toMatchObject({ words: ['a\\', 'b=c', '='], argSpans: [4, 6, 7, 10, 6, 7] });
    expect(parse('ENV "a=b" c=d').words).toEqual(['"a', 'b"', '=', 'c', 'd', '=']);
  });

  test('a trailing escape is dropped from the value but stays in its span', () => {
    expect(parse('ENV k=v\\')).toMatchObject({ words: ['k', 'v', '='], argSpans: [4, 5, 6, 8, 5, 6] });
  });

  test('a word without = after a name=value pair is an error', () => {
    expect(parse("LABEL a='x=y' b")).toMatchObject({ words: [], error: 'INVALID_NAME_VALUE' });
  });
});

describe('parseHealthConfig', () => {
  test('the type word comes before the exec-form words', () => {
    expect(parse('HEALTHCHECK --interval=5s CMD ["a", "b"]')).toMatchObject({
      flags: ['--interval=5s'],
      words: ['CMD', 'a', 'b'],
      argSpans: [26, 29, 31, 34, 36, 39],
      json: true,
    });
  });

  test('the type word comes before the shell-form command, and a non-string element is an error', () => {
    expect(parse('HEALTHCHECK CMD curl -f x')).toMatchObject({ words: ['CMD', 'curl -f x'], argSpans: [12, 15, 16, 25], json: false });
    expect(parse('HEALTHCHECK CMD [1]')).toMatchObject({ words: ['CMD', '[1]'], error: 'JSON_NOT_STRINGS' });
  });
});

describe('parseJSON', () => {
  test('elements are decoded: escapes, pairs kept, a lone surrogate (escaped or not) becomes U+FFFD', () => {
    const line = 'RUN ["a\\"b", "\\ud800x", "😀", "\\u00e9", "\ud800", ""]';
    const node = parseInstructionLine(line, 0, line.length, 0x5c);
    expect(node.json).toBe(true);
    expect(node.args).toEqual(['a"b', '\ufffdx', '😀', 'é', '\ufffd', '']);
    expect(node.argSpans).toEqual([5, 11, 13, 22, 24, 28, 30, 38, 40, 43, 45, 47]);
  });

  test('spaces around elements are allowed; a raw tab inside a string or a trailing comma is not JSON', () => {
    expect(parse('RUN [ "a" , "b" ]  ')).toMatchObject({ words: ['a', 'b'], argSpans: [6, 9, 12, 15], json: true });
    expect(parse('RUN ["a\tb"]')).toMatchObject({ json: false, invalidJsonSpan: [4, 11] });
    expect(parse('CMD ["a",]')).toMatchObject({ json: false, invalidJsonSpan: [4, 10] });
    expect(parse('CMD []')).toMatchObject({ words: [], json: true });
  });
});

describe('argument parsers', () => {
  test('text that looks like a failed JSON array becomes shell form and is flagged', () => {
    expect(parse('RUN ["a" "b"]')).toMatchObject({ words: ['["a" "b"]'], argSpans: [4, 13], invalidJsonSpan: [4, 13] });
  });

  test('FROM and EXPOSE split on runs of tabs and spaces', () => {
    expect(parse('FROM  a\tAS \tb')).toMatchObject({ words: ['a', 'AS', 'b'], argSpans: [6, 7, 8, 10, 12, 13] });
    expect(parse('EXPOSE 80   443')).toMatchObject({ words: ['80', '443'], argSpans: [7, 9, 12, 15] });
  });

  test('a reused node keeps nothing of the line before', () => {
    const slot = new LineNodeSlot();
    parse('HEALTHCHECK CMD [1]', slot);
    parse('ONBUILD RUN ["a" "b"]', slot);
    expect(parse('COPY --from=a b c', slot)).toEqual({
      flags: ['--from=a'],
      flagSpans: [5, 13],
      words: ['b', 'c'],
      argSpans: [14, 15, 16, 17],
      json: false,
      error: undefined,
      invalidJsonSpan: undefined,
    });
    expect(slot.child).toBeUndefined();
  });
});
