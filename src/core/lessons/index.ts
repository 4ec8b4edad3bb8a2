// Lesson goals: declarative exercise checks evaluated on the simulator, and hints chosen from
// what is wrong now.

export type { DockerfilePattern, GoalCheck, GoalCheckId, GoalEvaluation, LessonGoal } from './goal.ts';
export { BUILD_TOOLS, editedText, evaluateGoal, type GoalInput } from './evaluate.ts';
export { chooseHint, countFailing, type HintChoice } from './hints.ts';
export { describeGoal } from './describe.ts';
export {
  generateCacheDrill,
  generateStageDrill,
  predictCache,
  predictStages,
  seededRandom,
  type BuildChange,
  type CacheDrill,
  type CacheStep,
  type PredictInput,
  type StageDrill,
  type StagesAnswer,
} from './predict.ts';
