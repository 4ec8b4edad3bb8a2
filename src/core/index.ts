// The public surface of the pure pipeline: dockerfile → graph → build → size, plus lint.
// Nothing here touches the DOM, Node or React; see ./tsconfig.json for the fence.

// --- dockerfile: the parser (BuildKit's parser.Parse + instructions.Parse) ---

/** Parses Dockerfile text into raw nodes, typed instructions, stages and sorted diagnostics; never throws. */
export { parseDockerfile } from './dockerfile/parser.ts';
/** Reproduces BuildKit's `Node.Dump()` of the raw nodes, byte for byte. */
export { dumpBuildkitAst } from './dockerfile/dump.ts';
/** Builds an offset ↔ 1-based line/column index of a text (lines split on `\n`, as BuildKit counts). */
export { createLineIndex, type LineIndex, type LinePosition } from './dockerfile/line-index.ts';
/** Lists the instruction keywords BuildKit knows, upper-cased. */
export { INSTRUCTION_NAMES } from './dockerfile/instructions.ts';
/** Describes the Dockerfile AST: raw nodes, typed instructions, stages. */
export type * from './dockerfile/ast.ts';
/** Describes diagnostics: codes, severities, ranges. */
export type { Diagnostic, DiagnosticCode, Severity, SourceRange } from './diagnostics.ts';
/** Orders diagnostics by range. */
export { sortDiagnostics } from './diagnostics.ts';
