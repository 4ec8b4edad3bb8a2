// Build-time access to a lesson folder's files (start.Dockerfile, solution.Dockerfile, context).
// Runs only while Astro renders pages (Node); the texts reach the browser as island props.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getCollection, type CollectionEntry } from 'astro:content';

export type LessonEntry = CollectionEntry<'lessons'>;

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

/** Returns the lessons in curriculum order. */
export async function getLessons(): Promise<LessonEntry[]> {
  const lessons = await getCollection('lessons');
  return lessons.sort((a, b) => a.data.order - b.data.order);
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

/** Reads the start and solution Dockerfiles and the context files the frontmatter lists. */
export function readLessonSources(entry: LessonEntry): LessonSources {
  return {
    start: readLessonFile(entry, 'start.Dockerfile'),
    solution: readLessonFile(entry, 'solution.Dockerfile'),
    files: entry.data.files.map((p) => ({ path: p, content: readLessonFile(entry, p) })),
  };
}
