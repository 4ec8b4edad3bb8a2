// The state every rule shares while one Dockerfile is linted: the AST, the stage model, the
// check configuration, and the list findings are reported into.

import { type Severity, type SourceRange, sortDiagnostics } from '../diagnostics.ts';
import type { Dockerfile, Flag, RawNode, Stage } from '../dockerfile/ast.ts';
import { BUILDKIT_RULES, type BuildkitRuleName } from './buildkit-rules.ts';
import { type CheckConfig, checkConfigFromComments, isRuleEnabled } from './check-config.ts';
import { buildStageGraph } from '../graph/stage-graph.ts';
import { type StageSelectionResult, selectStages } from '../graph/select-stages.ts';
import { type ImageReference, parseImageReference } from './image-reference.ts';
import { knownImageEnv } from './image-env.ts';
import type { StageModel } from './stage-model.ts';
import type { LintFinding, LintOptions, QuickFix } from './types.ts';

// A subset of distribution/reference's path component (separators `.`, `_`, `-` one at a time).
const SIMPLE_COMPONENT = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

export class LintContext {
  readonly source: string;
  readonly findings: LintFinding[] = [];
  private readonly commentConfigs = new Map<RawNode, CheckConfig | undefined>();
  private selection: StageSelectionResult | undefined;
  private readonly imageRefs = new Map<string, ImageReference | undefined>();
  private readonly imageEnvs = new Map<string, readonly string[] | undefined>();
  private stagesByName: Map<string, Stage> | undefined;

  constructor(
    readonly dockerfile: Dockerfile,
    readonly options: LintOptions,
    readonly model: StageModel,
    readonly checkConfig: CheckConfig,
  ) {
    this.source = dockerfile.source;
  }

  private localConfig(node: RawNode | undefined): CheckConfig | undefined {
    if (node === undefined || node.comments.length === 0) return undefined;
    if (!this.commentConfigs.has(node)) this.commentConfigs.set(node, checkConfigFromComments(node.comments));
    return this.commentConfigs.get(node);
  }

  /** Whether a BuildKit rule would report for this instruction (lets costly checks skip work). */
  isBuildkitRuleEnabled(rule: BuildkitRuleName, node: RawNode | undefined): boolean {
    const meta = BUILDKIT_RULES[rule];
    return isRuleEnabled(meta.name, meta.experimental, this.checkConfig, this.localConfig(node));
  }

  /** Reports a BuildKit rule unless the file's or the instruction's `# check=` turns it off. */
  reportBuildkit(rule: BuildkitRuleName, message: string, range: SourceRange, node: RawNode | undefined, fix?: QuickFix): void {
    const meta = BUILDKIT_RULES[rule];
    if (!isRuleEnabled(meta.name, meta.experimental, this.checkConfig, this.localConfig(node))) return;
    // One literal per shape, keys in the order callers have always seen (line and column last,
    // placed by sortedFindings once every rule has run).
    const line = 0;
    const column = 0;
    const url = meta.url;
    const name = meta.name;
    if (this.checkConfig.error) {
      this.findings.push(
        fix
          ? { rule: name, source: 'buildkit', message, severity: 'warning', range, url, fix, failsBuild: true, line, column }
          : { rule: name, source: 'buildkit', message, severity: 'warning', range, url, failsBuild: true, line, column },
      );
    } else {
      this.findings.push(
        fix
          ? { rule: name, source: 'buildkit', message, severity: 'warning', range, url, fix, line, column }
          : { rule: name, source: 'buildkit', message, severity: 'warning', range, url, line, column },
      );
    }
  }

  /** Reports one of Stagecraft's rules; `# check=skip=stagecraft/<name>` (or `all`) silences it too. */
  reportStagecraft(
    rule: string,
    message: string,
    severity: Severity,
    range: SourceRange,
    node: RawNode | undefined,
    fix?: QuickFix,
  ): void {
    const name = `stagecraft/${rule}`;
    if (!isRuleEnabled(name, false, this.checkConfig, this.localConfig(node))) return;
    const line = 0;
    const column = 0;
    this.findings.push(
      fix
        ? { rule: name, source: 'stagecraft', message, severity, range, fix, line, column }
        : { rule: name, source: 'stagecraft', message, severity, range, line, column },
    );
  }

  /**
   * Which stages a BuildKit build of the target processes, from the build engine's stage graph
   * (src/core/graph), so the linter and the simulator agree.
   */
  stageSelection(): StageSelectionResult {
    if (this.selection === undefined) {
      const buildArgs = this.options.buildArgs;
      const graph = buildStageGraph(this.dockerfile, { builder: 'buildkit', ...(buildArgs ? { buildArgs } : {}) });
      this.selection = selectStages(graph, this.options.target);
    }
    return this.selection;
  }

  /** parseImageReference, once per distinct reference in this lint (stages share base images). */
  imageReference(ref: string): ImageReference | undefined {
    if (this.imageRefs.has(ref)) return this.imageRefs.get(ref);
    const parsed = parseImageReference(ref);
    this.imageRefs.set(ref, parsed);
    return parsed;
  }

  /**
   * Whether ParseNormalizedNamed accepts `ref`. A single lowercase path component shorter than 64
   * characters (`base`, `dev-base`, `busybox`: most FROM lines of a multi-stage file name a stage)
   * always parses (docker.io/library/<name>, no 64-hex name), so it skips the full parse.
   */
  isValidImageReference(ref: string): boolean {
    if (ref.length < 64 && SIMPLE_COMPONENT.test(ref)) return true;
    return this.imageReference(ref) !== undefined;
  }

  /** knownImageEnv, once per distinct base image in this lint. */
  imageEnv(ref: string): readonly string[] | undefined {
    if (this.imageEnvs.has(ref)) return this.imageEnvs.get(ref);
    const env = knownImageEnv(ref, (r) => this.imageReference(r));
    this.imageEnvs.set(ref, env);
    return env;
  }

  /** The stage a lowercase name denotes (the last one when names repeat), as `COPY --from` resolves it. */
  stageNamed(lowerName: string): Stage | undefined {
    if (this.stagesByName === undefined) {
      const byName = new Map<string, Stage>();
      for (const s of this.dockerfile.stages) if (s.name !== undefined) byName.set(s.name, s);
      this.stagesByName = byName;
    }
    return this.stagesByName.get(lowerName);
  }

  /**
   * The findings sorted by range, each with the 1-based line and column of its start: one walk
   * over the newlines up to the last finding, instead of a table of every line start.
   */
  sortedFindings(): LintFinding[] {
    const sorted = sortDiagnostics(this.findings);
    const source = this.source;
    let line = 1;
    let lineStart = 0;
    let newline = source.indexOf('\n');
    for (const finding of sorted) {
      const at = finding.range[0];
      while (newline >= 0 && newline < at) {
        line++;
        lineStart = newline + 1;
        newline = source.indexOf('\n', lineStart);
      }
      const placed = finding as { line: number; column: number };
      placed.line = line;
      placed.column = at - lineStart + 1;
    }
    return sorted;
  }

  text(range: SourceRange): string {
    return this.source.slice(range[0], range[1]);
  }

  /** The range of a flag's value (`build` in `--from=build`, quotes excluded). */
  flagValueRange(flag: Flag): SourceRange {
    const text = this.text(flag.range);
    const eq = text.indexOf('=');
    if (eq < 0) return flag.range;
    let start = flag.range[0] + eq + 1;
    let end = flag.range[1];
    const first = this.source[start];
    if ((first === '"' || first === "'") && this.source[end - 1] === first && end - start >= 2) {
      start++;
      end--;
    }
    return [start, end];
  }

  /** Finds `$NAME` / `${NAME` inside `within`, starting at `from`: the range of the name only. */
  findVariable(within: SourceRange, name: string, from = within[0]): SourceRange | undefined {
    const text = this.source.slice(from, within[1]);
    let at = 0;
    for (;;) {
      const i = text.indexOf('$', at);
      if (i < 0) return undefined;
      const brace = text[i + 1] === '{' ? 1 : 0;
      const start = i + 1 + brace;
      if (text.startsWith(name, start)) {
        const after = text[start + name.length] ?? '';
        if (!/[\p{L}\p{Nd}_]/u.test(after) || /^\d+$/.test(name) || name.length === 1) {
          return [from + start, from + start + name.length];
        }
      }
      at = i + 1;
    }
  }
}
