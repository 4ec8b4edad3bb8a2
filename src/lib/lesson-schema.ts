// The lesson frontmatter schema, shared by the content collection (src/content.config.ts) and the
// content tests (tests/content/), which is why it imports plain `zod` and not `astro:content`.
// Every field is documented; the README section "Writing a lesson" repeats them for authors.

import { z } from 'zod';

/** A context path relative to the lesson folder: no leading slash, no `..`, no backslashes. */
const contextPath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.includes('\\') && !p.split('/').includes('..'), {
    message: 'a context path is relative to the lesson folder, without "/" at the start, "\\" or ".."',
  })
  .refine((p) => !['index.mdx', 'start.Dockerfile', 'solution.Dockerfile'].includes(p), {
    message: 'index.mdx and the .Dockerfile files are not context files',
  });

/** An absolute path inside an image. */
const imagePath = z.string().regex(/^\//, 'an image path is absolute (starts with "/")');

/**
 * The exercise goal: declarative checks on the learner's build, evaluated by `src/core/lessons`.
 * Every check is written so that it still holds when the learner renames a stage: none of them
 * names a stage of the learner's Dockerfile except `target`, which names the stage to build.
 */
export const goalSchema = z
  .object({
    /** One sentence shown above the playground: what the learner must make true. */
    description: z.string().min(10),
    /** The builder the goal is checked with. BuildKit unless the lesson is about the legacy builder. */
    builder: z.enum(['legacy', 'buildkit']).default('buildkit'),
    /** `--target` for the checked build; absent = the last stage, as `docker build` does. */
    target: z.string().min(1).optional(),
    /** The build must succeed. Always true today; kept explicit so a lesson about errors can turn it off. */
    mustSucceed: z.boolean().default(true),
    /** The Dockerfile has at least this many stages (`FROM` lines). */
    minStages: z.number().int().min(1).optional(),
    /** The final image is at most this many bytes (`docker image inspect .Size`, on-disk). */
    maxSizeBytes: z.number().int().positive().optional(),
    /**
     * Paths that the final image must receive from another stage with `COPY --from` (source paths
     * as they exist in that stage). Which stage does not matter, so renaming it keeps the goal.
     */
    mustCopyFrom: z.array(imagePath).optional(),
    /** Paths that must exist in the final image. */
    finalImageHas: z.array(imagePath).optional(),
    /** Paths that must not exist in the final image (e.g. a toolchain directory). */
    finalImageLacks: z.array(imagePath).optional(),
    /** The final stage's base image ships no build tools (per the size catalog: no jdk, maven, gcc, go…). */
    finalStageWithoutBuildTools: z.boolean().optional(),
    /** After editing this context path and rebuilding, at least one step before the COPY of it stays cached. */
    cachedAfterEditing: contextPath.optional(),
    /** No `FROM` uses the `latest` tag, written or implied. */
    noLatest: z.boolean().optional(),
    // Added by the curriculum (src/core/lessons evaluates each; see CONTRIBUTING.md "The goal schema").
    /** `--build-arg` values for the checked build (e.g. a fake token for `noSecretInHistory`). */
    buildArgs: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()).optional(),
    /** After rebuilding with these build args changed, earlier steps stay cached (see `stepStaysCached`). */
    cachedAfterBuildArgs: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()).optional(),
    /** A regex on step text: the steps that must stay cached on the rebuild; absent = at least one RUN. */
    stepStaysCached: z.string().min(1).optional(),
    /** A regex on instruction text: some stage matches it (e.g. runs the tests), and the checked build processes none of those stages. */
    targetSkipsStageMatching: z.string().min(1).optional(),
    /** A regex on step text: the checked build runs (or takes from the cache) a matching step. */
    targetRunsStepMatching: z.string().min(1).optional(),
    /** Build-arg names whose values (from `buildArgs`) must not reach the final image's history or config. */
    noSecretInHistory: z.array(z.string().min(1)).optional(),
    /** `ENV` values the final image's config must have. */
    finalEnv: z.record(z.string(), z.string()).optional(),
    /** Patterns (regex source, case-insensitive) the Dockerfile must contain, each with a learner-facing description. */
    dockerfileMatches: z.array(z.object({ pattern: z.string().min(1), description: z.string().min(5) }).strict()).optional(),
    /** Patterns the Dockerfile must not contain. */
    dockerfileLacks: z.array(z.object({ pattern: z.string().min(1), description: z.string().min(5) }).strict()).optional(),
  })
  .strict();

/** The frontmatter of `content/lessons/NN-slug/index.mdx`. */
export const lessonSchema = z
  .object({
    /** Page title and the lesson's name in lists. */
    title: z.string().min(3).max(80),
    /** One or two sentences for the lessons index and the page description. */
    summary: z.string().min(20).max(300),
    /** Position in the curriculum; must equal the folder's NN prefix (checked by tests/content). */
    order: z.number().int().min(1),
    /** Rough time to read and do the exercise, in minutes. */
    minutes: z.number().int().min(1).max(120).default(10),
    /** The exercise. */
    goal: goalSchema,
    /** Progressive hints, shown one at a time, most general first. */
    hints: z.array(z.string().min(5)).min(1),
    /** The builder the playground starts with; `both` shows legacy and BuildKit side by side. */
    builder: z.enum(['legacy', 'buildkit', 'both']).default('buildkit'),
    /** The playground's starting `--target`; absent = the last stage. */
    target: z.string().min(1).optional(),
    /** Starting `--build-arg` values. */
    buildArgs: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()).default({}),
    /**
     * The build context: files of the lesson folder (relative paths) copied into the playground's
     * file tree, in this order. `.dockerignore` is allowed here too.
     */
    files: z.array(contextPath).default([]),
    /** What the simulator estimates rather than executes in this lesson, shown beside the size summary. */
    estimates: z.array(z.string().min(5)).default([]),
  })
  .strict();

export type LessonFrontmatter = z.infer<typeof lessonSchema>;
export type LessonGoal = z.infer<typeof goalSchema>;

/** Turns a glob-loader entry path (`01-why-multi-stage/index.mdx`) into the lesson id (`why-multi-stage`). */
export function lessonIdFromEntry(entry: string): string {
  const folder = entry.split('/')[0] ?? entry;
  return folder.replace(/^\d+-/, '');
}

/** Reads the NN prefix of a lesson folder name, or null when there is none. */
export function lessonOrderFromFolder(folder: string): number | null {
  const m = /^(\d+)-/.exec(folder);
  return m ? Number(m[1]) : null;
}
