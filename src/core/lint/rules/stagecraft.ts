// Stagecraft's own checks: multi-stage mistakes a learner makes that BuildKit does not flag.
// Rule names carry the `stagecraft/` prefix so nobody mistakes them for BuildKit's; they obey
// `# check=skip=stagecraft/<name>` like BuildKit's rules do.

import type { SourceRange } from '../../diagnostics.ts';
import type { CopyInstruction, Instruction, RunInstruction, Stage } from '../../dockerfile/ast.ts';
import type { LintContext } from '../context.ts';
import { baseName, normalizePath } from '../../fs/path.ts';
import type { StageInfo } from '../stage-model.ts';
import { suggest } from '../../dockerfile/suggest.ts';
import { caseLike, wholeLines } from '../text-edits.ts';
import { BUILD_ONLY_TOOLS, describeTools, imageTools } from '../toolchain.ts';
import type { QuickFix, TextEdit } from '../types.ts';
import { isSecretLikeName } from './dispatch.ts';

function stageLabel(stage: Stage): string {
  return stage.name !== undefined ? `'${stage.name}'` : `${stage.index} (FROM ${stage.from.image})`;
}

/** The text a RUN hands to the shell (exec form joined), heredoc bodies included. */
function runScript(run: RunInstruction): string {
  const main = run.command.form === 'shell' ? run.command.script : run.command.args.join(' ');
  return run.heredocs.length === 0 ? main : `${main}\n${run.heredocs.map((h) => h.content).join('\n')}`;
}

/** The range of `needle` (first match of a regex) inside an instruction's source text. */
function findInSource(ctx: LintContext, range: SourceRange, re: RegExp): SourceRange | undefined {
  const m = re.exec(ctx.text(range));
  return m ? [range[0] + m.index, range[0] + m.index + m[0].length] : undefined;
}

// ---------------------------------------------------------------------------------------------
// COPY --from / RUN --mount from that names no (earlier) stage

function stageNames(stages: readonly Stage[]): string[] {
  const names: string[] = [];
  for (const s of stages) if (s.name !== undefined) names.push(s.name);
  return names;
}

function checkStageReferences(ctx: LintContext): void {
  const stages = ctx.dockerfile.stages;
  let names: string[] | undefined;
  for (const stage of stages) {
    for (const instruction of stage.instructions) {
      if (instruction.kind === 'copy') {
        const flag = instruction.flags.find((f) => f.name === 'from');
        if (flag && typeof flag.value === 'string') {
          names ??= stageNames(stages);
          checkReference(ctx, stage, instruction, { value: flag.value, range: ctx.flagValueRange(flag), what: `COPY --from=${flag.value}` }, names);
        }
      } else if (instruction.kind === 'run') {
        for (const mount of instruction.mounts) {
          if (mount.from === undefined) continue;
          const r = findInSource(ctx, mount.range, /(?<=(?:^|[,=\s])from=)[^,\s]+/);
          names ??= stageNames(stages);
          checkReference(ctx, stage, instruction, { value: mount.from, range: r ?? mount.range, what: `RUN --mount=from=${mount.from}` }, names);
        }
      }
    }
  }
}

function checkReference(
  ctx: LintContext,
  stage: Stage,
  instruction: Instruction,
  ref: { value: string; range: SourceRange; what: string },
  names: readonly string[],
): void {
  const stages = ctx.dockerfile.stages;
  const v = ref.value;
  if (v.includes('$')) return; // BuildKit rejects variables in --from; the parser/build reports it.
  let target: Stage | undefined;
  if (/^\d+$/.test(v)) {
    target = stages[Number(v)];
    if (target === undefined) {
      ctx.reportStagecraft(
        'copy-from-unknown-stage',
        `${ref.what} points at stage index ${v}, but this Dockerfile has only ${stages.length} stage${stages.length === 1 ? '' : 's'} (numbered from 0): BuildKit fails with "invalid stage index ${v}".`,
        'warning',
        ref.range,
        instruction.raw,
      );
      return;
    }
  } else {
    target = ctx.stageNamed(v.toLowerCase());
  }
  if (target !== undefined) {
    if (target.index === stage.index) {
      ctx.reportStagecraft(
        'copy-from-unknown-stage',
        `${ref.what} names the stage it is in: a stage cannot read its own result (BuildKit: "circular dependency detected on stage: ${stage.name ?? `stage-${stage.index}`}").`,
        'warning',
        ref.range,
        instruction.raw,
      );
    } else if (target.index > stage.index) {
      ctx.reportStagecraft(
        'copy-from-unknown-stage',
        `Stage ${stageLabel(target)} is defined after this stage: BuildKit fails ("cannot copy from stage \\"${v}\\", it needs to be defined before current stage"), and the legacy builder treats '${v}' as an image to pull. Move that stage above this one.`,
        'warning',
        ref.range,
        instruction.raw,
      );
    }
    return;
  }
  // A stage whose name has the value as a `-`/`_`/`.` part (`set` → `license-set`) beats edit distance.
  const lower = v.toLowerCase();
  const byPart = names.filter((n) => n.split(/[-_.]/).includes(lower));
  const suggestion = byPart.length === 1 ? (byPart[0] ?? '') : (suggest(v, names, false) ?? '');
  if (suggestion === '') return; // An image such as `nginx:1.27` or `busybox`: legitimate.
  ctx.reportStagecraft(
    'copy-from-unknown-stage',
    `${ref.what} names no stage of this Dockerfile, so the builder treats '${v}' as an image and tries to pull it from a registry. Did you mean the stage '${suggestion.toLowerCase()}'?`,
    'warning',
    ref.range,
    instruction.raw,
    { title: `Use stage '${suggestion.toLowerCase()}'`, edits: [{ range: ref.range, newText: suggestion.toLowerCase() }] },
  );
}

// ---------------------------------------------------------------------------------------------
// Stages the target does not need

// Which stages BuildKit skips comes from the build engine's stage graph (src/core/graph), so the
// linter and the simulator never disagree about what a build runs.
function checkUnusedStages(ctx: LintContext): void {
  const stages = ctx.dockerfile.stages;
  if (stages.length < 2) return;
  const selected = ctx.stageSelection();
  const target = selected.targetIndex;
  const targetStage = stages[target];
  if (!targetStage) return;
  const targetLabel = ctx.options.target !== undefined || targetStage.name !== undefined ? `the target '${targetStage.name ?? ''}'` : 'the final stage (the default target)';
  for (const stage of stages) {
    if (selected.selection[stage.index] !== 'unreachable') continue;
    const range = stage.from.stageNameRange ?? stage.from.keywordRange;
    ctx.reportStagecraft(
      'unused-stage',
      `Stage ${stageLabel(stage)} is not used by ${targetLabel}: BuildKit skips it, but the legacy builder still builds it, because it runs every stage up to the target.`,
      'info',
      range,
      stage.from.raw,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// `latest` or untagged base images

function checkUnpinnedBaseImages(ctx: LintContext): void {
  for (const info of ctx.model.stages) {
    const from = info.stage.from;
    if (info.baseStage !== undefined || info.baseName === 'scratch' || info.baseName === '') continue;
    if (ctx.stageNamed(info.baseName.toLowerCase()) !== undefined) continue;
    const ref = ctx.imageReference(info.baseName);
    if (!ref || ref.digest !== undefined) continue;
    if (ref.tag !== undefined && ref.tag !== 'latest') continue;
    const literal = !from.image.includes('$');
    const shown = ref.tag === undefined ? `'${info.baseName}' has no tag, so it means ${info.baseName}:latest,` : `'${info.baseName}' uses the latest tag, which`;
    const fix: QuickFix | undefined = literal
      ? {
          title: 'Pin a version tag (replace the VERSION placeholder)',
          edits:
            ref.tag === undefined
              ? [{ range: [from.imageRange[1], from.imageRange[1]], newText: ':VERSION' }]
              : [{ range: [from.imageRange[1] - 'latest'.length, from.imageRange[1]], newText: 'VERSION' }],
        }
      : undefined;
    ctx.reportStagecraft(
      'unpinned-base-image',
      `${shown} moves whenever a new version is published: pin a version tag (e.g. ${ref.repository}:<version>) so every build starts from the same image and cached layers stay valid.`,
      'warning',
      from.imageRange,
      from.raw,
      fix,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Build tools in the final stage

const COMPILER_PACKAGES =
  /^(?:gcc|g\+\+|gcc-c\+\+|clang|make|cmake|build-essential|build-base|musl-dev|libc6-dev|golang|golang-go|go|maven|gradle|default-jdk|default-jdk-headless|openjdk\d*(?:-\d+)?-jdk(?:-headless)?|rustc|cargo)$/;

// Every package manager the install pattern names contains one of these (microdnf has `dnf`):
// a script without any of them installs nothing, and skips the costlier scan.
const PACKAGE_MANAGER = /ap[tk]|yum|dnf/;

function installedPackages(script: string): { name: string; index: number }[] {
  const out: { name: string; index: number }[] = [];
  if (!PACKAGE_MANAGER.test(script)) return out;
  const re = /\b(?:apt-get|apt|apk|yum|dnf|microdnf)\s+(?:[^\n;&|]*?\s)?(?:install|add)\b([^\n;&|]*)/g;
  for (let m = re.exec(script); m; m = re.exec(script)) {
    if (/--virtual|-t\s|\s-t$/.test(m[0])) continue;
    const args = m[1] ?? '';
    let offset = m.index + m[0].length - args.length;
    for (const word of args.split(/(\s+)/)) {
      if (word.trim() !== '' && !word.startsWith('-') && !word.startsWith('\\')) {
        const name = word.replace(/[=:].*$/, '');
        out.push({ name, index: offset });
      }
      offset += word.length;
    }
  }
  return out;
}

function rootImageInfo(ctx: LintContext, info: StageInfo): StageInfo {
  let current = info;
  const seen = new Set<number>();
  while (current.baseStage !== undefined && !seen.has(current.baseStage)) {
    seen.add(current.baseStage);
    const next = ctx.model.stages[current.baseStage];
    if (!next) break;
    current = next;
  }
  return current;
}

function finalImageStages(ctx: LintContext): StageInfo[] {
  const target = ctx.stageSelection().targetIndex;
  const out: StageInfo[] = [];
  let current = ctx.model.stages[target];
  const seen = new Set<number>();
  while (current && !seen.has(current.stage.index)) {
    seen.add(current.stage.index);
    out.push(current);
    current = current.baseStage !== undefined ? ctx.model.stages[current.baseStage] : undefined;
  }
  return out;
}

const NODE_BUILD_STEP = /\b(?:npm\s+run\s+build|yarn\s+(?:run\s+)?build|pnpm\s+(?:run\s+)?build|tsc\b|npm\s+(?:ci|install|i)\b(?![^\n;&|]*(?:--omit[= ]dev|--production|--only[= ]prod)))/;

function checkBuildToolsInFinalStage(ctx: LintContext): void {
  const chain = finalImageStages(ctx);
  const final = chain[0];
  if (!final) return;
  const root = rootImageInfo(ctx, final);
  const tools = imageTools(root.baseName);
  const buildTools = tools.filter((t) => BUILD_ONLY_TOOLS.has(t));
  const from = final.stage.from;
  const runs: RunInstruction[] = [];
  for (const info of chain) for (const i of info.stage.instructions) if (i.kind === 'run') runs.push(i);
  if (buildTools.length === 0 && tools.includes('node') && tools.includes('npm')) {
    const buildRun = runs.find((r) => NODE_BUILD_STEP.test(runScript(r)));
    if (buildRun) buildTools.push('npm');
  }
  if (buildTools.length > 0) {
    const viaStage = root !== final ? ` (through stage ${stageLabel(root.stage)})` : '';
    // The full node/python images carry gcc only because they are built on buildpack-deps: their
    // -slim and -alpine variants drop it (size catalog `contains`).
    const onlyGcc = buildTools.length === 1 && buildTools[0] === 'gcc' && (tools.includes('node') || tools.includes('python'));
    const advice = onlyGcc
      ? 'Use the -slim or -alpine variant for the final stage, and build anything native in an earlier stage.'
      : 'Build in an earlier stage and COPY --from it only the output into a small runtime image (a JRE, distroless, alpine or scratch).';
    ctx.reportStagecraft(
      'build-tools-in-final-stage',
      `The final stage starts from ${root.baseName}${viaStage}, which carries ${describeTools(buildTools)} into the image you ship. ${advice}`,
      'warning',
      from.imageRange,
      from.raw,
    );
  }
  for (const run of runs) {
    const script = runScript(run);
    const compilers = installedPackages(script).filter((p) => COMPILER_PACKAGES.test(p.name));
    if (compilers.length === 0) continue;
    if (/\b(?:apk\s+del|apt-get\s+(?:purge|remove|autoremove)|yum\s+remove|dnf\s+remove)\b/.test(script)) continue;
    const first = compilers[0];
    if (!first) continue;
    const range = findInSource(ctx, run.range, new RegExp(`(?<![\\w-])${first.name.replace(/[+.]/g, '\\$&')}(?![\\w-])`)) ?? run.keywordRange;
    ctx.reportStagecraft(
      'build-tools-in-final-stage',
      `The final stage installs ${compilers.map((c) => c.name).join(', ')}: build tools that stay in the image you ship. Install and use them in a build stage, then COPY --from it only what the app needs at run time.`,
      'warning',
      range,
      run.raw,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Copying a whole build stage (or its whole source tree)

function resolveDir(workdir: string, dest: string): string {
  return normalizePath(dest, workdir);
}

function isWholeContext(sources: readonly string[]): boolean {
  for (const s of sources) if (s === '.' || s === './' || s === '*' || s === './*') return true;
  return false;
}

/** A stage's working directory, resolved only when a check needs it (most stages never ask). */
class Workdir {
  private value: string | undefined;

  constructor(
    private readonly parent: Workdir | undefined,
    private readonly written: string,
  ) {
    if (parent === undefined) this.value = written;
  }

  resolve(): string {
    if (this.value === undefined) this.value = resolveDir(this.parent?.resolve() ?? '/', this.written);
    return this.value;
  }
}

const ROOT_WORKDIR = new Workdir(undefined, '/');
const NO_DIRS: readonly string[] = [];

interface StageDirs {
  workdir: Workdir;
  /** Absolute directories that received the whole build context (shared with the base stage until this one adds any). */
  sourceDirs: readonly string[];
}

function checkCopyWholeStage(ctx: LintContext): void {
  const dirs = new Map<number, StageDirs>();
  for (const info of ctx.model.stages) {
    const inherited = info.baseStage !== undefined ? dirs.get(info.baseStage) : undefined;
    const state: StageDirs = { workdir: inherited?.workdir ?? ROOT_WORKDIR, sourceDirs: inherited?.sourceDirs ?? NO_DIRS };
    for (const instruction of info.stage.instructions) {
      if (instruction.kind === 'workdir') state.workdir = new Workdir(state.workdir, instruction.value);
      if ((instruction.kind === 'copy' || instruction.kind === 'add') && instruction.from === undefined && isWholeContext(instruction.sources)) {
        state.sourceDirs = [...state.sourceDirs, resolveDir(state.workdir.resolve(), instruction.destination)];
      }
      if (instruction.kind === 'copy' && instruction.from !== undefined) checkCopyFromStage(ctx, info.stage, instruction, dirs);
    }
    dirs.set(info.stage.index, state);
  }
}

function checkCopyFromStage(ctx: LintContext, stage: Stage, copy: CopyInstruction, dirs: ReadonlyMap<number, StageDirs>): void {
  const ref = copy.from ?? '';
  const stages = ctx.dockerfile.stages;
  let source: Stage | undefined;
  if (/^\d+$/.test(ref)) source = stages[Number(ref)];
  else source = ctx.stageNamed(ref.toLowerCase());
  if (!source || source.index >= stage.index) return;
  // A stage that only names an image (`FROM tonistiigi/xx AS xx`) or starts from scratch holds
  // exactly what was put there on purpose: copying all of it is the point.
  let builds = false;
  for (const i of source.instructions) {
    if (i.kind === 'run' || i.kind === 'copy' || i.kind === 'add') {
      builds = true;
      break;
    }
  }
  if (!builds) return;
  const sourceInfo = ctx.model.stages[source.index];
  if (sourceInfo !== undefined && rootImageInfo(ctx, sourceInfo).baseName === 'scratch') return;
  const sourceDirs = dirs.get(source.index);
  const holding = sourceDirs !== undefined && sourceDirs.sourceDirs.length > 0;
  copy.sources.forEach((src, i) => {
    // Only a path with a `.` segment or nothing but slashes can clean to `/`; with no source
    // directories to compare against, any other path needs no cleaning.
    if (!holding && src.includes('.') === false && /[^/]/.test(src)) return;
    const path = resolveDir('/', src);
    const range = copy.sourceRanges[i] ?? copy.range;
    if (path === '/') {
      ctx.reportStagecraft(
        'copy-whole-build-stage',
        `COPY --from=${ref} / copies the whole filesystem of stage ${stageLabel(source)}: its base image, toolchain, sources and caches end up in this stage too. Copy only what the app needs at run time, such as the build output.`,
        'warning',
        range,
        copy.raw,
      );
      return;
    }
    const holdsSources = sourceDirs?.sourceDirs.some((d) => d === path || d.startsWith(`${path}/`));
    if (holdsSources) {
      ctx.reportStagecraft(
        'copy-whole-build-stage',
        `COPY --from=${ref} ${src} copies all of ${path} from stage ${stageLabel(source)}, where the build put your sources and dependencies next to its output. Copy only the output (for example the built binary, or the dist/ or target/ folder).`,
        'warning',
        range,
        copy.raw,
      );
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Cache-busting order: all sources copied before the dependency install

interface InstallStep {
  readonly tool: string;
  /** What to COPY first (globs allowed). */
  readonly manifests: readonly string[];
  /** A RUN that installs only the dependencies, for when the original RUN does more. */
  readonly installOnly: string;
  /** The install command as written in the RUN. */
  readonly command: string;
}

function filterByContext(ctx: LintContext, names: readonly string[]): string[] {
  const files = ctx.options.contextFiles;
  if (files === undefined) return [...names];
  const kept = names.filter((n) => n.includes('*') || files.includes(n));
  return kept.length > 0 ? kept : [...names];
}

function detectInstall(ctx: LintContext, script: string): InstallStep | undefined {
  let m = /\bnpm\s+(?:ci|install|i)\b(?![^\n;&|]*\s(?:-g|--global)\b)[^\n;&|]*/.exec(script);
  if (m) return { tool: 'npm', manifests: ['package*.json'], installOnly: m[0].trim(), command: m[0].trim() };
  m = /\byarn(?:\s+install)?(?=\s*(?:$|&&|;|\||\n))[^\n;&|]*/.exec(script);
  if (m) return { tool: 'yarn', manifests: filterByContext(ctx, ['package.json', 'yarn.lock']), installOnly: m[0].trim(), command: m[0].trim() };
  m = /\bpnpm\s+(?:install|i)\b[^\n;&|]*/.exec(script);
  if (m) return { tool: 'pnpm', manifests: filterByContext(ctx, ['package.json', 'pnpm-lock.yaml']), installOnly: m[0].trim(), command: m[0].trim() };
  m = /(?:^|[\s;&|])((?:\.\/)?mvnw?)\b[^\n;&|]*/.exec(script);
  if (m) return { tool: 'maven', manifests: ['pom.xml'], installOnly: `${m[1] ?? 'mvn'} dependency:go-offline`, command: m[0].trim() };
  m = /(?:^|[\s;&|])((?:\.\/)?gradlew?)\b[^\n;&|]*/.exec(script);
  if (m) return { tool: 'gradle', manifests: ctx.options.contextFiles === undefined ? ['build.gradle*'] : filterByContext(ctx, ['build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts']), installOnly: `${m[1] ?? 'gradle'} dependencies`, command: m[0].trim() };
  m = /\bgo\s+mod\s+download\b[^\n;&|]*/.exec(script);
  if (m) return { tool: 'go', manifests: filterByContext(ctx, ['go.mod', 'go.sum']), installOnly: m[0].trim(), command: m[0].trim() };
  m = /\bpip3?\s+install\b[^\n;&|]*?\s-r\s*([^\s;&|]+)[^\n;&|]*/.exec(script);
  if (m) return { tool: 'pip', manifests: [m[1] ?? 'requirements.txt'], installOnly: m[0].trim(), command: m[0].trim() };
  m = /\bbundle\s+install\b[^\n;&|]*/.exec(script);
  if (m) return { tool: 'bundler', manifests: filterByContext(ctx, ['Gemfile', 'Gemfile.lock']), installOnly: m[0].trim(), command: m[0].trim() };
  return undefined;
}

function globToRegex(glob: string): RegExp {
  let re = '';
  for (const ch of glob) re += ch === '*' ? '[^/]*' : ch === '?' ? '[^/]' : /[.+^${}()|[\]\\]/.test(ch) ? `\\${ch}` : ch;
  return new RegExp(`^${re}$`);
}

/** True when a COPY source (glob or path) would bring in a file called like the manifest. */
function copiesManifest(sources: readonly string[], manifest: string): boolean {
  const manifestBase = manifest.split('/').pop() ?? manifest;
  return sources.some((src) => {
    const srcBase = baseName(normalizePath(src));
    if (globToRegex(srcBase).test(manifestBase)) return true;
    // `package*.json` as a manifest pattern: a source naming package.json satisfies it.
    return globToRegex(manifestBase).test(srcBase);
  });
}

/** True when the whole script is install steps (plus cd/mkdir), so the RUN can move as it is. */
function isInstallOnly(script: string, command: string): boolean {
  return script
    .split(/&&|;|\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && s !== '\\')
    .every((s) => s === command || /^(?:cd|mkdir)\b/.test(s));
}

function checkCacheBustingOrder(ctx: LintContext): void {
  for (const stage of ctx.dockerfile.stages) {
    const instructions = stage.instructions;
    let copyAllIndex = -1;
    for (let k = 0; k < instructions.length; k++) {
      const i = instructions[k];
      if (i !== undefined && (i.kind === 'copy' || i.kind === 'add') && i.from === undefined && isWholeContext(i.sources) && i.heredocs.length === 0) {
        copyAllIndex = k;
        break;
      }
    }
    const copyAll = instructions[copyAllIndex];
    if (copyAll === undefined || (copyAll.kind !== 'copy' && copyAll.kind !== 'add')) continue;
    for (let j = copyAllIndex + 1; j < instructions.length; j++) {
      const run = instructions[j];
      // After a WORKDIR change the install reads manifests somewhere else (a subproject).
      if (run?.kind === 'workdir') break;
      if (run?.kind !== 'run') continue;
      const script = runScript(run);
      const install = detectInstall(ctx, script);
      if (!install) continue;
      const earlier = instructions.slice(0, copyAllIndex);
      const manifestCopied = install.manifests.some((mf) =>
        earlier.some((i) => (i.kind === 'copy' || i.kind === 'add') && i.from === undefined && copiesManifest(i.sources, mf)),
      );
      if (!manifestCopied) reportCacheBusting(ctx, copyAll, run, instructions.slice(copyAllIndex + 1, j), install, script);
      break;
    }
  }
}

function reportCacheBusting(
  ctx: LintContext,
  copyAll: CopyInstruction,
  run: RunInstruction,
  between: readonly Instruction[],
  install: InstallStep,
  script: string,
): void {
  const dest = copyAll.destination;
  const copyDest = dest === '.' || dest === './' ? './' : dest.endsWith('/') ? dest : `${dest}/`;
  const copyKeyword = caseLike('COPY', copyAll.keyword);
  const runKeyword = caseLike('RUN', run.keyword);
  const lineStart = wholeLines(ctx.source, copyAll.range)[0];
  // A Maven or Gradle RUN compiles too, so it stays after the sources; only its download step moves up.
  const buildsToo = install.tool === 'maven' || install.tool === 'gradle';
  // Setup steps between the COPY and the install (an npm upgrade, an ENV) move up with it, in order.
  const movable = between.every((i) => i.kind === 'run' || i.kind === 'env' || i.kind === 'arg' || i.kind === 'user');
  const moveRun =
    !buildsToo && movable && run.command.form === 'shell' && run.heredocs.length === 0 && isInstallOnly(script, install.command);
  const manifestCopy = `${copyKeyword} ${install.manifests.join(' ')} ${copyDest}\n`;
  const first = between[0] ?? run;
  const block: SourceRange = [wholeLines(ctx.source, first.range)[0], wholeLines(ctx.source, run.range)[1]];
  const edits: TextEdit[] = moveRun
    ? [
        { range: [lineStart, lineStart], newText: `${manifestCopy}${ctx.text(block).replace(/\n?$/, '\n')}` },
        { range: block, newText: '' },
      ]
    : [{ range: [lineStart, lineStart], newText: `${manifestCopy}${runKeyword} ${install.installOnly}\n` }];
  const sourceRange = copyAll.sourceRanges[copyAll.sources.findIndex((s) => isWholeContext([s]))] ?? copyAll.range;
  ctx.reportStagecraft(
    'cache-busting-copy-order',
    `${copyAll.keyword} ${copyAll.sources.join(' ')} ${dest} copies every source file before \`${install.command}\` installs the dependencies, so any code change re-runs the install. Copy ${install.manifests.join(' and ')} first, install, then copy the rest: the install layer then stays cached until the dependencies change.`,
    'warning',
    sourceRange,
    copyAll.raw,
    {
      title: moveRun ? `Copy ${install.manifests.join(' ')} and install before copying everything` : `Copy ${install.manifests.join(' ')} and run ${install.installOnly} before copying everything`,
      edits,
    },
  );
}

// ---------------------------------------------------------------------------------------------
// apt-get install without cleaning the package lists in the same RUN

function checkAptLists(ctx: LintContext): void {
  for (const info of finalImageStages(ctx)) {
    for (const instruction of info.stage.instructions) {
      if (instruction.kind !== 'run') continue;
      const script = runScript(instruction);
      if (!/\bapt(?:-get)?\s+(?:-\S+\s+)*install\b/.test(script)) continue;
      if (/\/var\/lib\/apt\/lists|\bapt(?:-get)?\s+dist-clean\b/.test(script)) continue;
      if (instruction.mounts.some((m) => m.type === 'cache' && m.target !== undefined && /^\/var\/lib\/apt(?:\/lists)?\/?$/.test(m.target))) continue;
      const range = findInSource(ctx, instruction.range, /\bapt(?:-get)?\s+(?:-\S+\s+)*install\b/) ?? instruction.keywordRange;
      const canFix = instruction.command.form === 'shell' && instruction.heredocs.length === 0;
      ctx.reportStagecraft(
        'apt-lists-not-cleaned',
        'apt-get install leaves the package lists (/var/lib/apt/lists, tens of MB) in this layer. Remove them in the same RUN with `&& rm -rf /var/lib/apt/lists/*`: a later RUN cannot shrink the image, because every layer keeps what it added.',
        'warning',
        range,
        instruction.raw,
        canFix ? { title: 'Append && rm -rf /var/lib/apt/lists/* to this RUN', edits: [{ range: [instruction.range[1], instruction.range[1]], newText: ' && rm -rf /var/lib/apt/lists/*' }] } : undefined,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Secret-looking build args used by RUN, where a BuildKit secret mount fits

function usesVariable(script: string, name: string): boolean {
  return new RegExp(`\\$(?:\\{${name}(?![\\w])|${name}(?![\\w]))`).test(script);
}

function checkSecretArgs(ctx: LintContext): void {
  for (const stage of ctx.dockerfile.stages) {
    const instructions = stage.instructions;
    for (let index = 0; index < instructions.length; index++) {
      const instruction = instructions[index];
      if (instruction?.kind !== 'arg') continue;
      for (const decl of instruction.args) {
        if (!isSecretLikeName(decl.name)) continue;
        const runs = instructions
          .slice(index + 1)
          .filter((i): i is RunInstruction => i.kind === 'run' && usesVariable(runScript(i), decl.name))
          .filter((r) => !r.mounts.some((m) => m.type === 'secret' && m.env === decl.name));
        const first = runs[0];
        if (!first) continue;
        const id = decl.name.toLowerCase();
        const mountFlag = `--mount=type=secret,id=${id},env=${decl.name}`;
        const declRemoval: TextEdit =
          instruction.args.length === 1
            ? { range: wholeLines(ctx.source, instruction.range), newText: '' }
            : { range: [decl.range[0], decl.range[1] + (/^[ \t]*/.exec(ctx.source.slice(decl.range[1]))?.[0].length ?? 0)], newText: '' };
        const edits: TextEdit[] = [
          declRemoval,
          ...runs.map((r): TextEdit => {
            const at = r.keywordRange[1] + (/^[ \t]*/.exec(ctx.source.slice(r.keywordRange[1]))?.[0].length ?? 0);
            return { range: [at, at], newText: `${mountFlag} ` };
          }),
        ];
        const range = ctx.findVariable(first.range, decl.name) ?? first.keywordRange;
        ctx.reportStagecraft(
          'secret-arg-in-run',
          `The build arg ${decl.name} reaches this RUN as $${decl.name}, and build args are recorded in the image history (docker history shows them). Pass it as a BuildKit secret instead: RUN ${mountFlag} …, built with docker build --secret id=${id},env=${decl.name}. (The legacy builder has no --mount.)`,
          'warning',
          range,
          first.raw,
          { title: `Use a secret mount for ${decl.name} instead of ARG`, edits },
        );
      }
    }
  }
}

/** Runs Stagecraft's own multi-stage checks. */
export function runStagecraftChecks(ctx: LintContext): void {
  checkStageReferences(ctx);
  checkUnusedStages(ctx);
  checkUnpinnedBaseImages(ctx);
  checkBuildToolsInFinalStage(ctx);
  checkCopyWholeStage(ctx);
  checkCacheBustingOrder(ctx);
  checkAptLists(ctx);
  checkSecretArgs(ctx);
}
