// How BuildKit's converter sees the stages before it dispatches them (dockerfile2llb/convert.go
// toDispatchState) for its checks: the global ARG scope with the newest frontend's automatic args
// (the graph's resolver, ../graph/meta-args.ts), each stage's expanded base name, and which earlier
// stage a FROM names. Which stages a build runs comes from the build engine's graph (src/core/graph,
// via LintContext.stageSelection).

import type { Dockerfile, Stage } from '../dockerfile/ast.ts';
import type { WordExpansion } from '../dockerfile/word-expansion.ts';
import { expandInMetaScope, resolveMetaArgs } from '../graph/meta-args.ts';

export interface StageInfo {
  readonly stage: Stage;
  /** The FROM image after expansion with global ARGs (BuildKit `st.BaseName`). */
  readonly baseName: string;
  /** The earlier stage the FROM names (exact, lowercase match, as `addState` does). */
  readonly baseStage?: number;
  /** The FROM image expanded with the global scope (`baseName` is its result), for the checks that need its names. */
  readonly expansion: WordExpansion;
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

/** The target BuildKit names TARGETSTAGE after: the `--target`, else the last stage's name ('' for none). */
export function targetStageName(dockerfile: Dockerfile, target: string | undefined): string {
  return target ?? dockerfile.stages[dockerfile.stages.length - 1]?.name ?? '';
}

/** Builds the linter's stage model: the global scope for FROM lines and each stage's expanded base name. */
export function buildStageModel(
  dockerfile: Dockerfile,
  target: string | undefined,
  buildArgs: Readonly<Record<string, string>>,
): StageModel {
  const stages = dockerfile.stages;
  const scope = resolveMetaArgs(dockerfile, {
    automatic: 'newest',
    buildArgs,
    targetStage: targetStageName(dockerfile, target),
  });
  const globalArgs = scope.values;
  const byName = new Map<string, number>();
  const infos: StageInfo[] = [];
  for (const stage of stages) {
    const expansion = expandInMetaScope(stage.from.image, globalArgs, dockerfile.escapeToken);
    const baseName = expansion.value;
    const baseStage = byName.get(baseName);
    infos.push(baseStage !== undefined ? { stage, baseName, baseStage, expansion } : { stage, baseName, expansion });
    if (stage.name !== undefined) byName.set(stage.name, stage.index);
  }
  return {
    stages: infos,
    globalArgs,
    metaArgNames: scope.declared,
    globalArgsAreDefaults: !scope.setByBuildArg,
    metaArgsOk: scope.expandedCleanly,
  };
}
