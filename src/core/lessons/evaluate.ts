// Evaluates a lesson goal against the real simulator: the playground session builds the learner's
// Dockerfile with the goal's builder, target and build args (and, for the cache checks, rebuilds
// after an edit in the same session, as one engine would), then each check reads the result.
// Nothing here names a stage of the learner's Dockerfile: stages are found by what they do (their
// base, their COPY --from, the text of their steps), so renaming a stage keeps every verdict.

import type { CopyInstruction, Dockerfile, Stage } from '../dockerfile/ast.ts';
import type { BuildResult, StageBase } from '../build/types.ts';
import { parseForSimulation } from '../scenario/replay.ts';
import { createPipelineDeps, createPlaygroundSession, type PipelineDeps } from '../session/pipeline.ts';
import { DEFAULT_SETTINGS, type Scenario } from '../session/scenario.ts';
import { findCatalogImage } from '../size/base-image-catalog.ts';
import { bytes, formatBytesLikeDocker } from '../size/bytes.ts';
import type { GoalCheck, GoalEvaluation, LessonGoal } from './goal.ts';

/** Tools that build software (size catalog `contains` names); a runtime image carries none. */
export const BUILD_TOOLS: readonly string[] = ['jdk', 'maven', 'gradle', 'go', 'gcc', 'dotnet-sdk', 'rust', 'cargo'];

/** What the evaluator needs besides the goal: the learner's Dockerfile and build context. */
export interface GoalInput {
  readonly dockerfile: string;
  /** Context files: relative path → text (`.dockerignore` included). */
  readonly files: Readonly<Record<string, string>>;
}

function safeRegExp(source: string): RegExp | null {
  try {
    return new RegExp(source, 'i');
  } catch {
    return null;
  }
}

function scenarioFor(input: GoalInput, goal: LessonGoal, buildArgs: Readonly<Record<string, string>>): Scenario {
  return {
    dockerfile: input.dockerfile,
    files: input.files,
    settings: { ...DEFAULT_SETTINGS, builder: goal.builder, target: goal.target ?? '', buildArgs },
  };
}

/** The stage `docker build` produces: the goal's target (case-insensitive) or the last stage. */
function finalStageOf(df: Dockerfile, goal: LessonGoal): Stage | undefined {
  const target = goal.target?.toLowerCase();
  return target !== undefined ? [...df.stages].reverse().find((s) => s.name === target) : df.stages[df.stages.length - 1];
}

/** The final stage and the stages it starts `FROM` (their instructions are in the image too). */
function finalChain(df: Dockerfile, result: BuildResult, final: Stage | undefined): Stage[] {
  const chain: Stage[] = [];
  let index = final?.index ?? -1;
  const seen = new Set<number>();
  while (index >= 0 && !seen.has(index)) {
    seen.add(index);
    const stage = df.stages[index];
    if (!stage) break;
    chain.push(stage);
    const base: StageBase | undefined = result.plan.stages[index]?.base;
    index = base?.kind === 'stage' ? base.index : -1;
  }
  return chain;
}

/** The image a stage's filesystem starts from, following `FROM <stage>` chains. */
function rootBase(result: BuildResult, index: number): StageBase | undefined {
  const seen = new Set<number>();
  let base = result.plan.stages[index]?.base;
  while (base?.kind === 'stage' && !seen.has(base.index)) {
    seen.add(base.index);
    base = result.plan.stages[base.index]?.base;
  }
  return base;
}

function copiesPath(copy: CopyInstruction, path: string): boolean {
  return copy.sources.some((raw) => {
    const src = raw.replace(/\/+$/, '') || '/';
    if (src === path || src === '/' || path.startsWith(`${src}/`)) return true;
    if (!/[*?[]/.test(src)) return false;
    const re = new RegExp(`^${src.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
    return re.test(path);
  });
}

function fail(id: GoalCheck['id'], message: string, advice: string): GoalCheck {
  return { id, passed: false, message, advice };
}

function pass(id: GoalCheck['id'], message: string): GoalCheck {
  return { id, passed: true, message };
}

function isLatest(image: string): boolean {
  const withoutDigest = image.replace(/@.*$/, '');
  if (image.includes('@')) return false;
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  return !lastSegment.includes(':') || lastSegment.endsWith(':latest');
}

/** The text of one file after a learner-like edit (a line appended), for the cache checks. */
export function editedText(text: string): string {
  return `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}\n`;
}

/**
 * Evaluates every check of a goal on the simulated build of `input` and returns per-check verdicts
 * with learner-facing messages. Never throws on learner input: a broken Dockerfile fails checks.
 */
export function evaluateGoal(input: GoalInput, goal: LessonGoal, deps: PipelineDeps = createPipelineDeps()): GoalEvaluation {
  const checks: GoalCheck[] = [];
  const df = parseForSimulation(input.dockerfile);
  const parseErrors = df.diagnostics.filter((d) => d.severity === 'error');
  if (parseErrors.length > 0) {
    checks.push(fail('parses', `The Dockerfile does not parse: ${parseErrors[0]?.message ?? 'syntax error'}.`, 'Fix the line the editor underlines in red first; nothing else can be checked until it parses.'));
    return { passed: false, checks };
  }
  const buildArgs = goal.buildArgs ?? {};
  const session = createPlaygroundSession(deps);
  const first = session.build(scenarioFor(input, goal, buildArgs), goal.builder);
  const result = first.result;
  const image = result.image;
  const builderName = goal.builder === 'legacy' ? 'the legacy builder' : 'BuildKit';
  const BuilderName = goal.builder === 'legacy' ? 'The legacy builder' : 'BuildKit';
  const final = finalStageOf(df, goal);

  if (goal.mustSucceed) {
    if (result.outcome === 'success') checks.push(pass('succeeds', `The build succeeds with ${builderName}.`));
    else checks.push(fail('succeeds', `The build fails with ${builderName}: ${result.error?.message ?? 'error'}`, result.error?.explanation ?? 'Read the error in the terminal: it names the line that failed.'));
  }

  if (goal.minStages !== undefined) {
    const n = df.stages.length;
    checks.push(n >= goal.minStages
      ? pass('minStages', `The Dockerfile has ${n} stages.`)
      : fail('minStages', `The Dockerfile has ${n} stage${n === 1 ? '' : 's'}; the goal needs at least ${goal.minStages}.`, 'Every `FROM` line starts a new stage.'));
  }

  if (goal.maxSizeBytes !== undefined) {
    const limit = formatBytesLikeDocker(bytes(goal.maxSizeBytes));
    if (!image) checks.push(fail('maxSizeBytes', `There is no final image to measure yet (the limit is ${limit}).`, 'Make the build succeed first.'));
    else if (image.sizeBytes > goal.maxSizeBytes) checks.push(fail('maxSizeBytes', `The final image is ${formatBytesLikeDocker(image.sizeBytes)}, over the limit of ${limit}.`, 'Open the layers view: the biggest layers, and the base image, are what to remove from the final stage.'));
    else checks.push(pass('maxSizeBytes', `The final image is ${formatBytesLikeDocker(image.sizeBytes)}, within ${limit}.`));
  }

  const chain = finalChain(df, result, final);
  const copiesFrom = chain.flatMap((s) => s.instructions).filter((i): i is CopyInstruction => (i.kind === 'copy' || i.kind === 'add') && i.from !== undefined);
  for (const path of goal.mustCopyFrom ?? []) {
    const copy = copiesFrom.find((c) => copiesPath(c, path));
    if (copy && result.outcome === 'success') checks.push(pass('mustCopyFrom', `The final stage copies ${path} with \`${copy.text}\`.`));
    else if (copy) checks.push(fail('mustCopyFrom', `\`${copy.text}\` names ${path}, but the build does not get that far.`, 'Make the build succeed first.'));
    else checks.push(fail('mustCopyFrom', `No \`COPY --from\` in the final stage copies ${path}.`, '`COPY --from=<stage> <path there> <path here>` copies from another stage instead of the build context.'));
  }

  const has = (p: string): boolean => (image?.files ?? []).some((f) => f.path === p || f.path.startsWith(`${p}/`));
  for (const p of goal.finalImageHas ?? []) {
    if (!image) checks.push(fail('finalImageHas', `There is no final image yet, so ${p} is not in it.`, 'Make the build succeed first.'));
    else checks.push(has(p) ? pass('finalImageHas', `The final image contains ${p}.`) : fail('finalImageHas', `The final image has no ${p}.`, 'Run `docker run <image> ls` in the terminal to see what the final image holds.'));
  }
  for (const p of goal.finalImageLacks ?? []) {
    if (!image) checks.push(fail('finalImageLacks', `There is no final image to inspect for ${p} yet.`, 'Make the build succeed first.'));
    else checks.push(!has(p) ? pass('finalImageLacks', `The final image does not contain ${p}.`) : fail('finalImageLacks', `The final image still contains ${p}.`, 'A file is in the final image when the final stage\'s base has it or one of its steps wrote it; the layers view says which.'));
  }

  if (goal.finalStageWithoutBuildTools) {
    const base = final ? rootBase(result, final.index) : undefined;
    if (!final || !base) checks.push(fail('finalStageWithoutBuildTools', 'There is no final stage to check.', 'Add a `FROM` line.'));
    else if (base.kind === 'scratch') checks.push(pass('finalStageWithoutBuildTools', 'The final stage starts from scratch: no build tools at all.'));
    else if (base.kind === 'image') {
      const record = findCatalogImage(base.ref);
      const tools = record?.record.contains.filter((t) => BUILD_TOOLS.includes(t)) ?? [];
      if (record === undefined) checks.push(fail('finalStageWithoutBuildTools', `The final stage's base ${base.ref} is not in the size catalog, so its contents are unknown.`, 'Pick a runtime image the catalog knows: a `-jre`, `-slim`, `alpine`, distroless or `scratch` image.'));
      else if (tools.length > 0) checks.push(fail('finalStageWithoutBuildTools', `The final stage's base ${base.ref} ships ${tools.join(', ')}.`, 'The last stage should start from a runtime-only image and copy the build output in.'));
      else checks.push(pass('finalStageWithoutBuildTools', `The final stage's base ${base.ref} has no build tools.`));
    }
  }

  if (goal.noLatest) {
    const names = new Set<string>();
    const latest: string[] = [];
    for (const s of df.stages) {
      const ref = s.from.image;
      if (!names.has(ref.toLowerCase()) && ref !== 'scratch' && isLatest(ref)) latest.push(ref);
      if (s.name !== undefined) names.add(s.name);
    }
    checks.push(latest.length === 0
      ? pass('noLatest', 'Every base image has a pinned tag.')
      : fail('noLatest', `${latest.map((r) => `FROM ${r}`).join(', ')} uses the \`latest\` tag${latest.some((r) => !r.includes(':')) ? ' (no tag means latest)' : ''}.`, 'Write a tag that says which version you tested with, such as `:1.28` or `:20-alpine`.'));
  }

  if (goal.targetSkipsStageMatching !== undefined) {
    const re = safeRegExp(goal.targetSkipsStageMatching);
    const matching = re ? df.stages.filter((s) => s.instructions.some((i) => re.test(i.text))) : [];
    const label = (s: Stage): string => s.name ?? `stage ${s.index}`;
    const running = matching.filter((s) => result.plan.stages[s.index]?.runs === true);
    if (matching.length === 0) checks.push(fail('targetSkipsStageMatching', 'No stage does that work any more; the goal expects it to stay in the Dockerfile, just outside this build.', 'Keep the stage; change what the build needs (and, with the legacy builder, where the stage sits).'));
    else if (running.length > 0) checks.push(fail('targetSkipsStageMatching', `${BuilderName} still processes ${running.map(label).join(', ')} for this build.`, goal.builder === 'legacy' ? 'The legacy builder runs every stage above the target, needed or not.' : 'BuildKit runs a stage only when the target needs it: through `FROM`, `COPY --from` or `RUN --mount=from`.'));
    else checks.push(pass('targetSkipsStageMatching', `${BuilderName} skips ${matching.map(label).join(', ')} for this build.`));
  }

  if (goal.targetRunsStepMatching !== undefined) {
    const re = safeRegExp(goal.targetRunsStepMatching);
    const step = re ? result.steps.find((s) => s.instruction !== 'FROM' && re.test(s.text) && s.status !== 'failed') : undefined;
    checks.push(step
      ? pass('targetRunsStepMatching', `The build runs \`${step.text}\`.`)
      : fail('targetRunsStepMatching', 'The build does not run the step the goal expects.', 'Check which stages the target needs in the stage graph.'));
  }

  if (goal.noSecretInHistory !== undefined && goal.noSecretInHistory.length > 0) {
    const leaks: string[] = [];
    const finalInstructions = chain.flatMap((s) => s.instructions);
    for (const name of goal.noSecretInHistory) {
      const value = buildArgs[name];
      // A declared ARG reaches the history of every later RUN as `|1 NAME=value` (BuildKit and
      // the legacy builder, dockerfile2llb runCommandString; reference §G), an ENV the config.
      const declared = finalInstructions.some((i) => (i.kind === 'arg' && i.args.some((a) => a.name === name)) || (i.kind === 'env' && i.pairs.some((p) => p.key === name)));
      const rows = [...(image?.history.map((h) => h.createdBy) ?? []), ...(image?.config.env ?? []), ...Object.values(image?.config.labels ?? {})];
      if (declared) leaks.push(`${name} is declared with ARG or ENV in the final stage`);
      else if (value !== undefined && value !== '' && rows.some((r) => r.includes(value))) leaks.push(`the value of ${name} is in the image's history or config`);
    }
    checks.push(leaks.length === 0
      ? pass('noSecretInHistory', `No secret (${goal.noSecretInHistory.join(', ')}) reaches the final image's history or config.`)
      : fail('noSecretInHistory', `${leaks.join('; ')}: \`docker history\` would show it to anyone who pulls the image.`, 'A secret mount (`RUN --mount=type=secret,...`) shows a file to one RUN only and leaves no trace in the image.'));
  }

  if (goal.finalEnv !== undefined) {
    const env = new Map((image?.config.env ?? []).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as const));
    for (const [key, want] of Object.entries(goal.finalEnv)) {
      const got = env.get(key);
      if (!image) checks.push(fail('finalEnv', `There is no final image yet to check ${key}.`, 'Make the build succeed first.'));
      else if (got === want) checks.push(pass('finalEnv', `The final image has ${key}=${want}.`));
      else checks.push(fail('finalEnv', got === undefined ? `The final image has no ${key} variable.` : `The final image has ${key}=${got === '' ? '(empty)' : got}, not ${want}.`, 'An ARG declared before the first FROM is visible only to FROM lines; declare it again (`ARG NAME`) inside the stage that uses it.'));
    }
  }

  const stayCached = goal.stepStaysCached !== undefined ? safeRegExp(goal.stepStaysCached) : null;
  const cachedCheck = (rebuild: BuildResult, what: string, id: 'cachedAfterEditing' | 'cachedAfterBuildArgs'): GoalCheck => {
    if (result.outcome !== 'success' || rebuild.outcome !== 'success') return fail(id, `The build has to succeed before its cache can be checked after ${what}.`, 'Make the build succeed first.');
    const steps = rebuild.steps.filter((s) => s.instruction !== 'FROM' && (stayCached ? stayCached.test(s.text) : s.instruction === 'RUN'));
    const missed = steps.filter((s) => s.status !== 'cached');
    if (steps.length === 0) return fail(id, stayCached ? 'The step the goal expects to stay cached is not in the build.' : 'The build has no RUN step to keep cached.', 'Keep the expensive step in the Dockerfile.');
    if (stayCached ? missed.length === 0 : missed.length < steps.length) {
      const kept = steps.filter((s) => s.status === 'cached').map((s) => `\`${s.text}\``);
      return pass(id, `After ${what}, ${kept.join(', ')} stay${kept.length === 1 ? 's' : ''} cached.`);
    }
    const first = missed[0];
    return fail(id, `After ${what}, ${first ? `\`${first.text}\` runs again (${first.reason.message})` : 'no step stays cached'}.`, 'A step is cached only when it and every step before it in its stage are unchanged; move what changes often below the expensive step.');
  };

  if (goal.cachedAfterEditing !== undefined) {
    const path = goal.cachedAfterEditing;
    const files = { ...input.files };
    const dir = path.replace(/\/+$/, '');
    const edited = Object.keys(files).find((f) => f === dir || f.startsWith(`${dir}/`));
    if (edited === undefined) checks.push(fail('cachedAfterEditing', `The context has no ${path} to edit.`, 'Restore the context file the lesson started with.'));
    else {
      files[edited] = editedText(files[edited] ?? '');
      const rebuild = session.build({ ...scenarioFor(input, goal, buildArgs), files }, goal.builder).result;
      checks.push(cachedCheck(rebuild, `editing ${edited}`, 'cachedAfterEditing'));
    }
  }

  if (goal.cachedAfterBuildArgs !== undefined) {
    const changed = { ...buildArgs, ...goal.cachedAfterBuildArgs };
    const rebuild = session.build(scenarioFor(input, goal, changed), goal.builder).result;
    const what = `changing ${Object.entries(goal.cachedAfterBuildArgs).map(([k, v]) => `--build-arg ${k}=${v}`).join(' ')}`;
    checks.push(cachedCheck(rebuild, what, 'cachedAfterBuildArgs'));
  }

  for (const p of goal.dockerfileMatches ?? []) {
    const re = safeRegExp(p.pattern);
    checks.push(re?.test(input.dockerfile) ? pass('dockerfileMatches', `The Dockerfile has ${p.description}.`) : fail('dockerfileMatches', `The Dockerfile does not have ${p.description} yet.`, 'The lesson text shows the syntax.'));
  }
  for (const p of goal.dockerfileLacks ?? []) {
    const re = safeRegExp(p.pattern);
    checks.push(re?.test(input.dockerfile) ? fail('dockerfileLacks', `The Dockerfile still has ${p.description}.`, 'The lesson text explains what to use instead.') : pass('dockerfileLacks', `The Dockerfile no longer has ${p.description}.`));
  }

  return {
    passed: checks.every((c) => c.passed),
    checks,
    ...(image ? { finalSizeBytes: image.sizeBytes } : {}),
  };
}
