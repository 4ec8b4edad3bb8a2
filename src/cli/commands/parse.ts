// `stagecraft parse`: runs the Dockerfile parser on files and prints its diagnostics (text), the
// AST (json) or BuildKit's own AST dump (buildkit, comparable byte for byte with BuildKit's
// parser fixtures). Exit 0 when no file has an error, 1 when one has (an unreadable file counts
// as an error for that file, and the other files are still parsed), 2 for a usage problem.

import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../../core/diagnostics.ts';
import type { Dockerfile, Instruction } from '../../core/dockerfile/ast.ts';
import { dumpBuildkitAst } from '../../core/dockerfile/dump.ts';
import { createLineIndex, type LineIndex } from '../../core/dockerfile/line-index.ts';
import { parseDockerfile } from '../../core/dockerfile/parser.ts';
import { instructionToJson, rawNodeToJson } from '../../core/dockerfile/nodes.ts';
import type { CliIo, Command } from '../main.ts';
import { readFileArguments } from '../read-inputs.ts';

const FORMATS = ['text', 'json', 'buildkit'] as const;
type Format = (typeof FORMATS)[number];

const USAGE = `Usage: stagecraft parse [--format text|json|buildkit] FILE...

Parses Dockerfiles the way BuildKit's frontend does and reports what it rejects or warns about.

Options:
  --format text       one line per diagnostic: file:line:col: severity CODE message (default)
  --format json       the AST (raw nodes, instructions, stages) and diagnostics with positions
  --format buildkit   BuildKit's AST dump (parser.Node.Dump()); diagnostics go to stderr
  -h, --help          show this help

FILE may be - for standard input. Lines and columns are 1-based; columns count UTF-16 units.

Exit status: 0 no file has an error diagnostic; 1 at least one has, or a file could not be
read (the other files are still parsed); 2 usage error (no file, unknown option, bad format).`;

interface ParsedArgs {
  readonly format: Format;
  readonly files: readonly string[];
}

function parseArgs(args: readonly string[]): ParsedArgs | string {
  let format: Format = 'text';
  const read = readFileArguments(args, {
    '--format': (value) => {
      const v = value();
      if (!FORMATS.includes(v as Format)) return `--format must be text, json or buildkit, not ${v === undefined ? 'nothing' : `'${v}'`}`;
      format = v as Format;
      return undefined;
    },
  });
  if (typeof read === 'string') return read;
  return { format, files: read.files };
}

function readSource(file: string): { text: string } | { error: string } {
  try {
    return { text: readFileSync(file === '-' ? 0 : file, 'utf8') };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { error: typeof code === 'string' ? `cannot read file (${code})` : 'cannot read file' };
  }
}

function formatDiagnostic(file: string, index: LineIndex, diagnostic: Diagnostic): string {
  const { line, column } = index.positionAt(diagnostic.range[0]);
  return `${file}:${line}:${column}: ${diagnostic.severity} ${diagnostic.code} ${diagnostic.message}`;
}

function diagnosticsWithPositions(index: LineIndex, dockerfile: Dockerfile): unknown[] {
  return dockerfile.diagnostics.map((diagnostic) => ({ ...diagnostic, ...index.rangeToPositions(diagnostic.range) }));
}

/** Renders what the parser made of one file; `raw` would only repeat the raw nodes in JSON. */
function dockerfileToJson(dockerfile: Dockerfile, index: LineIndex): unknown {
  // Instructions by position, looked up once each (indexOf per stage entry was quadratic).
  const positions = new Map(dockerfile.instructions.map((instruction, i) => [instruction, i]));
  const at = (instruction: Instruction): number => positions.get(instruction) ?? -1;
  return {
    directives: dockerfile.directives,
    escapeToken: dockerfile.escapeToken,
    nodes: dockerfile.nodes.map((node) => rawNodeToJson(node)),
    instructions: dockerfile.instructions.map((instruction) => instructionToJson(instruction, false)),
    metaArgs: dockerfile.metaArgs.map(at),
    stages: dockerfile.stages.map((stage) => ({
      index: stage.index,
      ...(stage.name === undefined ? {} : { name: stage.name }),
      range: stage.range,
      from: at(stage.from),
      instructions: stage.instructions.map(at),
    })),
    diagnostics: diagnosticsWithPositions(index, dockerfile),
  };
}

export const command: Command = {
  name: 'parse',
  summary: 'Parse Dockerfiles as BuildKit does: diagnostics, AST as JSON, or BuildKit\'s AST dump',
  usage: USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const parsed = parseArgs(args);
    if (typeof parsed === 'string') {
      io.stderr(`stagecraft parse: ${parsed}\n\n${USAGE}\n`);
      return 2;
    }
    const { format, files } = parsed;
    let failed = false;
    const jsonOut: unknown[] = [];
    for (const file of files) {
      const source = readSource(file);
      if ('error' in source) {
        failed = true;
        if (format === 'json') jsonOut.push({ file, error: source.error });
        else io.stderr(`${file}: error ${source.error}\n`);
        continue;
      }
      const dockerfile = parseDockerfile(source.text);
      const index = createLineIndex(source.text);
      const errors = dockerfile.diagnostics.filter((d) => d.severity === 'error').length;
      if (errors > 0) failed = true;
      if (format === 'json') {
        jsonOut.push({ file, ...(dockerfileToJson(dockerfile, index) as object) });
      } else if (format === 'buildkit') {
        if (files.length > 1) io.stdout(`==> ${file} <==\n`);
        io.stdout(dumpBuildkitAst(dockerfile));
        for (const diagnostic of dockerfile.diagnostics) io.stderr(`${formatDiagnostic(file, index, diagnostic)}\n`);
      } else {
        for (const diagnostic of dockerfile.diagnostics) io.stdout(`${formatDiagnostic(file, index, diagnostic)}\n`);
        if (dockerfile.diagnostics.length === 0) {
          const stages = dockerfile.stages.length;
          const count = dockerfile.instructions.length;
          io.stdout(`${file}: ok, ${stages} stage${stages === 1 ? '' : 's'}, ${count} instruction${count === 1 ? '' : 's'}\n`);
        }
      }
    }
    if (format === 'json') io.stdout(`${JSON.stringify(jsonOut, null, 2)}\n`);
    return failed ? 1 : 0;
  },
};
