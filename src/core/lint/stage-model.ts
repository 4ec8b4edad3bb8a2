// How BuildKit's converter sees the stages before it dispatches them (dockerfile2llb/convert.go
// toDispatchState) for its checks: the global ARG scope with the newest frontend's automatic args,
// each stage's expanded base name, and which earlier stage a FROM names. Which stages a build
// runs comes from the build engine's graph (src/core/graph, via LintContext.stageSelection).

import type { Dockerfile, Stage } from '../dockerfile/ast.ts';
import { type ExpansionResult, expandWord } from './variables.ts';

export interface StageInfo {
  readonly stage: Stage;
  /** The FROM image after expansion with global ARGs (BuildKit `st.BaseName`). */
  readonly baseName: string;
  /** The earlier stage the FROM names (exact, lowercase match, as `addState` does). */
  readonly baseStage?: number;
  /** The FROM image expanded with the global scope (`baseName` is its result), for the checks that need its names. */
  readonly expansion: ExpansionResult;
}

export interface StageModel {
  readonly stages: readonly StageInfo[];
  /** Global scope for FROM lines: BuildKit's automatic platform args plus meta ARGs with values. */
  readonly globalArgs: ReadonlyMap<string, string>;
  /** Every meta ARG name, with or without a value. */
  readonly metaArgNames: ReadonlySet<string>;
  /**
   * True when no build arg sets a meta ARG, so `globalArgs` is also the scope the defaults alone
   * give (what InvalidDefaultArgInFrom looks at) and `expansion` is each FROM's default expansion.
   */
  readonly globalArgsAreDefaults: boolean;
  /** Whether every meta ARG default expanded without an error (buildMetaArgs `ok`). */
  readonly metaArgsOk: boolean;
}

/** The automatic platform ARGs of BuildKit's global scope (dockerfile2llb/platform.go defaultArgs), for linux/amd64. */
export function defaultPlatformArgs(targetStage: string, overrides: Readonly<Record<string, string>>): Map<string, string> {
  const defaults: [string, string][] = [
    ['BUILDPLATFORM', 'linux/amd64'],
    ['BUILDOS', 'linux'],
    ['BUILDOSVERSION', ''],
    ['BUILDARCH', 'amd64'],
    ['BUILDVARIANT', ''],
    ['TARGETPLATFORM', 'linux/amd64'],
    ['TARGETOS', 'linux'],
    ['TARGETOSVERSION', ''],
    ['TARGETARCH', 'amd64'],
    ['TARGETVARIANT', ''],
    ['TARGETSTAGE', targetStage],
  ];
  const env = new Map<string, string>();
  for (const [k, v] of defaults) env.set(k, Object.hasOwn(overrides, k) ? (overrides[k] ?? v) : v);
  return env;
}

/** BuildKit buildMetaArgs: meta ARG values from build args, else from their expanded defaults. */
export function buildMetaArgs(
  dockerfile: Dockerfile,
  base: ReadonlyMap<string, string>,
  buildArgs: Readonly<Record<string, string>>,
): { env: Map<string, string>; names: Set<string>; ok: boolean } {
  const env = new Map(base);
  const names = new Set<string>();
  let ok = true;
  for (const arg of dockerfile.metaArgs) {
    for (const decl of arg.args) {
      names.add(decl.name);
      let value: string | undefined;
      if (Object.hasOwn(buildArgs, decl.name)) value = buildArgs[decl.name];
      else if (decl.value !== undefined) {
        const r = expandWord(decl.value, env, dockerfile.escapeToken);
        if (r.error !== undefined) ok = false;
        value = r.result;
      }
      if (value !== undefined) env.set(decl.name, value);
    }
  }
  return { env, names, ok };
}

export function buildStageModel(
  dockerfile: Dockerfile,
  target: string | undefined,
  buildArgs: Readonly<Record<string, string>>,
): StageModel {
  const stages = dockerfile.stages;
  const last = stages[stages.length - 1];
  const targetStage = target ?? (last?.name ?? '');
  const { env: globalArgs, names: metaArgNames, ok: metaArgsOk } = buildMetaArgs(
    dockerfile,
    defaultPlatformArgs(targetStage === '' ? 'default' : targetStage, buildArgs),
    buildArgs,
  );
  const byName = new Map<string, number>();
  const infos: StageInfo[] = [];
  for (const stage of stages) {
    const expansion = expandWord(stage.from.image, globalArgs, dockerfile.escapeToken);
    const baseName = expansion.result;
    const baseStage = byName.get(baseName);
    infos.push(baseStage !== undefined ? { stage, baseName, baseStage, expansion } : { stage, baseName, expansion });
    if (stage.name !== undefined) byName.set(stage.name, stage.index);
  }
  let globalArgsAreDefaults = true;
  for (const name of metaArgNames) if (Object.hasOwn(buildArgs, name)) globalArgsAreDefaults = false;
  return { stages: infos, globalArgs, metaArgNames, globalArgsAreDefaults, metaArgsOk };
}
