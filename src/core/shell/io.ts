// Streams between commands. Data is a list of file bodies (real bytes or synthetic), so
// `cat big.bin > copy` keeps a 100 MB synthetic body synthetic and `wc -c` still counts it.

import { concatFiles, decodeUtf8, guessOf, makeFile, strongerGuess, withGuess, type ContentGuess, type FileEntry } from '../fs/index.ts';

/** Where a command's output goes. */
export interface Sink {
  write(chunk: FileEntry | string): void;
}

/** Collects output in memory (pipes, command substitution, redirection to a file). */
export class BufferSink implements Sink {
  readonly chunks: FileEntry[] = [];
  /** Set when something guessed was written here (a ContentGuess); the whole body inherits it. */
  guess: ContentGuess | undefined = undefined;

  write(chunk: FileEntry | string): void {
    if (typeof chunk === 'string') {
      if (chunk !== '') this.chunks.push(makeFile(chunk));
      return;
    }
    const guess = guessOf(chunk);
    if (guess !== undefined) this.guess = strongerGuess(this.guess, guess);
    if (chunk.size > 0) this.chunks.push(chunk);
  }

  /** Marks everything written here (also when nothing was) as a guess. */
  markGuess(guess: ContentGuess): void {
    this.guess = strongerGuess(this.guess, guess);
  }

  /** Returns everything written as one file body (empty when nothing was written), with its guess mark. */
  toFile(): FileEntry {
    return withGuess(concatFiles(this.chunks), this.guess);
  }

  /** Returns everything written as text; synthetic bodies are shown as a placeholder. */
  text(): string {
    return this.chunks.map(chunkText).join('');
  }
}

/** Discards output (`/dev/null`). */
export class NullSink implements Sink {
  write(): void {}
}

/** One piece of the RUN log, in the order it was written. */
export interface LogLine {
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}

/** Appends to the step's log, tagging each write with its stream. */
export class LogSink implements Sink {
  private readonly log: LogLine[];
  private readonly stream: 'stdout' | 'stderr';

  constructor(log: LogLine[], stream: 'stdout' | 'stderr') {
    this.log = log;
    this.stream = stream;
  }

  write(chunk: FileEntry | string): void {
    const text = typeof chunk === 'string' ? chunk : chunkText(chunk);
    if (text === '') return;
    const last = this.log[this.log.length - 1];
    if (last && last.stream === this.stream) this.log[this.log.length - 1] = { stream: this.stream, text: last.text + text };
    else this.log.push({ stream: this.stream, text });
  }
}

/** Renders a body as text; synthetic bodies (binary data nobody materialised) become a placeholder. */
export function chunkText(chunk: FileEntry): string {
  if (chunk.body.kind === 'bytes') return decodeUtf8(chunk.body.data);
  // NUL bytes (dd if=/dev/zero) print nothing visible.
  if (chunk.body.fingerprint === 'zero') return '';
  return `[${chunk.size} bytes of binary data]`;
}

/** The three standard streams of a running command. */
export interface Io {
  readonly stdin: FileEntry | undefined;
  readonly out: Sink;
  readonly err: Sink;
}
