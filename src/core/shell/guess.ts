// Marks on file bodies whose bytes are the simulator's guess rather than what a real engine writes.
// The shell model computes most files exactly (echo, printf, heredocs, cp of known files), but some
// output comes from the build host or builder (the clock in `ls -l`, `id`'s groups), and some from
// commands or syntax it does not model at all (`date`, `hostname`, `sed -i`, `$RANDOM`). The mark
// rides on the file entry itself, so `cp`, `chmod`, `mv` and `COPY --from` carry it along, and the
// playground terminal can say so instead of printing a guess as the file's real text.
//
// The mark is an extra, optional property of the immutable FileEntry value (`withMeta` spreads it
// along); every guessed file is also `estimated`, because its size is a guess as well.

import type { Entry, FileEntry } from '../fs/index.ts';

/**
 * How much of a file's text the simulator knows:
 * - `host-dependent`: a plausible stand-in for text a real engine takes from the build host or the
 *   builder (dates in `ls -l`, `id`'s groups); printed with a note.
 * - `partly-modelled`: written by a RUN step that ran a command the simulator does not model, which
 *   may have changed it; printed with a note.
 * - `unknown`: the output of a command (or expansion) that was not modelled: the text would be pure
 *   invention, so it is not printed at all.
 */
export type ContentGuess = 'host-dependent' | 'partly-modelled' | 'unknown';

interface GuessedFileEntry extends FileEntry {
  readonly guess?: ContentGuess;
}

const RANK: Readonly<Record<ContentGuess, number>> = { 'host-dependent': 1, 'partly-modelled': 2, unknown: 3 };

/** The guess mark of an entry, or undefined for exact contents (and for directories and symlinks). */
export function guessOf(entry: Entry | undefined): ContentGuess | undefined {
  return entry?.type === 'file' ? (entry as GuessedFileEntry).guess : undefined;
}

/** The weaker knowledge of two marks (`unknown` beats `partly-modelled` beats `host-dependent`). */
export function strongerGuess(a: ContentGuess | undefined, b: ContentGuess | undefined): ContentGuess | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return RANK[a] >= RANK[b] ? a : b;
}

/** Returns the entry marked with `guess` (kept when it already has a weaker-knowledge mark), and estimated. */
export function withGuess(entry: FileEntry, guess: ContentGuess | undefined): FileEntry {
  if (guess === undefined) return entry;
  const current = guessOf(entry);
  const next = strongerGuess(current, guess);
  if (next === current && entry.estimated === true) return entry;
  const marked: GuessedFileEntry = { ...entry, estimated: true, guess: next ?? guess };
  return marked;
}

/** The mark a file made from these parts inherits (`cat a b > c`, `tee`, `dd`). */
export function guessOfParts(parts: readonly FileEntry[]): ContentGuess | undefined {
  let guess: ContentGuess | undefined;
  for (const p of parts) guess = strongerGuess(guess, guessOf(p));
  return guess;
}
