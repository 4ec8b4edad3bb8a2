// The lessons collection. Each lesson is a folder `content/lessons/NN-slug/` holding
//   index.mdx            the prose, with the frontmatter below
//   start.Dockerfile     what the editor starts with
//   solution.Dockerfile  the reference answer the learner can reveal
//   <context files>      the build context, listed in `files`
// The page reads the .Dockerfile and context files at build time and hands them to the playground.
// Every field is documented here and in the README ("Writing a lesson"); the content tests in
// tests/content/ validate every lesson against `lessonSchema`.

// @ts-ignore: typed by .astro/types.d.ts, which only `astro sync` (or a build) generates; `tsc -b`
// on a fresh clone runs without it.
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { lessonSchema, lessonIdFromEntry } from './lib/lesson-schema.ts';

const lessons = defineCollection({
  // Only the prose is an entry; the other files of the folder are read by the lesson page.
  loader: glob({
    base: './content/lessons',
    pattern: '*/index.mdx',
    // `01-why-multi-stage/index.mdx` → `why-multi-stage`: URLs do not change when lessons are renumbered.
    generateId: ({ entry }: { entry: string }) => lessonIdFromEntry(entry),
  }),
  schema: lessonSchema,
});

export const collections = { lessons };
