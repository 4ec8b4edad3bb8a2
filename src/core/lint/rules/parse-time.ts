// The checks BuildKit runs while it parses and converts the whole file, before any stage is
// dispatched: they apply to every stage, whatever the target (instructions/parse.go
// ParseInstructionWithLinter; dockerfile2llb/convert.go toDispatchState, validateStageNames,
// validateCommandCasing, validateBaseImagesWithDefaultArgs, reportUnusedFromArgs,
// reportRedundantTargetPlatform, reportConstPlatformDisallowed).

import type { SourceRange } from '../../diagnostics.ts';
import type { ArgInstruction, FromInstruction, Instruction, RawNode, Stage } from '../../dockerfile/ast.ts';
import { buildkitMessages } from '../buildkit-rules.ts';
import type { LintContext } from '../context.ts';
import { parsePlatform } from '../platform.ts';
import { targetStageName } from '../stage-model.ts';
import { expandInMetaScope, resolveMetaArgs } from '../../graph/meta-args.ts';
import { suggest } from '../../dockerfile/suggest.ts';
import { caseLike, wholeLines } from '../text-edits.ts';
import { boundedMemo } from '../../bounded-memo.ts';
import type { TextEdit } from '../types.ts';

type Casing = 'lower' | 'upper' | 'mixed';

// Keywords are a handful of spellings (RUN, run, Copy, …) on every keystroke: each is classified once.
const CASINGS = new Map<string, Casing>();

function casingOf(keyword: string): Casing {
  return boundedMemo(CASINGS, 256, keyword, classifyCasing);
}

function classifyCasing(keyword: string): Casing {
  return keyword === keyword.toLowerCase() ? 'lower' : keyword === keyword.toUpperCase() ? 'upper' : 'mixed';
}

function isSelfConsistentCasing(s: string): boolean {
  return casingOf(s) !== 'mixed';
}

const WHITESPACE = /\s/;

/** True when `source[start, end)` holds only whitespace (`\s`, as the check always used). */
function isBlank(source: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = source.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13)) continue;
    if (c < 128 || !WHITESPACE.test(source[i] ?? '')) return false;
  }
  return true;
}

function isInHeredoc(heredocs: RawNode['heredocs'], offset: number): boolean {
  for (const h of heredocs) if (offset >= h.range[0] && offset < h.range[1]) return true;
  return false;
}

function checkEmptyContinuations(ctx: LintContext): void {
  const source = ctx.source;
  for (const node of ctx.dockerfile.nodes) {
    // Only an instruction continued onto more lines can have an empty continuation line.
    if (node.endLine <= node.startLine) continue;
    let blanks: SourceRange[] | undefined;
    // The node starts on its first line, so its next line starts after the first newline from there.
    let newline = source.indexOf('\n', node.range[0]);
    for (let line = node.startLine + 1; line <= node.endLine && newline >= 0; line++) {
      const start = newline + 1;
      newline = source.indexOf('\n', start);
      const end = newline < 0 ? source.length : newline + 1;
      if (node.heredocs.length > 0 && isInHeredoc(node.heredocs, start)) continue;
      if (isBlank(source, start, end)) (blanks ??= []).push([start, end]);
    }
    const first = blanks?.[0];
    if (!blanks || !first) continue;
    ctx.reportBuildkit('NoEmptyContinuation', buildkitMessages.NoEmptyContinuation(), first, node, {
      title: blanks.length === 1 ? 'Remove the empty continuation line' : 'Remove the empty continuation lines',
      edits: blanks.map((range) => ({ range, newText: '' })),
    });
  }
}

/** The range of the `AS` word of a FROM with a stage name. */
function asKeywordRange(ctx: LintContext, from: FromInstruction): SourceRange | undefined {
  if (from.stageNameRange === undefined) return undefined;
  const source = ctx.source;
  // The first `as` (any case) between the image and the name.
  for (let i = from.imageRange[1], end = from.stageNameRange[0] - 1; i < end; i++) {
    const a = source.charCodeAt(i) | 0x20;
    if (a === 0x61 && (source.charCodeAt(i + 1) | 0x20) === 0x73) return [i, i + 2];
  }
  return undefined;
}

/** Every place a stage is named: its definition, FROM lines, COPY --from and RUN --mount from. */
function stageNameOccurrences(ctx: LintContext, stage: Stage): SourceRange[] {
  const name = stage.name;
  const out: SourceRange[] = [];
  if (name === undefined || stage.from.stageNameRange === undefined) return out;
  out.push(stage.from.stageNameRange);
  for (const s of ctx.dockerfile.stages) {
    if (s.index > stage.index && s.from.image.toLowerCase() === name) out.push(s.from.imageRange);
    for (const instruction of s.instructions) {
      for (const flag of instruction.flags) {
        if (flag.name === 'from' && typeof flag.value === 'string' && flag.value.toLowerCase() === name) {
          out.push(ctx.flagValueRange(flag));
        }
      }
      if (instruction.kind === 'run') {
        for (const mount of instruction.mounts) {
          if (mount.from?.toLowerCase() !== name) continue;
          const text = ctx.text(mount.range);
          const m = /(?:^|[,=\s])from=/.exec(text);
          if (!m) continue;
          const at = mount.range[0] + m.index + m[0].length;
          out.push([at, at + mount.from.length]);
        }
      }
    }
  }
  return out;
}

function uniqueStageName(ctx: LintContext, base: string): string {
  const taken = new Set(ctx.dockerfile.stages.map((s) => s.name));
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

function checkFrom(ctx: LintContext, stage: Stage): void {
  const from = stage.from;
  const node = from.raw;
  if (from.stageNameRange !== undefined) {
    const written = ctx.text(from.stageNameRange);
    if (written !== written.toLowerCase()) {
      ctx.reportBuildkit('StageNameCasing', buildkitMessages.StageNameCasing(written), from.stageNameRange, node, {
        title: `Rename stage '${written}' to '${written.toLowerCase()}' and its references`,
        edits: stageNameOccurrences(ctx, stage).map((range) => ({ range, newText: ctx.text(range).toLowerCase() })),
      });
    }
    const asRange = isSelfConsistentCasing(from.keyword) ? asKeywordRange(ctx, from) : undefined;
    if (asRange !== undefined) {
      const as = ctx.text(asRange);
      const wanted = caseLike(as, from.keyword);
      if (as !== wanted) {
        ctx.reportBuildkit('FromAsCasing', buildkitMessages.FromAsCasing(from.keyword, as), asRange, node, {
          title: `Write '${as}' as '${wanted}' to match '${from.keyword}'`,
          edits: [{ range: asRange, newText: wanted }],
        });
      }
    }
    if (stage.name !== undefined) checkDefinitionDescription(ctx, 'FROM', [stage.name], node);
  }
}

function checkDefinitionDescription(ctx: LintContext, instruction: 'ARG' | 'FROM', keys: readonly string[], node: RawNode): void {
  if (node.comments.length === 0 || !ctx.isBuildkitRuleEnabled('InvalidDefinitionDescription', node)) return;
  const comments = node.comments.map((c) => c.replace(/^#/, '').trim());
  const last = comments[comments.length - 1];
  if (last === undefined || keys.length === 0) return;
  const firstWord = last.split(' ')[0] ?? '';
  if (keys.includes(firstWord)) return;
  const example = keys.length > 1 ? '<arg_key>' : (keys[0] ?? '');
  const lineStart = ctx.source.lastIndexOf('\n', node.range[0] - 1) + 1;
  // The nearest comment line above the instruction (blank lines do not detach comments).
  let commentRange: SourceRange = node.keywordRange;
  for (let end = lineStart - 1; end > 0; ) {
    const start = ctx.source.lastIndexOf('\n', end - 1) + 1;
    const line = ctx.source.slice(start, end).replace(/\r$/, '');
    if (line.trimStart().startsWith('#')) {
      commentRange = [start + (line.length - line.trimStart().length), start + line.length];
      break;
    }
    if (line.trim() !== '') break;
    end = start - 1;
  }
  // An empty `#` line ends the comment block BuildKit attaches to the instruction (parser.go).
  ctx.reportBuildkit('InvalidDefinitionDescription', buildkitMessages.InvalidDefinitionDescription(instruction, example), commentRange, node, {
    title: 'Detach the comment from the instruction with an empty # line',
    edits: [{ range: [lineStart, lineStart], newText: '#\n' }],
  });
}

function checkInstructionParse(ctx: LintContext, instruction: Instruction): void {
  if (instruction.kind === 'maintainer') {
    const label = caseLike('LABEL', instruction.keyword);
    const value = instruction.value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
    ctx.reportBuildkit('MaintainerDeprecated', buildkitMessages.MaintainerDeprecated(), instruction.keywordRange, instruction.raw, {
      title: 'Replace MAINTAINER with LABEL org.opencontainers.image.authors',
      edits: [{ range: instruction.range, newText: `${label} org.opencontainers.image.authors="${value}"` }],
    });
  }
  if (instruction.kind === 'arg') checkArgDescription(ctx, instruction);
}

function checkArgDescription(ctx: LintContext, arg: ArgInstruction): void {
  if (arg.raw.comments.length === 0) return;
  checkDefinitionDescription(ctx, 'ARG', arg.args.map((a) => a.name), arg.raw);
}

function checkCommandCasing(ctx: LintContext): void {
  let lower = 0;
  let upper = 0;
  for (const stage of ctx.dockerfile.stages) {
    const c = casingOf(stage.from.keyword);
    if (c === 'lower') lower++;
    else if (c === 'upper') upper++;
    for (const instruction of stage.instructions) {
      if (instruction.kind === 'unknown') continue;
      const k = casingOf(instruction.keyword);
      if (k === 'lower') lower++;
      else if (k === 'upper') upper++;
    }
  }
  const majorityLower = lower > upper;
  const wantedCasing = majorityLower ? 'lower' : 'upper';
  const report = (instruction: Instruction): void => {
    if (instruction.kind === 'unknown' || casingOf(instruction.keyword) === wantedCasing) return;
    const keyword = instruction.keyword;
    const range = instruction.keywordRange;
    const wanted = majorityLower ? keyword.toLowerCase() : keyword.toUpperCase();
    if (keyword === wanted) return;
    const casingName = majorityLower ? 'lowercase' : 'uppercase';
    ctx.reportBuildkit('ConsistentInstructionCasing', buildkitMessages.ConsistentInstructionCasing(keyword, casingName), range, instruction.raw, {
      title: `Write '${keyword}' in ${casingName}`,
      edits: [{ range, newText: wanted }],
    });
  };
  for (const stage of ctx.dockerfile.stages) {
    report(stage.from);
    for (const instruction of stage.instructions) report(instruction);
  }
}

function checkStageNames(ctx: LintContext): void {
  const seen = new Set<string>();
  for (const stage of ctx.dockerfile.stages) {
    const name = stage.name;
    const range = stage.from.stageNameRange;
    if (name === undefined || range === undefined) continue;
    if (name === 'context' || name === 'scratch') {
      const taken = ctx.dockerfile.stages.some((s) => s.name === `${name}-stage`);
      const renamed = taken ? uniqueStageName(ctx, `${name}-stage`) : `${name}-stage`;
      ctx.reportBuildkit('ReservedStageName', buildkitMessages.ReservedStageName(name), range, stage.from.raw, {
        title: `Rename the stage to '${renamed}'`,
        edits: [{ range, newText: renamed }],
      });
    }
    if (seen.has(name)) {
      const renamed = uniqueStageName(ctx, name);
      ctx.reportBuildkit('DuplicateStageName', buildkitMessages.DuplicateStageName(name), range, stage.from.raw, {
        title: `Rename this stage to '${renamed}'`,
        edits: [{ range, newText: renamed }],
      });
    }
    seen.add(name);
  }
}

function reportInvalidDefault(ctx: LintContext, stage: Stage, baseName: string): void {
  if (ctx.isValidImageReference(baseName)) return;
  ctx.reportBuildkit('InvalidDefaultArgInFrom', buildkitMessages.InvalidDefaultArgInFrom(stage.from.image), stage.from.imageRange, stage.from.raw);
}

function checkFromArgs(ctx: LintContext): void {
  const { dockerfile, model } = ctx;
  const buildArgs = ctx.options.buildArgs ?? {};
  const escape = dockerfile.escapeToken;
  const firstFrom = dockerfile.stages[0]?.from;

  // InvalidDefaultArgInFrom: the base names as they come out with defaults only (no --build-arg).
  // Without build args for meta ARGs, that is the stage model's own expansion of each FROM.
  if (model.globalArgsAreDefaults) {
    if (model.metaArgsOk) {
      for (const info of model.stages) {
        const r = info.expansion;
        if (r.error !== undefined) break;
        reportInvalidDefault(ctx, info.stage, r.value);
      }
    }
  } else {
    // BuildKit validateBaseImagesWithDefaultArgs: buildMetaArgs(globalArgs, shlex, argCmds, nil).
    const defaults = resolveMetaArgs(dockerfile, {
      automatic: 'newest',
      buildArgs,
      targetStage: targetStageName(dockerfile, ctx.options.target),
      defaultsOnly: true,
    });
    if (defaults.expandedCleanly) {
      for (const stage of dockerfile.stages) {
        const r = expandInMetaScope(stage.from.image, defaults.values, escape);
        if (r.error !== undefined) break;
        reportInvalidDefault(ctx, stage, r.value);
      }
    }
  }

  // The names a suggestion is picked from, in BuildKit's order; listed only when a name is unknown.
  let argKeys: string[] | undefined;
  const reportUnmatched = (unmatched: Iterable<string>, within: SourceRange, from: FromInstruction): void => {
    for (const name of unmatched) {
      if (model.metaArgNames.has(name) || model.globalArgs.has(name)) continue;
      argKeys ??= [...model.metaArgNames, ...[...model.globalArgs.keys()].filter((k) => !model.metaArgNames.has(k))];
      const suggestion = (suggest(name, argKeys, true) ?? '');
      const range = ctx.findVariable(within, name) ?? within;
      const edits: TextEdit[] =
        suggestion !== ''
          ? [{ range, newText: suggestion }]
          : firstFrom
            ? [{ range: [wholeLines(ctx.source, firstFrom.range)[0], wholeLines(ctx.source, firstFrom.range)[0]], newText: `ARG ${name}\n` }]
            : [];
      ctx.reportBuildkit('UndefinedArgInFrom', buildkitMessages.UndefinedArgInFrom(name, suggestion), range, from.raw, {
        title: suggestion !== '' ? `Use the declared ARG ${suggestion}` : `Declare ARG ${name} before the first FROM`,
        edits,
      });
    }
  };

  for (const info of model.stages) {
    const stage = info.stage;
    const from = stage.from;
    reportUnmatched(info.expansion.unmatched, from.imageRange, from);
    const platformFlag = from.flags.find((f) => f.name === 'platform');
    if (from.platform === undefined || platformFlag === undefined) continue;
    const valueRange = ctx.flagValueRange(platformFlag);
    const plat = expandInMetaScope(from.platform, model.globalArgs, escape);
    reportUnmatched(plat.unmatched, valueRange, from);
    const removeFlag = (): TextEdit => ({
      range: [platformFlag.range[0], platformFlag.range[1] + (/^[ \t]+/.exec(ctx.source.slice(platformFlag.range[1]))?.[0].length ?? 0)],
      newText: '',
    });
    if (
      plat.matched.size === 1 &&
      plat.unmatched.size === 0 &&
      plat.matched.has('TARGETPLATFORM') &&
      plat.value === model.globalArgs.get('TARGETPLATFORM')
    ) {
      ctx.reportBuildkit('RedundantTargetPlatform', buildkitMessages.RedundantTargetPlatform(from.platform), platformFlag.range, from.raw, {
        title: 'Remove the redundant --platform flag',
        edits: [removeFlag()],
      });
    }
    if (plat.matched.size === 0 && plat.unmatched.size === 0 && plat.error === undefined) {
      const p = parsePlatform(plat.value);
      const stageName = stage.name ?? '';
      if (p !== undefined && !stageName.includes(p.os) && !stageName.includes(p.architecture)) {
        ctx.reportBuildkit('FromPlatformFlagConstDisallowed', buildkitMessages.FromPlatformFlagConstDisallowed(plat.value), valueRange, from.raw, {
          title: 'Remove the constant --platform flag',
          edits: [removeFlag()],
        });
      }
    }
  }
}

/** Runs the parse-time checks on the whole file. */
export function runParseTimeChecks(ctx: LintContext): void {
  checkEmptyContinuations(ctx);
  for (const arg of ctx.dockerfile.metaArgs) checkInstructionParse(ctx, arg);
  for (const stage of ctx.dockerfile.stages) {
    checkFrom(ctx, stage);
    for (const instruction of stage.instructions) checkInstructionParse(ctx, instruction);
  }
  checkStageNames(ctx);
  checkCommandCasing(ctx);
  checkFromArgs(ctx);
}

