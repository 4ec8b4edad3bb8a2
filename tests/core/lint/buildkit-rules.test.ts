import { describe, expect, test } from 'vitest';
import { dedent, expectFixResolves, findingsOf, lint, textAt } from './lint-helpers.ts';

describe('StageNameCasing', () => {
  test('a mixed-case stage name is flagged at the name and the fix lowercases it and its references', () => {
    const src = dedent`
      FROM alpine:3.19 AS BuilderBase
      RUN echo hi > /x
      FROM alpine:3.19
      COPY --from=BuilderBase /x /x
    `;
    const [f] = findingsOf(src, 'StageNameCasing');
    expect(f?.message).toBe("Stage name 'BuilderBase' should be lowercase");
    expect(f?.url).toBe('https://docs.docker.com/go/dockerfile/rule/stage-name-casing/');
    expect(f?.severity).toBe('warning');
    expect(textAt(src, f)).toBe('BuilderBase');
    expect([f?.line, f?.column]).toEqual([1, 21]);
    const fixed = expectFixResolves(src, f);
    expect(fixed).toContain('AS builderbase');
    expect(fixed).toContain('--from=builderbase');
  });

  test('a lowercase stage name is fine', () => {
    expect(findingsOf('FROM alpine:3.19 AS builder-base\n', 'StageNameCasing')).toEqual([]);
  });
});

describe('FromAsCasing', () => {
  test('lowercase as after uppercase FROM is flagged at the as word', () => {
    const src = 'FROM alpine:3.19 as build\n';
    const [f] = findingsOf(src, 'FromAsCasing');
    expect(f?.message).toBe("'as' and 'FROM' keywords' casing do not match");
    expect(textAt(src, f)).toBe('as');
    expect(expectFixResolves(src, f)).toBe('FROM alpine:3.19 AS build\n');
  });

  test('matching casing, or a FROM keyword that is itself mixed case, is not flagged', () => {
    expect(findingsOf('from alpine:3.19 as build\n', 'FromAsCasing')).toEqual([]);
    expect(findingsOf('From alpine:3.19 as build\n', 'FromAsCasing')).toEqual([]);
  });
});

describe('NoEmptyContinuation', () => {
  test('an empty line inside a continuation is flagged and the fix removes it', () => {
    const src = 'FROM alpine:3.19\nRUN echo a \\\n\n  && echo b\n';
    const [f] = findingsOf(src, 'NoEmptyContinuation');
    expect(f?.message).toBe('Empty continuation line');
    expect(f?.line).toBe(3);
    expect(expectFixResolves(src, f)).toBe('FROM alpine:3.19\nRUN echo a \\\n  && echo b\n');
  });

  test('a continuation without empty lines is fine', () => {
    expect(findingsOf('FROM alpine:3.19\nRUN echo a \\\n  && echo b\n', 'NoEmptyContinuation')).toEqual([]);
  });
});

describe('ConsistentInstructionCasing', () => {
  test('an instruction against the majority casing is flagged at its keyword', () => {
    const src = 'FROM alpine:3.19\nrun echo hi\nCOPY a /a\n';
    const [f] = findingsOf(src, 'ConsistentInstructionCasing');
    expect(f?.message).toBe("Command 'run' should match the case of the command majority (uppercase)");
    expect(textAt(src, f)).toBe('run');
    expectFixResolves(src, f);
  });

  test('all-uppercase instructions are fine', () => {
    expect(findingsOf('FROM alpine:3.19\nRUN echo hi\n', 'ConsistentInstructionCasing')).toEqual([]);
  });
});

describe('DuplicateStageName', () => {
  test('the second stage with a name is flagged at its name', () => {
    const src = 'FROM alpine:3.19 AS build\nFROM alpine:3.19 AS Build\n';
    const [f] = findingsOf(src, 'DuplicateStageName');
    expect(f?.message).toBe('Duplicate stage name "build", stage names should be unique');
    expect(f?.line).toBe(2);
    expect(textAt(src, f)).toBe('Build');
    expectFixResolves(src, f);
  });

  test('distinct names are fine', () => {
    expect(findingsOf('FROM alpine:3.19 AS a\nFROM alpine:3.19 AS b\n', 'DuplicateStageName')).toEqual([]);
  });
});

describe('ReservedStageName', () => {
  test('a stage called scratch is flagged at its name', () => {
    const src = 'FROM alpine:3.19 AS scratch\n';
    const [f] = findingsOf(src, 'ReservedStageName');
    expect(f?.message).toBe('Stage name should not use the same name as reserved stage "scratch"');
    expect(textAt(src, f)).toBe('scratch');
    expectFixResolves(src, f);
  });

  test('an ordinary name is fine', () => {
    expect(findingsOf('FROM alpine:3.19 AS base\n', 'ReservedStageName')).toEqual([]);
  });
});

describe('JSONArgsRecommended', () => {
  test('shell-form CMD is flagged and the fix writes exec form', () => {
    const src = 'FROM alpine:3.19\nCMD node server.js\n';
    const [f] = findingsOf(src, 'JSONArgsRecommended');
    expect(f?.message).toBe('JSON arguments recommended for CMD to prevent unintended behavior related to OS signals');
    expect(textAt(src, f)).toBe('node server.js');
    expect(expectFixResolves(src, f)).toBe('FROM alpine:3.19\nCMD ["node", "server.js"]\n');
  });

  test('a shell-form ENTRYPOINT with shell syntax is converted to an explicit sh -c', () => {
    const src = 'FROM alpine:3.19\nENTRYPOINT echo $HOME && sleep 1\n';
    const [f] = findingsOf(src, 'JSONArgsRecommended');
    expect(expectFixResolves(src, f)).toBe('FROM alpine:3.19\nENTRYPOINT ["/bin/sh", "-c", "echo $HOME && sleep 1"]\n');
  });

  test('exec form, or a shell form after SHELL, is fine', () => {
    expect(findingsOf('FROM alpine:3.19\nCMD ["node", "server.js"]\n', 'JSONArgsRecommended')).toEqual([]);
    expect(findingsOf('FROM alpine:3.19\nSHELL ["/bin/ash", "-c"]\nCMD node server.js\n', 'JSONArgsRecommended')).toEqual([]);
  });
});

describe('MaintainerDeprecated', () => {
  test('MAINTAINER is flagged at its keyword and the fix writes a LABEL', () => {
    const src = 'FROM alpine:3.19\nMAINTAINER Jane <jane@example.com>\n';
    const [f] = findingsOf(src, 'MaintainerDeprecated');
    expect(f?.message).toBe('Maintainer instruction is deprecated in favor of using label');
    expect(textAt(src, f)).toBe('MAINTAINER');
    expect(expectFixResolves(src, f)).toBe('FROM alpine:3.19\nLABEL org.opencontainers.image.authors="Jane <jane@example.com>"\n');
  });

  test('a LABEL is fine', () => {
    expect(findingsOf('FROM alpine:3.19\nLABEL org.opencontainers.image.authors="x"\n', 'MaintainerDeprecated')).toEqual([]);
  });
});

describe('UndefinedArgInFrom', () => {
  test('an undeclared ARG in FROM is flagged at the name with a suggestion', () => {
    const src = 'ARG VERSION=3.19\nFROM alpine:$VERSON\n';
    const [f] = findingsOf(src, 'UndefinedArgInFrom');
    expect(f?.message).toBe("FROM argument 'VERSON' is not declared (did you mean VERSION?)");
    expect(textAt(src, f)).toBe('VERSON');
    expectFixResolves(src, f);
  });

  test('without a close name the fix declares the ARG', () => {
    const src = 'FROM alpine:${TAG:-3.19}\n';
    const [f] = findingsOf(src, 'UndefinedArgInFrom');
    expect(f?.message).toBe("FROM argument 'TAG' is not declared");
    expect(expectFixResolves(src, f)).toBe('ARG TAG\nFROM alpine:${TAG:-3.19}\n');
  });

  test('declared ARGs and BuildKit platform ARGs are fine', () => {
    expect(findingsOf('ARG VERSION=3.19\nFROM --platform=$BUILDPLATFORM alpine:$VERSION\n', 'UndefinedArgInFrom')).toEqual([]);
  });
});

describe('WorkdirRelativePath', () => {
  test('a first relative WORKDIR is flagged at the path and the fix makes it absolute', () => {
    const src = 'FROM alpine:3.19\nWORKDIR app\n';
    const [f] = findingsOf(src, 'WorkdirRelativePath');
    expect(f?.message).toBe('Relative workdir "app" can have unexpected results if the base image changes');
    expect(textAt(src, f)).toBe('app');
    expect(expectFixResolves(src, f)).toBe('FROM alpine:3.19\nWORKDIR /app\n');
  });

  test('a relative WORKDIR after an absolute one, here or in the parent stage, is fine', () => {
    expect(findingsOf('FROM alpine:3.19\nWORKDIR /app\nWORKDIR sub\n', 'WorkdirRelativePath')).toEqual([]);
    expect(findingsOf('FROM alpine:3.19 AS a\nWORKDIR /app\nFROM a\nWORKDIR sub\n', 'WorkdirRelativePath')).toEqual([]);
  });
});

describe('UndefinedVar', () => {
  test('a typo in a variable is flagged at the name with BuildKit suggestion and fixed', () => {
    const src = 'FROM alpine:3.19\nENV PATH=$PAHT:/app/bin\n';
    const [f] = findingsOf(src, 'UndefinedVar');
    expect(f?.message).toBe("Usage of undefined variable '$PAHT' (did you mean $PATH?)");
    expect(textAt(src, f)).toBe('PAHT');
    expectFixResolves(src, f);
  });

  test('an undeclared build arg in COPY is flagged', () => {
    const src = 'FROM alpine:3.19 AS base\nCOPY $foo .\n';
    const [f] = findingsOf(src, 'UndefinedVar');
    expect(f?.message).toBe("Usage of undefined variable '$foo'");
    expect(textAt(src, f)).toBe('foo');
  });

  test('declared ARGs, variables of known base images and RUN text are fine', () => {
    expect(findingsOf('FROM alpine:3.19\nARG foo\nCOPY $foo .\n', 'UndefinedVar')).toEqual([]);
    expect(findingsOf('FROM python:3.12\nARG VERSION=$PYTHON_VERSION\n', 'UndefinedVar')).toEqual([]);
    expect(findingsOf('FROM alpine:3.19\nRUN echo $nothing\n', 'UndefinedVar')).toEqual([]);
  });

  test('an image whose environment we do not know is not guessed about', () => {
    expect(findingsOf('FROM example.com/custom:1\nENV X=$SOMETHING\n', 'UndefinedVar')).toEqual([]);
  });
});

describe('MultipleInstructionsDisallowed', () => {
  test('the earlier of two CMDs is flagged and the fix removes it', () => {
    const src = 'FROM alpine:3.19\nCMD ["a"]\nCMD ["b"]\n';
    const [f] = findingsOf(src, 'MultipleInstructionsDisallowed');
    expect(f?.message).toBe('Multiple CMD instructions should not be used in the same stage because only the last one will be used');
    expect(textAt(src, f)).toBe('CMD ["a"]');
    expect(expectFixResolves(src, f)).toBe('FROM alpine:3.19\nCMD ["b"]\n');
  });

  test('one CMD per stage is fine', () => {
    expect(findingsOf('FROM alpine:3.19 AS a\nCMD ["a"]\nFROM a\nCMD ["b"]\n', 'MultipleInstructionsDisallowed')).toEqual([]);
  });
});

describe('LegacyKeyValueFormat', () => {
  test('ENV key value is flagged at the pair and the fix writes key=value', () => {
    const src = 'FROM alpine:3.19\nENV GREETING hello world\n';
    const [f] = findingsOf(src, 'LegacyKeyValueFormat');
    expect(f?.message).toBe('"ENV key=value" should be used instead of legacy "ENV key value" format');
    expect(textAt(src, f)).toBe('GREETING hello world');
    expect(expectFixResolves(src, f)).toBe('FROM alpine:3.19\nENV GREETING="hello world"\n');
  });

  test('key=value is fine', () => {
    expect(findingsOf('FROM alpine:3.19\nENV GREETING=hello\n', 'LegacyKeyValueFormat')).toEqual([]);
  });
});

describe('InvalidDefaultArgInFrom', () => {
  test('a global ARG without default that empties the image tag is flagged', () => {
    const src = 'ARG TAG\nFROM alpine:${TAG}\n';
    const [f] = findingsOf(src, 'InvalidDefaultArgInFrom');
    expect(f?.message).toBe('Default value for ARG alpine:${TAG} results in empty or invalid base image name');
    expect(textAt(src, f)).toBe('alpine:${TAG}');
  });

  test('a default that makes a valid reference is fine', () => {
    expect(findingsOf('ARG TAG=3.19\nFROM alpine:${TAG}\n', 'InvalidDefaultArgInFrom')).toEqual([]);
  });
});

describe('FromPlatformFlagConstDisallowed', () => {
  test('a constant platform is flagged at the value and the fix removes the flag', () => {
    const src = 'FROM --platform=linux/amd64 alpine:3.19 AS build\n';
    const [f] = findingsOf(src, 'FromPlatformFlagConstDisallowed');
    expect(f?.message).toBe('FROM --platform flag should not use constant value "linux/amd64"');
    expect(textAt(src, f)).toBe('linux/amd64');
    expect(expectFixResolves(src, f)).toBe('FROM alpine:3.19 AS build\n');
  });

  test('a stage name naming the architecture, or a variable, is fine', () => {
    expect(findingsOf('FROM --platform=linux/amd64 alpine:3.19 AS build-amd64\n', 'FromPlatformFlagConstDisallowed')).toEqual([]);
    expect(findingsOf('FROM --platform=$BUILDPLATFORM alpine:3.19\n', 'FromPlatformFlagConstDisallowed')).toEqual([]);
  });
});

describe('RedundantTargetPlatform', () => {
  test('--platform=$TARGETPLATFORM is flagged at the flag and the fix removes it', () => {
    const src = 'FROM --platform=$TARGETPLATFORM alpine:3.19\n';
    const [f] = findingsOf(src, 'RedundantTargetPlatform');
    expect(f?.message).toBe('Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior');
    expect(textAt(src, f)).toBe('--platform=$TARGETPLATFORM');
    expect(expectFixResolves(src, f)).toBe('FROM alpine:3.19\n');
  });

  test('$BUILDPLATFORM is fine', () => {
    expect(findingsOf('FROM --platform=$BUILDPLATFORM alpine:3.19\n', 'RedundantTargetPlatform')).toEqual([]);
  });
});

describe('SecretsUsedInArgOrEnv', () => {
  test('secret-looking ARG and ENV names are flagged at the name', () => {
    const src = 'FROM alpine:3.19\nARG API_TOKEN\nENV DB_PASSWORD=x\n';
    const found = findingsOf(src, 'SecretsUsedInArgOrEnv');
    expect(found.map((f) => f.message)).toEqual([
      'Do not use ARG or ENV instructions for sensitive data (ARG "API_TOKEN")',
      'Do not use ARG or ENV instructions for sensitive data (ENV "DB_PASSWORD")',
    ]);
    expect(found.map((f) => textAt(src, f))).toEqual(['API_TOKEN', 'DB_PASSWORD']);
  });

  test('allowed tokens (public, file, version) and ordinary names are fine', () => {
    expect(findingsOf('FROM alpine:3.19\nARG PUBLIC_KEY\nARG TOKEN_FILE\nARG NODE_VERSION\n', 'SecretsUsedInArgOrEnv')).toEqual([]);
  });
});

describe('CopyIgnoredFile (experimental)', () => {
  const src = '# check=experimental=CopyIgnoredFile\nFROM alpine:3.19\nCOPY ./tmp/a.txt /a.txt\n';

  test('a source excluded by .dockerignore is flagged once the rule is enabled', () => {
    const [f] = findingsOf(src, 'CopyIgnoredFile', { dockerignore: 'tmp\n' });
    expect(f?.message).toBe('Attempting to Copy file "tmp/a.txt" that is excluded by .dockerignore');
    expect(textAt(src, f)).toBe('./tmp/a.txt');
  });

  test('it stays off without experimental=, and with exclusion patterns', () => {
    expect(findingsOf('FROM alpine:3.19\nCOPY ./tmp/a.txt /a.txt\n', 'CopyIgnoredFile', { dockerignore: 'tmp\n' })).toEqual([]);
    expect(findingsOf(src, 'CopyIgnoredFile', { dockerignore: 'tmp\n!tmp/a.txt\n' })).toEqual([]);
  });
});

describe('InvalidDefinitionDescription (experimental)', () => {
  test('a comment above a named FROM that does not start with the name is flagged', () => {
    const src = '# check=experimental=InvalidDefinitionDescription\n\n# the base image\nFROM alpine:3.19 AS base\n';
    const [f] = findingsOf(src, 'InvalidDefinitionDescription');
    expect(f?.message).toBe('Comment for FROM should follow the format: `# base <description>`');
    expect(textAt(src, f)).toBe('# the base image');
    expectFixResolves(src, f);
  });

  test('a description starting with the name is fine', () => {
    const src = '# check=experimental=InvalidDefinitionDescription\n\n# base the base image\nFROM alpine:3.19 AS base\n';
    expect(findingsOf(src, 'InvalidDefinitionDescription')).toEqual([]);
  });
});

describe('ExposeProtoCasing', () => {
  test('an uppercase protocol is flagged at the port and fixed', () => {
    const src = 'FROM alpine:3.19\nEXPOSE 80/TCP\n';
    const [f] = findingsOf(src, 'ExposeProtoCasing');
    expect(f?.message).toBe("Defined protocol '80/TCP' in EXPOSE instruction should be lowercase");
    expect(textAt(src, f)).toBe('80/TCP');
    expect(expectFixResolves(src, f)).toBe('FROM alpine:3.19\nEXPOSE 80/tcp\n');
  });

  test('a lowercase protocol is fine', () => {
    expect(findingsOf('FROM alpine:3.19\nEXPOSE 80/udp 443\n', 'ExposeProtoCasing')).toEqual([]);
  });
});

describe('ExposeInvalidFormat', () => {
  test('an IP and host port mapping is flagged and the fix keeps the container port', () => {
    const src = 'FROM alpine:3.19\nEXPOSE 127.0.0.1:8080:80\n';
    const [f] = findingsOf(src, 'ExposeInvalidFormat');
    expect(f?.message).toBe("EXPOSE instruction should not define an IP address or host-port mapping, found '127.0.0.1:8080:80'");
    expect(textAt(src, f)).toBe('127.0.0.1:8080:80');
    expect(expectFixResolves(src, f)).toBe('FROM alpine:3.19\nEXPOSE 80\n');
  });

  test('a plain container port is fine', () => {
    expect(findingsOf('FROM alpine:3.19\nEXPOSE 80\n', 'ExposeInvalidFormat')).toEqual([]);
  });
});

describe('check directive', () => {
  const src = 'FROM alpine:3.19\nCMD node server.js\nMAINTAINER me\n';

  test('# check=skip= silences the named rules only', () => {
    const found = lint(`# check=skip=JSONArgsRecommended\n${src}`).map((f) => f.rule);
    expect(found).not.toContain('JSONArgsRecommended');
    expect(found).toContain('MaintainerDeprecated');
  });

  test('# check=skip=all silences every rule, ours included', () => {
    expect(lint(`# check=skip=all\nFROM node\n${src.slice(17)}`)).toEqual([]);
  });

  test('# check=error=true marks the warnings as failing the build', () => {
    const found = lint(`# check=error=true\n${src}`);
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter((f) => f.source === 'buildkit').every((f) => f.failsBuild === true)).toBe(true);
    expect(lint(src).some((f) => f.failsBuild === true)).toBe(false);
  });

  test('a # check= comment above one instruction silences the rule for that instruction only', () => {
    const two = 'FROM alpine:3.19\n# check=skip=MaintainerDeprecated\nMAINTAINER a\nFROM alpine:3.19\nMAINTAINER b\n';
    const found = findingsOf(two, 'MaintainerDeprecated');
    expect(found.map((f) => f.line)).toEqual([5]);
  });

  test('BUILDKIT_DOCKERFILE_CHECK replaces the directive', () => {
    const found = lint(`# check=skip=MaintainerDeprecated\n${src}`, { buildArgs: { BUILDKIT_DOCKERFILE_CHECK: 'skip=JSONArgsRecommended' } });
    expect(found.map((f) => f.rule)).toContain('MaintainerDeprecated');
    expect(found.map((f) => f.rule)).not.toContain('JSONArgsRecommended');
  });
});

describe('stages BuildKit dispatches', () => {
  const src = 'FROM alpine:3.19 AS unused\nCMD echo hi\nFROM alpine:3.19 AS app\nCMD ["x"]\n';

  test('without a target every stage is checked, as docker build --check does', () => {
    expect(findingsOf(src, 'JSONArgsRecommended').map((f) => f.line)).toEqual([2]);
  });

  test('with a target the dispatch-time checks skip stages the target does not need', () => {
    expect(findingsOf(src, 'JSONArgsRecommended', { target: 'app' })).toEqual([]);
  });

  test('parse-time checks still run on every stage with a target', () => {
    const casing = 'FROM alpine:3.19 AS Unused\nFROM alpine:3.19 AS app\n';
    expect(findingsOf(casing, 'StageNameCasing', { target: 'app' })).toHaveLength(1);
  });
});
