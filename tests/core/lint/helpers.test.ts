import { describe, expect, test } from 'vitest';
import { BUILDKIT_RULES, buildkitMessages, ruleNameToKebab } from '../../../src/core/lint/buildkit-rules.ts';
import { checkConfigFromComments, DEFAULT_CHECK_CONFIG, isRuleEnabled, parseCheckOptions } from '../../../src/core/lint/check-config.ts';
import { parseImageReference } from '../../../src/core/lint/image-reference.ts';
import { parsePlatform } from '../../../src/core/lint/platform.ts';
import { suggest } from '../../../src/core/dockerfile/suggest.ts';
import { applyQuickFix } from '../../../src/core/lint/text-edits.ts';

describe('BuildKit rule metadata', () => {
  test('documentation URLs use the kebab-case rule name as BuildKit generates them', () => {
    expect(ruleNameToKebab('JSONArgsRecommended')).toBe('json-args-recommended');
    expect(BUILDKIT_RULES.StageNameCasing.url).toBe('https://docs.docker.com/go/dockerfile/rule/stage-name-casing/');
    expect(BUILDKIT_RULES.FromPlatformFlagConstDisallowed.url).toBe(
      'https://docs.docker.com/go/dockerfile/rule/from-platform-flag-const-disallowed/',
    );
  });

  test('messages quote like Go %q and %s', () => {
    expect(buildkitMessages.FromAsCasing('FROM', 'as')).toBe("'as' and 'FROM' keywords' casing do not match");
    expect(buildkitMessages.DuplicateStageName('build')).toBe('Duplicate stage name "build", stage names should be unique');
    expect(buildkitMessages.SecretsUsedInArgOrEnv('ARG', 'API_TOKEN')).toBe('Do not use ARG or ENV instructions for sensitive data (ARG "API_TOKEN")');
    expect(buildkitMessages.UndefinedVar('PAHT', 'PATH')).toBe("Usage of undefined variable '$PAHT' (did you mean $PATH?)");
    expect(buildkitMessages.UndefinedArgInFrom('VERSON', '')).toBe("FROM argument 'VERSON' is not declared");
    expect(buildkitMessages.LegacyKeyValueFormat('ENV')).toBe('"ENV key=value" should be used instead of legacy "ENV key value" format');
  });
});

describe('check directive', () => {
  test('skip, error and experimental parse like ParseLintOptions', () => {
    const c = parseCheckOptions('skip=JSONArgsRecommended, StageNameCasing;error=true');
    expect(c?.skip.has('StageNameCasing')).toBe(true);
    expect(c?.error).toBe(true);
    expect(parseCheckOptions('skip=all')?.skipAll).toBe(true);
    expect(parseCheckOptions('experimental=all')?.experimentalAll).toBe(true);
  });

  test('an unknown option or a bad boolean is rejected', () => {
    expect(parseCheckOptions('skipp=x')).toBeUndefined();
    expect(parseCheckOptions('error=yes')).toBeUndefined();
    expect(parseCheckOptions('skip')).toBeUndefined();
  });

  test('experimental rules need enabling and skip=all does not turn them on', () => {
    expect(isRuleEnabled('CopyIgnoredFile', true, DEFAULT_CHECK_CONFIG, undefined)).toBe(false);
    expect(isRuleEnabled('CopyIgnoredFile', true, parseCheckOptions('experimental=CopyIgnoredFile') ?? DEFAULT_CHECK_CONFIG, undefined)).toBe(true);
    expect(isRuleEnabled('StageNameCasing', false, parseCheckOptions('skip=all') ?? DEFAULT_CHECK_CONFIG, undefined)).toBe(false);
  });

  test('a check comment above an instruction adds its skips for that instruction', () => {
    const local = checkConfigFromComments([' some description', ' check=skip=JSONArgsRecommended']);
    expect(isRuleEnabled('JSONArgsRecommended', false, DEFAULT_CHECK_CONFIG, local)).toBe(false);
    expect(isRuleEnabled('MaintainerDeprecated', false, DEFAULT_CHECK_CONFIG, local)).toBe(true);
  });
});

describe('suggestions', () => {
  test('the closest option under distance 3 is suggested, an exact match suggests nothing', () => {
    expect(suggest('buidl', ['build', 'runtime'], false)).toBe('build');
    expect(suggest('build', ['build', 'runtime'], false)).toBeUndefined();
    expect(suggest('xyzzy', ['build'], false)).toBeUndefined();
    expect(suggest('PAHT', ['PATH', 'HOME'], true)).toBe('PATH');
  });
});

describe('image references', () => {
  test('valid references split into repository, tag and digest', () => {
    expect(parseImageReference('node:20-alpine')).toEqual({ repository: 'node', tag: '20-alpine' });
    expect(parseImageReference('ghcr.io/org/app')).toEqual({ repository: 'ghcr.io/org/app' });
    expect(parseImageReference('localhost:5000/app:1')).toEqual({ repository: 'localhost:5000/app', tag: '1' });
  });

  test('empty, uppercase and malformed references are rejected like ParseNormalizedNamed', () => {
    expect(parseImageReference('')).toBeUndefined();
    expect(parseImageReference('Builder')).toBeUndefined();
    expect(parseImageReference('node:')).toBeUndefined();
    expect(parseImageReference('-alpine')).toBeUndefined();
  });
});

describe('platforms', () => {
  test('specifiers normalise like containerd', () => {
    expect(parsePlatform('linux/amd64')).toEqual({ os: 'linux', architecture: 'amd64' });
    expect(parsePlatform('linux/aarch64')).toEqual({ os: 'linux', architecture: 'arm64' });
    expect(parsePlatform('arm64')).toEqual({ os: 'linux', architecture: 'arm64' });
    expect(parsePlatform('linux/$X')).toBeUndefined();
  });
});

describe('quick fix application', () => {
  test('edits apply from the end so earlier offsets stay valid', () => {
    const fixed = applyQuickFix('FROM a AS B\nCOPY --from=B x y\n', {
      title: 'lowercase',
      edits: [
        { range: [10, 11], newText: 'b' },
        { range: [24, 25], newText: 'b' },
      ],
    });
    expect(fixed).toBe('FROM a AS b\nCOPY --from=b x y\n');
  });
});
