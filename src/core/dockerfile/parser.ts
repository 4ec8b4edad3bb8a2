// The parser's entry point: BuildKit's two layers in one pass. `parser.Parse` gives the raw nodes
// (raw-parser.ts); each is typed as soon as it is made, as `instructions.Parse` does
// (instructions.ts), while its words still exist as the line parser's spans and strings; what the
// AST keeps is numbers in the file's tables (nodes.ts). Never throws: whatever the input, a
// best-effort AST plus sorted diagnostics.

import { sortDiagnostics, type Diagnostic } from '../diagnostics.ts';
import type { ArgInstruction, Dockerfile, Instruction, ParserDirectives, RawNode, Stage } from './ast.ts';
import { InstructionLayerBuilder, metaArgsOf, stagesOf } from './instructions.ts';
import { topLevelInstructions, type SourceTables } from './nodes.ts';
import { parseRawNodes } from './raw-parser.ts';

/**
 * The parse's result. The parse records every instruction in the file's tables; the instruction
 * objects, the stages, the meta ARGs and the raw nodes are made from them the first time each list
 * is read, once (a big file's parse then leaves few objects for the garbage collector to copy).
 */
class ParsedDockerfile implements Dockerfile {
  declare readonly source: string;
  declare readonly directives: ParserDirectives;
  declare readonly escapeToken: '\\' | '`';
  declare readonly wordOffsets: Int32Array;
  declare readonly diagnostics: readonly Diagnostic[];
  declare private readonly tables: SourceTables;
  declare private instructionsMemo: readonly Instruction[] | undefined;
  declare private stagesMemo: readonly Stage[] | undefined;
  declare private metaArgsMemo: readonly ArgInstruction[] | undefined;
  declare private nodesMemo: readonly RawNode[] | undefined;

  constructor(source: string, directives: ParserDirectives, escapeToken: '\\' | '`', tables: SourceTables, diagnostics: readonly Diagnostic[]) {
    const self = this as unknown as Record<string, unknown>;
    self['source'] = source;
    self['directives'] = directives;
    self['escapeToken'] = escapeToken;
    self['wordOffsets'] = tables.wordOffsets;
    self['diagnostics'] = diagnostics;
    self['tables'] = tables;
    this.instructionsMemo = undefined;
    this.stagesMemo = undefined;
    this.metaArgsMemo = undefined;
    this.nodesMemo = undefined;
  }

  get instructions(): readonly Instruction[] {
    return (this.instructionsMemo ??= topLevelInstructions(this.tables));
  }

  get stages(): readonly Stage[] {
    return (this.stagesMemo ??= stagesOf(this.instructions));
  }

  get metaArgs(): readonly ArgInstruction[] {
    return (this.metaArgsMemo ??= metaArgsOf(this.instructions));
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
  const rawDiagnostics = raw.diagnostics;
  const typedDiagnostics = builder.finish();
  const all = rawDiagnostics.length === 0 ? typedDiagnostics : typedDiagnostics.length === 0 ? rawDiagnostics : rawDiagnostics.concat(typedDiagnostics);
  return new ParsedDockerfile(source, raw.directives, raw.escapeToken, raw.tables, all.length < 2 ? all : sortDiagnostics(all));
}
