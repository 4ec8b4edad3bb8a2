// `stagecraft lint`: BuildKit's build checks plus Stagecraft's multi-stage advice, printed as
// `file:line:col: severity Rule: message` (or JSON). Exit 1 when a finding is an error or would
// fail a BuildKit build (`# check=error=true`), 0 otherwise, 2 for usage errors.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../../core/diagnostics.ts';
import { parseDockerfile } from '../../core/dockerfile/parser.ts';
import { lintDockerfile } from '../../core/lint/lint.ts';
import type { LintFinding } from '../../core/lint/types.ts';
import type { CliIo, Command } from '../main.ts';
import { readFileArguments } from '../read-inputs.ts';

const USAGE = `Usage: stagecraft lint [--format text|json] [--target STAGE] [--build-arg KEY=VALUE]... FILE...

Checks Dockerfiles with BuildKit's build checks (same rule names and messages as
\`docker build --check\`) and Stagecraft's multi-stage rules (named stagecraft/...).
The directory holding each file is taken as its build context (.dockerignore included).

Options:
  --format text|json   output format (default text)
  --target STAGE       lint as for \`docker build --target STAGE\`
  --build-arg K=V      a build argument (repeatable)
  -h, --help           show this help

Exit status: 0 no errors, 1 an error-severity finding or one that \`# check=error=true\`
turns into a failed build, 2 usage error or unreadable file.`;

interface ParsedArgs {
  readonly format: 'text' | 'json';
  readonly target?: string;
  readonly buildArgs: Record<string, string>;
  readonly files: readonly string[];
}

function parseArgs(args: readonly string[]): ParsedArgs | string {
  let format: 'text' | 'json' = 'text';
  let target: string | undefined;
  const buildArgs: Record<string, string> = {};
  const read = readFileArguments(args, {
    '--format': (value) => {
      const v = value();
      if (v !== 'text' && v !== 'json') return `--format must be text or json, not ${v === undefined ? 'nothing' : `'${v}'`}`;
      format = v;
      return undefined;
    },
    '--target': (value) => {
      const v = value();
      if (v === undefined || v === '') return '--target needs a stage name';
      target = v;
      return undefined;
    },
    '--build-arg': (value) => {
      const v = value();
      if (v === undefined || v === '') return '--build-arg needs KEY=VALUE';
      const eq = v.indexOf('=');
      buildArgs[eq < 0 ? v : v.slice(0, eq)] = eq < 0 ? (process.env[v] ?? '') : v.slice(eq + 1);
      return undefined;
    },
  });
  if (typeof read === 'string') return read;
  return { format, ...(target !== undefined ? { target } : {}), buildArgs, files: read.files };
}

function listContext(dir: string, limit = 5000): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    if (out.length >= limit) return;
    let entries: string[];
    try {
      entries = readdirSync(path.join(dir, rel));
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry === '.git' || entry === 'node_modules') continue;
      const relPath = rel === '' ? entry : `${rel}/${entry}`;
      let isDir = false;
      try {
        isDir = statSync(path.join(dir, relPath)).isDirectory();
      } catch {
        continue;
      }
      if (isDir) walk(relPath);
      else out.push(relPath);
      if (out.length >= limit) return;
    }
  };
  walk('');
  return out;
}

function readOptional(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function position(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

interface FileReport {
  readonly file: string;
  readonly findings: readonly LintFinding[];
  readonly parseErrors: readonly (Diagnostic & { line: number; column: number })[];
}

/** Lints one file on disk; `undefined` when it cannot be read. */
function lintFile(file: string, target: string | undefined, buildArgs: Record<string, string>): FileReport | undefined {
  const source = readOptional(file);
  if (source === undefined) return undefined;
  const dir = path.dirname(file);
  const dockerignore = readOptional(`${file}.dockerignore`) ?? readOptional(path.join(dir, '.dockerignore'));
  const dockerfile = parseDockerfile(source);
  const findings = lintDockerfile(dockerfile, {
    ...(target !== undefined ? { target } : {}),
    buildArgs,
    contextFiles: listContext(dir),
    ...(dockerignore !== undefined ? { dockerignore } : {}),
  });
  const parseErrors = dockerfile.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => ({ ...d, ...position(source, d.range[0]) }));
  return { file, findings, parseErrors };
}

function failed(report: FileReport): boolean {
  return report.parseErrors.length > 0 || report.findings.some((f) => f.severity === 'error' || f.failsBuild === true);
}

function printText(io: CliIo, report: FileReport): void {
  const lines = [
    ...report.parseErrors.map((d) => ({ line: d.line, column: d.column, text: `${report.file}:${d.line}:${d.column}: error ${d.code}: ${d.message}` })),
    ...report.findings.map((f) => ({
      line: f.line,
      column: f.column,
      text: `${report.file}:${f.line}:${f.column}: ${f.failsBuild === true ? 'error' : f.severity} ${f.rule}: ${f.message}`,
    })),
  ].sort((a, b) => a.line - b.line || a.column - b.column);
  for (const l of lines) io.stdout(`${l.text}\n`);
}

export const command: Command = {
  name: 'lint',
  summary: 'Check Dockerfiles: BuildKit build checks plus multi-stage advice',
  usage: USAGE,
  run: async (args, io) => {
    const parsed = parseArgs(args);
    if (typeof parsed === 'string') {
      io.stderr(`stagecraft lint: ${parsed}\n\n${USAGE}\n`);
      return 2;
    }
    const reports: FileReport[] = [];
    let unreadable = false;
    for (const file of parsed.files) {
      const report = lintFile(file, parsed.target, parsed.buildArgs);
      if (report === undefined) {
        io.stderr(`stagecraft lint: cannot read ${file}\n`);
        unreadable = true;
        continue;
      }
      reports.push(report);
    }
    if (parsed.format === 'json') io.stdout(`${JSON.stringify(reports, null, 2)}\n`);
    else for (const report of reports) printText(io, report);
    if (unreadable) return 2;
    return reports.some(failed) ? 1 : 0;
  },
};

export default command;
