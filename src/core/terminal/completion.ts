// Tab completion for the playground terminal: commands, subcommands, flags, and the values a flag
// or argument takes (stage names after --target, context files after -f, images for run/history).

export interface CompletionSources {
  readonly stages: readonly string[];
  readonly files: readonly string[];
  readonly images: readonly string[];
}

export interface Completion {
  /** The line after completing (unchanged when nothing or several things match without a common prefix). */
  readonly line: string;
  /** Every candidate, when more than one matched (shown under the prompt, as bash does on a second Tab). */
  readonly candidates: readonly string[];
}

const TOP = ['docker', 'clear', 'help'];
const DOCKER = ['build', 'images', 'history', 'image', 'inspect', 'run'];
const IMAGE = ['inspect', 'history', 'ls'];
const BUILD_FLAGS = ['-f', '-t', '--target', '--build-arg', '--no-cache', '--file', '--tag'];

function commonPrefix(words: readonly string[]): string {
  if (words.length === 0) return '';
  let prefix = words[0] ?? '';
  for (const w of words) while (!w.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

function candidatesFor(words: readonly string[], current: string, sources: CompletionSources): readonly string[] {
  if (words.length === 0) return TOP;
  if (words[0] !== 'docker') return [];
  if (words.length === 1) return DOCKER;
  const sub = words[1];
  const previous = words[words.length - 1] ?? '';
  if (sub === 'image' && words.length === 2) return IMAGE;
  const op = sub === 'image' ? words[2] : sub;
  if (op === 'build') {
    if (previous === '--target') return sources.stages;
    if (previous === '-f' || previous === '--file') return sources.files;
    if (previous === '-t' || previous === '--tag' || previous === '--build-arg') return [];
    if (current.startsWith('--target=')) return sources.stages.map((s) => `--target=${s}`);
    if (current.startsWith('-')) return BUILD_FLAGS;
    return ['.', ...BUILD_FLAGS];
  }
  if (op === 'history' || op === 'inspect' || op === 'run') return sources.images;
  return [];
}

/** Completes the last word of a line (the cursor is at its end). */
export function completeLine(line: string, sources: CompletionSources): Completion {
  const endsWithSpace = /\s$/.test(line) || line === '';
  const words = line.trim() === '' ? [] : line.trim().split(/\s+/);
  const current = endsWithSpace ? '' : (words.pop() ?? '');
  const matches = [...new Set(candidatesFor(words, current, sources))].filter((c) => c.startsWith(current));
  if (matches.length === 0) return { line, candidates: [] };
  const head = line.slice(0, line.length - current.length);
  if (matches.length === 1) return { line: `${head}${matches[0] ?? ''} `, candidates: [] };
  const prefix = commonPrefix(matches);
  return { line: `${head}${prefix.length > current.length ? prefix : current}`, candidates: matches };
}
