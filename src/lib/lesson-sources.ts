// Build-time access to a lesson folder's files (start.Dockerfile, solution.Dockerfile, context).
// Runs only while Astro renders pages (Node); the texts reach the browser as island props.

import { readFileSync } from 'node:fs';
import path from 'node:path';
// @ts-ignore: `astro:content` is typed by .astro/types.d.ts, which only `astro sync` (or a build)
// generates; `tsc -b` on a fresh clone runs without it. Entries are typed by LessonEntry below.
import { getCollection } from 'astro:content';
import type { LessonFrontmatter } from './lesson-schema.ts';

/** The part of a lessons collection entry this module uses (structural, see the import above). */
export interface LessonEntry {
  readonly id: string;
  readonly filePath?: string | undefined;
  readonly data: LessonFrontmatter;
}

/** A context file as the playground receives it. */
export interface LessonFile {
  readonly path: string;
  readonly content: string;
}

export interface LessonSources {
  readonly start: string;
  readonly solution: string;
  readonly files: readonly LessonFile[];
}

/** Sorts lessons (`await getCollection('lessons')`) into curriculum order. */
export function inCurriculumOrder<T extends LessonEntry>(lessons: readonly T[]): T[] {
  return [...lessons].sort((a, b) => a.data.order - b.data.order);
}

/** Returns the lessons in curriculum order. */
export async function getLessons(): Promise<LessonEntry[]> {
  const lessons: readonly LessonEntry[] = await getCollection('lessons');
  return inCurriculumOrder(lessons);
}

/** Returns the absolute folder of a lesson (where its index.mdx lives). */
export function lessonFolder(entry: LessonEntry): string {
  if (entry.filePath === undefined) throw new Error(`lesson ${entry.id} has no file path`);
  return path.dirname(path.resolve(entry.filePath));
}

/** Reads one file of a lesson folder as text. */
export function readLessonFile(entry: LessonEntry, relativePath: string): string {
  return readFileSync(path.join(lessonFolder(entry), relativePath), 'utf8');
}

// The sources a lesson page read, for the components rendered on that page (<FileExcerpt>),
// keyed by the render's `Astro.locals`: Astro makes one per page render, so nothing here outlives
// the page and `astro dev` shows an edited lesson file at the next request.
const pageSources = new WeakMap<object, { readonly lessonId: string; readonly sources: LessonSources }>();

/** Shares the sources a lesson page read with the components it renders (pass `Astro.locals`). */
export function sharePageLessonSources(locals: object, lessonId: string, sources: LessonSources): void {
  pageSources.set(locals, { lessonId, sources });
}

/**
 * Returns a lesson file's text from the sources its page already read (pass `Astro.locals`), or
 * undefined when this page did not read that lesson or that file.
 */
export function pageLessonFile(locals: object, lessonId: string, relativePath: string): string | undefined {
  const shared = pageSources.get(locals);
  if (shared === undefined || shared.lessonId !== lessonId) return undefined;
  const wanted = path.posix.normalize(relativePath);
  if (wanted === 'start.Dockerfile') return shared.sources.start;
  if (wanted === 'solution.Dockerfile') return shared.sources.solution;
  return shared.sources.files.find((f) => path.posix.normalize(f.path) === wanted)?.content;
}

/** Reads the start and solution Dockerfiles and the context files the frontmatter lists. */
export function readLessonSources(entry: LessonEntry): LessonSources {
  return {
    start: readLessonFile(entry, 'start.Dockerfile'),
    solution: readLessonFile(entry, 'solution.Dockerfile'),
    files: entry.data.files.map((p) => ({ path: p, content: readLessonFile(entry, p) })),
  };
}
