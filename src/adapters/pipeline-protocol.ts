// Messages between the playground and its pipeline worker. Everything is structured-clone data.

import type { BuilderKind } from '../core/build/types.ts';
import type { Analysis, BuildOptions, SessionBuild } from '../core/session/pipeline.ts';
import type { Scenario } from '../core/session/scenario.ts';

export type PipelineRequest =
  | { readonly type: 'analyze'; readonly id: number; readonly scenario: Scenario }
  | { readonly type: 'build'; readonly id: number; readonly scenario: Scenario; readonly builder: BuilderKind; readonly options: BuildOptions }
  | { readonly type: 'reset'; readonly id: number; readonly builder?: BuilderKind };

export type PipelineResponse =
  | { readonly type: 'analysis'; readonly id: number; readonly analysis: Analysis }
  /**
   * `contents`: the final image's file texts the simulation knows (collectKnownContents), and
   * `uncertainPaths`: the paths a RUN step decided on a guessed condition (collectUncertainPaths),
   * both gathered before the clone drops the filesystem.
   */
  | {
      readonly type: 'built';
      readonly id: number;
      readonly build: SessionBuild;
      readonly contents: Readonly<Record<string, string>>;
      readonly uncertainPaths: readonly string[];
      readonly elapsedMs: number;
    }
  | { readonly type: 'reset'; readonly id: number }
  | { readonly type: 'error'; readonly id: number; readonly message: string };
