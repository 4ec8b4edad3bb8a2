// The parser's entry point: BuildKit's two layers in one call. `parser.Parse` gives the raw nodes
// (raw-parser.ts); `instructions.Parse` gives typed instructions grouped into stages
// (instructions.ts). Never throws: whatever the input, a best-effort AST plus sorted diagnostics.

import { sortDiagnostics } from '../diagnostics.ts';
import type { Dockerfile } from './ast.ts';
import { parseInstructions } from './instructions.ts';
import { parseRawNodes } from './raw-parser.ts';

/** Parses Dockerfile text into raw nodes, typed instructions, stages and diagnostics. */
export function parseDockerfile(source: string): Dockerfile {
  const raw = parseRawNodes(source);
  const typed = parseInstructions(raw.nodes, { rejected: raw.rejected, rawHeredocContent: raw.rawHeredocContent });
  return {
    source,
    directives: raw.directives,
    escapeToken: raw.escapeToken,
    nodes: raw.nodes,
    instructions: typed.instructions,
    metaArgs: typed.metaArgs,
    stages: typed.stages,
    diagnostics: sortDiagnostics([...raw.diagnostics, ...typed.diagnostics]),
  };
}
