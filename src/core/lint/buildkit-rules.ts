// BuildKit's build-check rules: names, documentation URLs and message formats exactly as BuildKit
// prints them (moby/buildkit frontend/dockerfile/linter/ruleset.go). Keeping the names and texts
// byte-identical lets a learner search for what `docker build --check` told them.

import { goQuote } from '../dockerfile/go-text.ts';

export interface BuildkitRule {
  readonly name: string;
  readonly description: string;
  readonly url: string;
  /** Experimental rules run only when `# check=experimental=<name>|all` enables them (linter.go). */
  readonly experimental: boolean;
}

/** `StageNameCasing` → `stage-name-casing`, as BuildKit's docs generator does (linter/generate.go camelToKebab). */
export function ruleNameToKebab(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const ch = name[i] ?? '';
    const isUpper = ch >= 'A' && ch <= 'Z';
    if (isUpper) {
      const prev = name[i - 1] ?? '';
      const next = name[i + 1] ?? '';
      const prevLower = prev >= 'a' && prev <= 'z';
      const nextLower = next >= 'a' && next <= 'z';
      if (i !== 0 && (prevLower || nextLower)) out += '-';
      out += ch.toLowerCase();
    } else {
      out += ch;
    }
  }
  return out;
}

function rule(name: string, description: string, experimental = false): BuildkitRule {
  return { name, description, url: `https://docs.docker.com/go/dockerfile/rule/${ruleNameToKebab(name)}/`, experimental };
}

export const BUILDKIT_RULES = {
  StageNameCasing: rule('StageNameCasing', 'Stage names should be lowercase'),
  FromAsCasing: rule('FromAsCasing', "The 'as' keyword should match the case of the 'from' keyword"),
  NoEmptyContinuation: rule('NoEmptyContinuation', 'Empty continuation lines will become errors in a future release'),
  ConsistentInstructionCasing: rule(
    'ConsistentInstructionCasing',
    'All commands within the Dockerfile should use the same casing (either upper or lower)',
  ),
  DuplicateStageName: rule('DuplicateStageName', 'Stage names should be unique'),
  ReservedStageName: rule('ReservedStageName', 'Reserved words should not be used as stage names'),
  JSONArgsRecommended: rule(
    'JSONArgsRecommended',
    'JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals',
  ),
  MaintainerDeprecated: rule(
    'MaintainerDeprecated',
    'The MAINTAINER instruction is deprecated, use a label instead to define an image author',
  ),
  UndefinedArgInFrom: rule('UndefinedArgInFrom', 'FROM command must use declared ARGs'),
  WorkdirRelativePath: rule(
    'WorkdirRelativePath',
    'Relative workdir without an absolute workdir declared within the build can have unexpected results if the base image changes',
  ),
  UndefinedVar: rule('UndefinedVar', 'Variables should be defined before their use'),
  MultipleInstructionsDisallowed: rule(
    'MultipleInstructionsDisallowed',
    'Multiple instructions of the same type should not be used in the same stage',
  ),
  LegacyKeyValueFormat: rule('LegacyKeyValueFormat', 'Legacy key/value format with whitespace separator should not be used'),
  RedundantTargetPlatform: rule(
    'RedundantTargetPlatform',
    'Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior',
  ),
  SecretsUsedInArgOrEnv: rule('SecretsUsedInArgOrEnv', 'Sensitive data should not be used in the ARG or ENV commands'),
  InvalidDefaultArgInFrom: rule(
    'InvalidDefaultArgInFrom',
    'Default value for global ARG results in an empty or invalid base image name',
  ),
  FromPlatformFlagConstDisallowed: rule('FromPlatformFlagConstDisallowed', 'FROM --platform flag should not use a constant value'),
  // Both experimental in ruleset.go (`Experimental: true`) and in docs/rules/_index.md.
  CopyIgnoredFile: rule('CopyIgnoredFile', 'Attempting to Copy file that is excluded by .dockerignore', true),
  InvalidDefinitionDescription: rule(
    'InvalidDefinitionDescription',
    'Comment for build stage or argument should follow the format: `# <arg/stage name> <description>`. If this is not intended to be a description comment, add an empty line or comment between the instruction and the comment.',
    true,
  ),
  ExposeProtoCasing: rule('ExposeProtoCasing', 'Protocol in EXPOSE instruction should be lowercase'),
  ExposeInvalidFormat: rule(
    'ExposeInvalidFormat',
    'IP address and host-port mapping should not be used in EXPOSE instruction. This will become an error in a future release',
  ),
} as const satisfies Record<string, BuildkitRule>;

export type BuildkitRuleName = keyof typeof BUILDKIT_RULES;

/** The `Format` functions of ruleset.go, argument for argument. */
export const buildkitMessages = {
  StageNameCasing: (stageName: string) => `Stage name '${stageName}' should be lowercase`,
  FromAsCasing: (from: string, as: string) => `'${as}' and '${from}' keywords' casing do not match`,
  NoEmptyContinuation: () => 'Empty continuation line',
  ConsistentInstructionCasing: (violatingCommand: string, correctCasing: 'lowercase' | 'uppercase') =>
    `Command '${violatingCommand}' should match the case of the command majority (${correctCasing})`,
  DuplicateStageName: (stageName: string) => `Duplicate stage name ${goQuote(stageName)}, stage names should be unique`,
  ReservedStageName: (reserved: string) => `Stage name should not use the same name as reserved stage ${goQuote(reserved)}`,
  JSONArgsRecommended: (instructionName: string) =>
    `JSON arguments recommended for ${instructionName} to prevent unintended behavior related to OS signals`,
  MaintainerDeprecated: () => 'Maintainer instruction is deprecated in favor of using label',
  UndefinedArgInFrom: (baseArg: string, suggest: string) =>
    `FROM argument '${baseArg}' is not declared${suggest === '' ? '' : ` (did you mean ${suggest}?)`}`,
  WorkdirRelativePath: (workdir: string) =>
    `Relative workdir ${goQuote(workdir)} can have unexpected results if the base image changes`,
  UndefinedVar: (arg: string, suggest: string) =>
    `Usage of undefined variable '$${arg}'${suggest === '' ? '' : ` (did you mean $${suggest}?)`}`,
  MultipleInstructionsDisallowed: (instructionName: string) =>
    `Multiple ${instructionName} instructions should not be used in the same stage because only the last one will be used`,
  LegacyKeyValueFormat: (cmdName: string) =>
    `"${cmdName} key=value" should be used instead of legacy "${cmdName} key value" format`,
  RedundantTargetPlatform: (platformVar: string) =>
    `Setting platform to predefined ${platformVar} in FROM is redundant as this is the default behavior`,
  SecretsUsedInArgOrEnv: (instruction: 'ARG' | 'ENV', secretKey: string) =>
    `Do not use ARG or ENV instructions for sensitive data (${instruction} ${goQuote(secretKey)})`,
  InvalidDefaultArgInFrom: (baseName: string) =>
    `Default value for ARG ${baseName} results in empty or invalid base image name`,
  FromPlatformFlagConstDisallowed: (platform: string) =>
    `FROM --platform flag should not use constant value ${goQuote(platform)}`,
  CopyIgnoredFile: (cmd: 'Copy' | 'Add', file: string) =>
    `Attempting to ${cmd} file ${goQuote(file)} that is excluded by .dockerignore`,
  InvalidDefinitionDescription: (instruction: 'ARG' | 'FROM', defName: string) =>
    `Comment for ${instruction} should follow the format: \`# ${defName} <description>\``,
  ExposeProtoCasing: (port: string) => `Defined protocol '${port}' in EXPOSE instruction should be lowercase`,
  ExposeInvalidFormat: (port: string) =>
    `EXPOSE instruction should not define an IP address or host-port mapping, found '${port}'`,
} as const satisfies Record<BuildkitRuleName, (...args: never[]) => string>;
