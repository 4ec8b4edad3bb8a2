// The parser's entry point: BuildKit's two layers in one pass. `parser.Parse` gives the raw nodes
// (raw-parser.ts); each is typed as soon as it is made, as `instructions.Parse` does
// (instructions.ts), while its words still exist as the line parser's spans and strings; what the
// AST keeps is numbers in the file's tables (nodes.ts). Never throws: whatever the input, a
// best-effort AST plus sorted diagnostics.

import { sortDiagnostics, type Diagnostic } from '../diagnostics.ts';
import type { ArgInstruction, Dockerfile, Instruction, ParserDirectives, RawNode, Stage } from './ast.ts';
import { InstructionLayerBuilder, type InstructionLayer } from './instructions.ts';
import { parseRawNodes } from './raw-parser.ts';

/** The parse's result: plain fields, and the raw nodes made from the instructions when asked. */
class ParsedDockerfile implements Dockerfile {
  declare readonly source: string;
  declare readonly directives: ParserDirectives;
  declare readonly escapeToken: '\\' | '`';
  declare readonly wordOffsets: Int32Array;
  declare readonly instructions: readonly Instruction[];
  declare readonly metaArgs: readonly ArgInstruction[];
  declare readonly stages: readonly Stage[];
  declare readonly diagnostics: readonly Diagnostic[];
  declare private nodesMemo: readonly RawNode[] | undefined;

  constructor(
    source: string,
    directives: ParserDirectives,
    escapeToken: '\\' | '`',
    wordOffsets: Int32Array,
    layer: InstructionLayer,
    diagnostics: readonly Diagnostic[],
  ) {
    const self = this as { -readonly [K in keyof ParsedDockerfile]: ParsedDockerfile[K] };
    self.source = source;
    self.directives = directives;
    self.escapeToken = escapeToken;
    self.wordOffsets = wordOffsets;
    self.instructions = layer.instructions;
    self.metaArgs = layer.metaArgs;
    self.stages = layer.stages;
    self.diagnostics = diagnostics;
    this.nodesMemo = undefined;
  }

  /** One raw node per instruction, in order: each instruction makes its own when first asked. */
  get nodes(): readonly RawNode[] {
    return (this.nodesMemo ??= this.instructions.map((instruction) => instruction.raw));
  }
}

/** Parses Dockerfile text into raw nodes, typed instructions, stages and diagnostics. */
export function parseDockerfile(source: string): Dockerfile {
  const builder = new InstructionLayerBuilder();
  const raw = parseRawNodes(source, (node, line, lineText, original, words, rejected) => builder.add(node, line, lineText, original, words, rejected));
  const typed = builder.finish();
  const rawDiagnostics = raw.diagnostics;
  const typedDiagnostics = typed.diagnostics;
  const all = rawDiagnostics.length === 0 ? typedDiagnostics : typedDiagnostics.length === 0 ? rawDiagnostics : rawDiagnostics.concat(typedDiagnostics);
  return new ParsedDockerfile(source, raw.directives, raw.escapeToken, raw.tables.wordOffsets, typed, all.length < 2 ? all : sortDiagnostics(all));
}
