// The exercise goal as the core sees it: the same fields as `goalSchema` in
// src/lib/lesson-schema.ts (which validates frontmatter with zod; the core imports nothing but its
// own modules, so it restates the shape). Every check is written so that it still holds when the
// learner renames a stage: none names a stage of the learner's Dockerfile except `target`.

/** A Dockerfile pattern the goal requires (or forbids), with the sentence the learner reads. */
export interface DockerfilePattern {
  /** A JavaScript regular expression (source), matched case-insensitively against the Dockerfile text. */
  readonly pattern: string;
  /** What the pattern means, for the learner: "a build stage runs on the build platform". */
  readonly description: string;
}

export interface LessonGoal {
  readonly description: string;
  readonly builder: 'legacy' | 'buildkit';
  readonly target?: string | undefined;
  readonly mustSucceed: boolean;
  /** `--build-arg` values for the checked build. */
  readonly buildArgs?: Readonly<Record<string, string>> | undefined;
  readonly minStages?: number | undefined;
  readonly maxSizeBytes?: number | undefined;
  readonly mustCopyFrom?: readonly string[] | undefined;
  readonly finalImageHas?: readonly string[] | undefined;
  readonly finalImageLacks?: readonly string[] | undefined;
  readonly finalStageWithoutBuildTools?: boolean | undefined;
  readonly cachedAfterEditing?: string | undefined;
  /** After changing these build args and rebuilding, earlier steps stay cached. */
  readonly cachedAfterBuildArgs?: Readonly<Record<string, string>> | undefined;
  /** Which steps must stay cached on the rebuild (a regex on the step text); absent = at least one RUN. */
  readonly stepStaysCached?: string | undefined;
  readonly noLatest?: boolean | undefined;
  /**
   * A regex on instruction text: at least one stage has a matching instruction (e.g. the stage that
   * runs the tests), and the checked build processes none of those stages.
   */
  readonly targetSkipsStageMatching?: string | undefined;
  /** A regex on instruction text: the checked build runs (or takes from the cache) a matching step. */
  readonly targetRunsStepMatching?: string | undefined;
  /** Build-arg names whose values (from `buildArgs`) must not reach the final image's history or config. */
  readonly noSecretInHistory?: readonly string[] | undefined;
  /** `ENV` values the final image's config must have. */
  readonly finalEnv?: Readonly<Record<string, string>> | undefined;
  readonly dockerfileMatches?: readonly DockerfilePattern[] | undefined;
  readonly dockerfileLacks?: readonly DockerfilePattern[] | undefined;
}

/** The stable ids of the checks, in the order they are evaluated and shown. */
export type GoalCheckId =
  | 'parses'
  | 'succeeds'
  | 'minStages'
  | 'maxSizeBytes'
  | 'mustCopyFrom'
  | 'finalImageHas'
  | 'finalImageLacks'
  | 'finalStageWithoutBuildTools'
  | 'noLatest'
  | 'targetSkipsStageMatching'
  | 'targetRunsStepMatching'
  | 'noSecretInHistory'
  | 'finalEnv'
  | 'cachedAfterEditing'
  | 'cachedAfterBuildArgs'
  | 'dockerfileMatches'
  | 'dockerfileLacks';

/** One check's verdict. */
export interface GoalCheck {
  readonly id: GoalCheckId;
  readonly passed: boolean;
  /** When passed: what holds. When failed: what is wrong now, in the learner's terms. */
  readonly message: string;
  /** When failed: one sentence on what to try next (general, never the whole solution). */
  readonly advice?: string;
}

/** Every check of a goal, evaluated on one simulated build (and a rebuild when the goal needs one). */
export interface GoalEvaluation {
  readonly passed: boolean;
  readonly checks: readonly GoalCheck[];
  /** The final image's size when the build succeeded. */
  readonly finalSizeBytes?: number;
}
