// The checks BuildKit runs while it dispatches stages (dockerfile2llb/convert.go dispatch*):
// they see each stage's environment as it builds up, and run only on the stages that are
// dispatched: all of them for `docker build --check` without a target ("for lint, no target
// means all targets", DockerfileLint), otherwise the target and what it needs.

import type { SourceRange } from '../../diagnostics.ts';
import type { CommandInstruction, CopyInstruction, EnvInstruction, ExposeInstruction, Instruction, LabelInstruction, RawNode } from '../../dockerfile/ast.ts';
import { buildkitMessages } from '../buildkit-rules.ts';
import type { LintContext } from '../context.ts';
import { DockerignoreMatcher } from '../../fs/dockerignore.ts';
import { normalizePath } from '../../fs/path.ts';
import { suggest } from '../../dockerfile/suggest.ts';
import { wholeLines } from '../text-edits.ts';
import { boundedMemo, keepBounded } from '../../bounded-memo.ts';
import type { QuickFix } from '../types.ts';
import { expandWord } from '../variables.ts';

/**
 * A stage's variables on top of the finished stage it starts from (`FROM base`): lookups fall
 * through to the parent, writes stay here, so a child stage starts without copying its parent's
 * environment. A parent is never written again once a child uses it (stages dispatch in order).
 */
class Scope {
  // Made on the first write: many stages (`FROM base AS x` + COPY) never set a variable.
  private own: Map<string, string> | undefined;
  private ownNames: Set<string> | undefined;
  /** The lookup the lexer calls (`EnvLookup`). */
  readonly lookup = (name: string): string | undefined => this.get(name);

  constructor(private readonly parent: Scope | undefined) {}

  get(name: string): string | undefined {
    const value = this.own?.get(name);
    return value !== undefined || this.parent === undefined ? value : this.parent.get(name);
  }

  set(name: string, value: string): void {
    (this.own ??= new Map()).set(name, value);
  }

  /** Names, parent's first, in the order a copied Map would list them. */
  keys(): string[] {
    const out = this.parent === undefined ? [] : this.parent.keys();
    if (this.own === undefined) return out;
    if (this.parent === undefined) for (const k of this.own.keys()) out.push(k);
    else for (const k of this.own.keys()) if (this.parent.get(k) === undefined) out.push(k);
    return out;
  }

  /** The declared-ARG set side of the scope (`d.buildArgs`), layered the same way. */
  hasName(name: string): boolean {
    return this.ownNames?.has(name) === true || (this.parent !== undefined && this.parent.hasName(name));
  }

  addName(name: string): void {
    (this.ownNames ??= new Set()).add(name);
  }
}

/** What a stage's dispatch state carries from one instruction to the next (dispatchState). */
interface StageState {
  /** The LLB state's environment (base image ENV, PATH, ENV and valued ARGs) and every ARG declared so far (`d.buildArgs`). */
  readonly env: Scope;
  /** False when the base image is one whose ENV we do not know: UndefinedVar then stays silent. */
  envKnown: boolean;
  workdirSet: boolean;
  shellSet: boolean;
}

// Build args that never become environment (convert.go nonEnvArgs).
const NON_ENV_ARGS = new Set(['BUILDKIT_SBOM_SCAN_CONTEXT', 'BUILDKIT_SBOM_SCAN_STAGE']);

// convert.go getSecretsRegex: a whole `_`-separated token of the name.
const SECRET_TOKENS = /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
const SECRET_ALLOW = /(?:_|^)(?:public|file|version)(?:_|$)/i;

/** True for ARG/ENV names BuildKit's SecretsUsedInArgOrEnv flags. */
export function isSecretLikeName(name: string): boolean {
  return SECRET_TOKENS.test(name) && !SECRET_ALLOW.test(name);
}

// The playground lints on every keystroke with the same .dockerignore: one matcher per text.
const MATCHERS = new Map<string, DockerignoreMatcher>();

// A matcher's verdict per COPY source as written (the same sources are linted on every keystroke).
const IGNORED_SOURCES = new WeakMap<DockerignoreMatcher, Map<string, string | null>>();

/** The cleaned source path when `.dockerignore` excludes it, else undefined. */
function ignoredSource(matcher: DockerignoreMatcher, src: string): string | undefined {
  let verdicts = IGNORED_SOURCES.get(matcher);
  if (verdicts === undefined) IGNORED_SOURCES.set(matcher, (verdicts = new Map()));
  const kept = verdicts.get(src);
  if (kept !== undefined) return kept ?? undefined;
  // Go's path.Clean keeps a relative path relative (`./tmp/a` → `tmp/a`): that is what the message shows.
  const absolute = normalizePath(src);
  const cleaned = src.startsWith('/') ? absolute : absolute.slice(1) || '.';
  return keepBounded(verdicts, 4096, src, matcher.isIgnored(cleaned) ? cleaned : null) ?? undefined;
}

function dockerignoreMatcher(text: string): DockerignoreMatcher {
  return boundedMemo(MATCHERS, 64, text, (t) => DockerignoreMatcher.fromText(t));
}

class StageDispatcher {
  private cmdAt: Instruction | undefined;
  private entrypointAt: Instruction | undefined;
  private healthcheckAt: Instruction | undefined;

  constructor(
    private readonly ctx: LintContext,
    private readonly state: StageState,
    private readonly ignore: DockerignoreMatcher | undefined,
  ) {}

  private reportUnmatched(unmatched: Iterable<string>, within: SourceRange, node: RawNode): void {
    if (!this.state.envKnown) return;
    for (const name of unmatched) {
      if (this.state.env.hasName(name) || NON_ENV_ARGS.has(name)) continue;
      const suggestion = (suggest(name, this.state.env.keys(), true) ?? '');
      const range = this.ctx.findVariable(within, name) ?? within;
      const fix: QuickFix | undefined =
        suggestion !== '' && range !== within ? { title: `Use $${suggestion}`, edits: [{ range, newText: suggestion }] } : undefined;
      this.ctx.reportBuildkit('UndefinedVar', buildkitMessages.UndefinedVar(name, suggestion), range, node, fix);
    }
  }

  /** Expands one word of an instruction against the environment before it (Expand). */
  private expandOne(text: string, within: SourceRange, node: RawNode): string {
    const r = expandWord(text, this.state.env.lookup, this.ctx.dockerfile.escapeToken);
    if (r.unmatched.size > 0) this.reportUnmatched(r.unmatched, within, node);
    return r.value;
  }

  dispatch(instruction: Instruction): void {
    switch (instruction.kind) {
      case 'env':
        this.dispatchEnv(instruction);
        break;
      case 'label':
        this.dispatchLabel(instruction);
        break;
      case 'copy':
      case 'add':
        this.dispatchCopy(instruction);
        break;
      case 'workdir': {
        const path = this.expandOne(instruction.value, instruction.valueRange, instruction.raw);
        // `C:\\dir`, `C:/dir` and `\\dir` are absolute for Windows images (system.IsAbs with the image's OS).
        if (!this.state.workdirSet && !path.startsWith('/') && !/^(?:[A-Za-z]:)?[\\/]/.test(path)) {
          this.ctx.reportBuildkit('WorkdirRelativePath', buildkitMessages.WorkdirRelativePath(path), instruction.valueRange, instruction.raw, {
            title: `Make the path absolute (/${instruction.value})`,
            edits: [{ range: [instruction.valueRange[0], instruction.valueRange[0]], newText: '/' }],
          });
        }
        this.state.workdirSet = true;
        break;
      }
      case 'user':
      case 'stopsignal':
        this.expandOne(instruction.value, instruction.valueRange, instruction.raw);
        break;
      case 'volume':
        for (const text of instruction.paths) this.expandOne(text, instruction.range, instruction.raw);
        break;
      case 'expose':
        this.dispatchExpose(instruction);
        break;
      case 'arg':
        this.dispatchArg(instruction);
        break;
      case 'cmd':
      case 'entrypoint':
        this.dispatchCommand(instruction);
        break;
      case 'healthcheck':
        this.healthcheckAt = this.usedOnce(instruction, this.healthcheckAt);
        break;
      case 'shell':
        this.state.shellSet = true;
        break;
      default:
        break;
    }
  }

  /** validateUsedOnce: a second CMD/ENTRYPOINT/HEALTHCHECK flags the first, which is ignored. */
  private usedOnce(instruction: Instruction, previous: Instruction | undefined): Instruction {
    if (previous !== undefined) {
      this.ctx.reportBuildkit(
        'MultipleInstructionsDisallowed',
        buildkitMessages.MultipleInstructionsDisallowed(instruction.keyword),
        previous.range,
        previous.raw,
        { title: `Remove this ${previous.keyword}, which a later one overrides`, edits: [{ range: wholeLines(this.ctx.source, previous.range), newText: '' }] },
      );
    }
    return instruction;
  }

  private dispatchCommand(instruction: CommandInstruction): void {
    if (instruction.kind === 'cmd') this.cmdAt = this.usedOnce(instruction, this.cmdAt);
    else this.entrypointAt = this.usedOnce(instruction, this.entrypointAt);
    if (instruction.command.form !== 'shell' || this.state.shellSet) return;
    const script = instruction.command.script;
    const argsStart = instruction.keywordRange[1] + (/^[ \t]*/.exec(this.ctx.source.slice(instruction.keywordRange[1]))?.[0].length ?? 0);
    const simple = /^[A-Za-z0-9_@%+=:,./-]+(?:[ \t]+[A-Za-z0-9_@%+=:,./-]+)*$/.test(script.trim());
    const args = simple ? script.trim().split(/[ \t]+/) : ['/bin/sh', '-c', script.trim()];
    this.ctx.reportBuildkit('JSONArgsRecommended', buildkitMessages.JSONArgsRecommended(instruction.keyword), [argsStart, instruction.range[1]], instruction.raw, {
      title: simple ? 'Convert to JSON (exec) form' : 'Convert to JSON form that runs the script with /bin/sh -c',
      edits: [{ range: [argsStart, instruction.range[1]], newText: `[${args.map((a) => JSON.stringify(a)).join(', ')}]` }],
    });
  }

  private legacyFix(instruction: EnvInstruction | LabelInstruction): QuickFix | undefined {
    const pair = instruction.pairs[0];
    if (!instruction.legacyForm || pair === undefined) return undefined;
    const value = pair.value;
    let quote = '';
    let unquotedSpace = false;
    for (const ch of value) {
      if (quote !== '') {
        if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === ' ' || ch === '\t') unquotedSpace = true;
    }
    let newValue = value;
    if (unquotedSpace) {
      if (/["'\\]/.test(value)) return undefined;
      newValue = `"${value}"`;
    }
    return { title: `Use ${instruction.keyword} ${pair.key}=… form`, edits: [{ range: pair.range, newText: `${pair.key}=${newValue}` }] };
  }

  private dispatchEnv(instruction: EnvInstruction): void {
    // Every word expands against the environment before this ENV, then the pairs are set.
    const expanded: string[] = [];
    for (const p of instruction.pairs) {
      expanded.push(this.expandOne(p.key, p.range, instruction.raw), this.expandOne(p.value, p.range, instruction.raw));
    }
    const pairs = instruction.pairs;
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i];
      if (pair === undefined) continue;
      if (instruction.legacyForm) {
        const fix = this.legacyFix(instruction);
        this.ctx.reportBuildkit('LegacyKeyValueFormat', buildkitMessages.LegacyKeyValueFormat(instruction.keyword), pair.range, instruction.raw, fix);
      }
      const key = expanded[i * 2] ?? pair.key;
      if (isSecretLikeName(key)) {
        this.ctx.reportBuildkit('SecretsUsedInArgOrEnv', buildkitMessages.SecretsUsedInArgOrEnv('ENV', key), [pair.range[0], pair.range[0] + pair.key.length], instruction.raw);
      }
      this.state.env.set(key, expanded[i * 2 + 1] ?? '');
    }
  }

  private dispatchLabel(instruction: LabelInstruction): void {
    for (const p of instruction.pairs) {
      this.expandOne(p.key, p.range, instruction.raw);
      this.expandOne(p.value, p.range, instruction.raw);
    }
    if (instruction.legacyForm) {
      for (const pair of instruction.pairs) {
        this.ctx.reportBuildkit('LegacyKeyValueFormat', buildkitMessages.LegacyKeyValueFormat(instruction.keyword), pair.range, instruction.raw, this.legacyFix(instruction));
      }
    }
  }

  private dispatchCopy(instruction: CopyInstruction): void {
    // Flag values, then sources, then the destination, in that order (UndefinedVar reports in it).
    const node = instruction.raw;
    for (const flag of instruction.flags) {
      if ((flag.name === 'chown' || flag.name === 'chmod' || flag.name === 'checksum') && typeof flag.value === 'string') {
        this.expandOne(flag.value, flag.range, node);
      }
    }
    const sources = instruction.sources;
    const fromContext = instruction.kind === 'add' || instruction.from === undefined;
    // Expanded sources are kept only when CopyIgnoredFile will read them.
    const expandedSources: string[] | undefined = fromContext && this.ignore !== undefined ? [] : undefined;
    for (let i = 0; i < sources.length; i++) {
      const value = this.expandOne(sources[i] ?? '', instruction.sourceRanges[i] ?? instruction.range, node);
      expandedSources?.push(value);
    }
    this.expandOne(instruction.destination, instruction.destinationRange, node);
    for (const heredoc of instruction.heredocs) {
      if (!heredoc.expand) continue;
      const r = expandWord(heredoc.content, this.state.env.lookup, '\\', true);
      this.reportUnmatched(r.unmatched, heredoc.range, instruction.raw);
    }
    if (expandedSources === undefined || this.ignore === undefined) return;
    for (let i = 0; i < expandedSources.length; i++) {
      const src = expandedSources[i] ?? '';
      if (instruction.kind === 'add' && /^(?:https?|git):\/\/|^git@|\.git(?:#|$)/.test(src)) continue;
      const cleaned = ignoredSource(this.ignore, src);
      if (cleaned !== undefined) {
        const cmd = instruction.kind === 'add' ? 'Add' : 'Copy';
        this.ctx.reportBuildkit('CopyIgnoredFile', buildkitMessages.CopyIgnoredFile(cmd, cleaned), instruction.sourceRanges[i] ?? instruction.range, instruction.raw);
      }
    }
  }

  private dispatchExpose(instruction: ExposeInstruction): void {
    const escape = this.ctx.dockerfile.escapeToken;
    let searchFrom = instruction.keywordRange[1];
    for (const raw of instruction.ports) {
      const at = this.ctx.source.indexOf(raw, searchFrom);
      const wordRange: SourceRange = at >= 0 && at < instruction.range[1] ? [at, at + raw.length] : instruction.range;
      if (at >= 0) searchFrom = at + raw.length;
      const r = expandWord(raw, this.state.env.lookup, escape);
      const ports = r.value.split(/\s+/).filter((p) => p !== '');
      const literal = ports.length === 1 && ports[0] === raw;
      for (const port of ports) {
        const parts = port.split(':');
        const container = parts[parts.length - 1] ?? '';
        const hasMapping = parts.length > 1;
        const slash = container.indexOf('/');
        const proto = slash < 0 ? '' : container.slice(slash + 1);
        const portPart = slash < 0 ? container : container.slice(0, slash);
        // splitProtoPort fails before the checks run (the build fails instead).
        if (portPart === '' || !['', 'tcp', 'udp', 'sctp'].includes(proto.toLowerCase())) continue;
        if (proto !== proto.toLowerCase()) {
          this.ctx.reportBuildkit('ExposeProtoCasing', buildkitMessages.ExposeProtoCasing(port), wordRange, instruction.raw, literal ? {
            title: `Write the protocol as '${proto.toLowerCase()}'`,
            edits: [{ range: [wordRange[1] - proto.length, wordRange[1]], newText: proto.toLowerCase() }],
          } : undefined);
        }
        if (hasMapping) {
          this.ctx.reportBuildkit('ExposeInvalidFormat', buildkitMessages.ExposeInvalidFormat(port), wordRange, instruction.raw, literal ? {
            title: `Expose only the container port (${container})`,
            edits: [{ range: wordRange, newText: container }],
          } : undefined);
        }
      }
    }
  }

  private dispatchArg(instruction: Extract<Instruction, { kind: 'arg' }>): void {
    const buildArgs = this.ctx.options.buildArgs ?? {};
    for (const decl of instruction.args) {
      if (isSecretLikeName(decl.name)) {
        this.ctx.reportBuildkit('SecretsUsedInArgOrEnv', buildkitMessages.SecretsUsedInArgOrEnv('ARG', decl.name), [decl.range[0], decl.range[0] + decl.name.length], instruction.raw);
      }
      let value: string | undefined;
      if (Object.hasOwn(buildArgs, decl.name)) value = buildArgs[decl.name];
      else if (decl.value !== undefined) {
        const r = expandWord(decl.value, this.state.env.lookup, this.ctx.dockerfile.escapeToken);
        if (r.unmatched.size > 0) this.reportUnmatched(r.unmatched, decl.range, instruction.raw);
        value = r.value;
      } else value = this.ctx.model.globalArgs.get(decl.name);
      if (value !== undefined && !NON_ENV_ARGS.has(decl.name)) this.state.env.set(decl.name, value);
      this.state.env.addName(decl.name);
    }
  }
}

/** Runs the dispatch-time checks on the stages BuildKit would dispatch. */
export function runDispatchChecks(ctx: LintContext): void {
  const { model } = ctx;
  // Without a target, `docker build --check` dispatches every stage (DockerfileLint sets AllStages);
  // with one, only what the target needs. An unknown target fails before dispatch.
  const selection = ctx.options.target !== undefined ? ctx.stageSelection() : undefined;
  if (selection !== undefined && selection.targetIndex < 0) return;
  const ignore = ctx.options.dockerignore !== undefined ? dockerignoreMatcher(ctx.options.dockerignore) : undefined;
  // Exclusions (`!pattern`) make the result too hard to know statically, so BuildKit skips the check
  // (validateCopySourcePath: `ignoreMatcher.Exclusions()`).
  const usableIgnore = ignore !== undefined && !ignore.isEmpty && !ignore.hasExclusions ? ignore : undefined;
  const finalStates = new Map<number, StageState>();
  for (const info of model.stages) {
    const index = info.stage.index;
    const selected = selection?.selection[index];
    if (selected !== undefined && selected !== 'target' && selected !== 'dependency') continue;
    let state: StageState;
    const base = info.baseStage !== undefined ? finalStates.get(info.baseStage) : undefined;
    if (base !== undefined) {
      state = { env: new Scope(base.env), envKnown: base.envKnown, workdirSet: base.workdirSet, shellSet: base.shellSet };
    } else {
      const imageEnv = ctx.imageEnv(info.baseName);
      const env = new Scope(undefined);
      for (const k of imageEnv ?? ['PATH']) env.set(k, k === 'PATH' ? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' : '');
      state = {
        env,
        envKnown: imageEnv !== undefined && info.baseStage === undefined,
        workdirSet: false,
        shellSet: false,
      };
    }
    const dispatcher = new StageDispatcher(ctx, state, usableIgnore);
    for (const instruction of info.stage.instructions) dispatcher.dispatch(instruction);
    finalStates.set(index, state);
  }
}
