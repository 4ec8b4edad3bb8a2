// The parser's entry point: BuildKit's two layers in one pass. `parser.Parse` gives the raw nodes
// (raw-parser.ts); each is typed as soon as it is made, as `instructions.Parse` does
// (instructions.ts), so word positions and rejected flags never outlive their node. Never throws:
// whatever the input, a best-effort AST plus sorted diagnostics.

import { sortDiagnostics } from '../diagnostics.ts';
import type { Dockerfile, RawNode } from './ast.ts';
import { InstructionLayerBuilder } from './instructions.ts';
import { parseRawNodes } from './raw-parser.ts';

/** Parses Dockerfile text into raw nodes, typed instructions, stages and diagnostics. */
export function parseDockerfile(source: string): Dockerfile {
  const builder = new InstructionLayerBuilder();
  const raw = parseRawNodes(source, (node, line, lineText, original, words, rejected, rawHeredocContent) =>
    builder.add(node, line, lineText, original, words, rejected, rawHeredocContent),
  );
  const typed = builder.finish();
  const instructions = typed.instructions;
  let nodes: readonly RawNode[] | undefined;
  return {
    source,
    directives: raw.directives,
    escapeToken: raw.escapeToken,
    // One raw node per instruction, in order: each instruction makes its own when first asked.
    get nodes(): readonly RawNode[] {
      return (nodes ??= instructions.map((instruction) => instruction.raw));
    },
    wordOffsets: raw.tables.wordOffsets,
    instructions: typed.instructions,
    metaArgs: typed.metaArgs,
    stages: typed.stages,
    diagnostics: sortDiagnostics([...raw.diagnostics, ...typed.diagnostics]),
  };
}
