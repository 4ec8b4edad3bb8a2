// The playground terminal, pure: parse a line, complete it, keep its history, and print what the
// docker CLI would for the session's images. The xterm glue is src/adapters/xterm-terminal.ts.

export { splitCommandLine, type SplitResult } from './command-line.ts';
export { parseTerminalCommand, HELP_LINES, type BuildCommand, type TerminalCommand } from './commands.ts';
export { addImage, findImage, fullImageId, imageNames, withLatest, EMPTY_STORE, type ImageStore, type StoredImage } from './image-store.ts';
// collectKnownContents (./image-contents.ts) is imported directly by the worker that builds: it
// reaches into the simulator, and re-exporting it here put the whole engine in the page bundle.
export { formatAge, formatHistory, formatImages, formatInspect, formatRun, formatTable } from './outputs.ts';
export { completeLine, type Completion, type CompletionSources } from './completion.ts';
export { EMPTY_HISTORY, historyDown, historyUp, recordCommand, type CommandHistory } from './history.ts';
