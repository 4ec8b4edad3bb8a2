// How BuildKit's converter sees the stages before it dispatches them (dockerfile2llb/convert.go
// toDispatchState): global ARGs, each stage's expanded base name, which earlier stage a FROM
// names, the stages a COPY --from / RUN --mount from reads, and what a target needs.
// TODO(lint): switch to src/core/graph once it lands, so the stage graph has one implementation.

import type { Dockerfile, Instruction, Stage } from '../dockerfile/ast.ts';
import { expandWord } from './variables.ts';

export interface StageInfo {
  readonly stage: Stage;
  /** The FROM image after expansion with global ARGs (BuildKit `st.BaseName`). */
  readonly baseName: string;
  /** The earlier stage the FROM names (exact, lowercase match, as `addState` does). */
  readonly baseStage?: number;
  /** Stages read by COPY --from / RUN --mount from (resolved case-insensitively, or by index). */
  readonly deps: readonly number[];
}

export interface StageModel {
  readonly stages: readonly StageInfo[];
  /** Global scope for FROM lines: BuildKit's automatic platform args plus meta ARGs with values. */
  readonly globalArgs: ReadonlyMap<string, string>;
  /** Every meta ARG name, with or without a value. */
  readonly metaArgNames: ReadonlySet<string>;
  /** The stage the build produces: `--target`, else the last one; undefined for an unknown target. */
  readonly targetIndex: number | undefined;
  /** The target and everything it needs (BuildKit allReachableStages). */
  readonly reachable: ReadonlySet<number>;
}

/** Finds a stage by name the way COPY --from and --target do: lowercase comparison, last wins. */
export function findStageByName(stages: readonly Stage[], name: string): Stage | undefined {
  const lower = name.toLowerCase();
  let found: Stage | undefined;
  for (const s of stages) if (s.name === lower) found = s;
  return found;
}

function resolveStageRef(stages: readonly Stage[], ref: string): number | undefined {
  if (/^-?\d+$/.test(ref)) {
    const i = Number(ref);
    return i >= 0 && i < stages.length ? i : undefined;
  }
  return findStageByName(stages, ref)?.index;
}

/** `--from` values of COPY and RUN --mount in an instruction (ONBUILD triggers are left out). */
export function stageReferencesOf(instruction: Instruction): string[] {
  if (instruction.kind === 'copy' && instruction.from !== undefined) return [instruction.from];
  if (instruction.kind === 'run') return instruction.mounts.flatMap((m) => (m.from !== undefined ? [m.from] : []));
  return [];
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
  const { env: globalArgs, names: metaArgNames } = buildMetaArgs(
    dockerfile,
    defaultPlatformArgs(targetStage === '' ? 'default' : targetStage, buildArgs),
    buildArgs,
  );
  const byName = new Map<string, number>();
  const infos: StageInfo[] = [];
  for (const stage of stages) {
    const baseName = expandWord(stage.from.image, globalArgs, dockerfile.escapeToken).result;
    const baseStage = byName.get(baseName);
    const deps: number[] = [];
    for (const instruction of stage.instructions) {
      for (const ref of stageReferencesOf(instruction)) {
        const i = resolveStageRef(stages, ref);
        if (i !== undefined && !deps.includes(i)) deps.push(i);
      }
    }
    infos.push({ stage, baseName, ...(baseStage !== undefined ? { baseStage } : {}), deps });
    if (stage.name !== undefined) byName.set(stage.name, stage.index);
  }
  const targetIndex = target === undefined ? (last ? last.index : undefined) : findStageByName(stages, target)?.index;
  const reachable = new Set<number>();
  const visit = (i: number): void => {
    if (reachable.has(i)) return;
    reachable.add(i);
    const info = infos[i];
    if (!info) return;
    if (info.baseStage !== undefined) visit(info.baseStage);
    for (const d of info.deps) visit(d);
  };
  if (targetIndex !== undefined) visit(targetIndex);
  return { stages: infos, globalArgs, metaArgNames, targetIndex, reachable };
}
