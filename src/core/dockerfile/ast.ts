// The Dockerfile AST: what every later phase (graph, build, lint, editor) reads.
//
// Two layers, as in BuildKit's frontend:
// - `RawNode` mirrors BuildKit's `parser.Node` (frontend/dockerfile/parser/parser.go): keyword,
//   flags and argument words exactly as the line parser split them. The BuildKit AST dump is made
//   from it, byte for byte.
// - `Instruction` mirrors `instructions.Parse` (frontend/dockerfile/instructions/parse.go): typed
//   commands with validated flags, grouped into stages, with meta ARGs before the first FROM.
// Every node carries its source range; argument values are kept raw (quotes and `$VAR` intact)
// because expansion happens later, against the environment of the step (see word-expansion).
//
// The parser's nodes implement these interfaces as small objects over per-file tables (nodes.ts):
// properties are getters that make words, ranges and lists from the source when first read. So a
// node is not plain data: spread, `Object.keys` and structured clone do not see its properties;
// `instructionToJson` / `rawNodeToJson` (nodes.ts) give plain data.

import type { Diagnostic, SourceRange } from '../diagnostics.ts';

/** A heredoc attached to RUN/COPY/ADD (`<<EOF`, `<<-EOF`, `<<'EOF'`). */
export interface Heredoc {
  /** The delimiter with quotes removed, e.g. `EOF`; for COPY/ADD it is also the file name. */
  readonly name: string;
  /**
   * The body as BuildKit stores it: the source lines with their line endings (`\n`, or `\r\n` in a
   * CRLF file), ending with one; leading tabs already stripped for `<<-`.
   */
  readonly content: string;
  /** False when any part of the delimiter was quoted: the body is then taken literally. */
  readonly expand: boolean;
  /** True for `<<-`. */
  readonly chomp: boolean;
  /** File descriptor prefix (`3<<EOF`), when given. */
  readonly fileDescriptor?: number;
  /** The body and its terminator line. */
  readonly range: SourceRange;
}

/** One instruction as BuildKit's line parser sees it (`parser.Node`). */
export interface RawNode {
  /** The keyword as written (case kept); the dump lowercases it. */
  readonly keyword: string;
  /** Flag words as written, e.g. `--from=build` (quotes already processed, as BuildKit does). */
  readonly flags: readonly string[];
  /**
   * The argument words (BuildKit's `Next` chain). ENV/LABEL give key, value, separator triples; an
   * unknown instruction has one empty word (BuildKit's `parseIgnore`); ONBUILD has none (see `child`).
   */
  readonly args: readonly string[];
  /**
   * Where this node's words start in `Dockerfile.wordOffsets`, in pairs: its flags first, then its
   * arguments (read them with `rawFlagRange`/`rawArgRange` from word-ranges.ts). One table per
   * file instead of a tuple per word keeps a big AST small.
   */
  readonly wordIndex: number;
  /** True when the arguments were a JSON array (exec form). */
  readonly json: boolean;
  /** ONBUILD's trigger instruction. */
  readonly child?: RawNode | undefined;
  readonly heredocs: readonly Heredoc[];
  /** The instruction's text with continuations joined and heredoc bodies left out. */
  readonly original: string;
  /** 1-based first and last physical line (heredoc bodies included). */
  readonly startLine: number;
  readonly endLine: number;
  readonly range: SourceRange;
  readonly keywordRange: SourceRange;
  /** Comment lines directly above the instruction (without `#`), for `# check=` overrides and docs. */
  readonly comments: readonly string[];
}

export interface ParserDirectives {
  readonly syntax?: { readonly value: string; readonly range: SourceRange };
  readonly escape?: { readonly value: '\\' | '`'; readonly range: SourceRange };
  readonly check?: { readonly value: string; readonly range: SourceRange };
}

/** A validated `--name=value` flag. Boolean flags given bare have value `true`. */
export interface Flag {
  readonly name: string;
  readonly value: string | boolean;
  readonly range: SourceRange;
}

/** Exec form keeps the JSON array; shell form keeps the raw text for the shell. */
export type CommandLine =
  | { readonly form: 'exec'; readonly args: readonly string[] }
  | { readonly form: 'shell'; readonly script: string };

export type MountType = 'bind' | 'cache' | 'tmpfs' | 'secret' | 'ssh';

/** `RUN --mount=...`, parsed from its CSV fields (commands_runmount.go). */
export interface RunMount {
  readonly type: MountType;
  readonly from?: string;
  readonly source?: string;
  readonly target?: string;
  readonly readOnly: boolean;
  readonly id?: string;
  readonly sharing?: 'shared' | 'private' | 'locked';
  readonly required?: boolean;
  readonly mode?: number;
  readonly uid?: number;
  readonly gid?: number;
  readonly size?: string;
  readonly env?: string;
  readonly range: SourceRange;
}

interface InstructionBase {
  /** The keyword as written; `kind` is the normalised one. */
  readonly keyword: string;
  readonly keywordRange: SourceRange;
  readonly range: SourceRange;
  readonly startLine: number;
  readonly endLine: number;
  /** The instruction text as the engines print it in `Step N/M :` and `[stage k/n]` lines. */
  readonly text: string;
  readonly flags: readonly Flag[];
  readonly raw: RawNode;
}

export interface FromInstruction extends InstructionBase {
  readonly kind: 'from';
  /** The image or stage reference, raw (may contain `$ARG`, expanded with meta ARGs only). */
  readonly image: string;
  readonly imageRange: SourceRange;
  readonly platform?: string;
  /** Lowercased stage name from `AS name`. */
  readonly stageName?: string;
  readonly stageNameRange?: SourceRange;
  /** `AS` as written, for the FromAsCasing check. */
  readonly asKeyword?: string;
}

export interface RunInstruction extends InstructionBase {
  readonly kind: 'run';
  readonly command: CommandLine;
  readonly mounts: readonly RunMount[];
  readonly network?: 'default' | 'none' | 'host';
  readonly security?: 'sandbox' | 'insecure';
  readonly heredocs: readonly Heredoc[];
}

export interface CopyInstruction extends InstructionBase {
  readonly kind: 'copy' | 'add';
  /** Source words, raw (expanded at build time); heredoc sources are in `heredocs`. */
  readonly sources: readonly string[];
  readonly sourceRanges: readonly SourceRange[];
  readonly destination: string;
  readonly destinationRange: SourceRange;
  readonly json: boolean;
  readonly heredocs: readonly Heredoc[];
  readonly from?: string;
  readonly chown?: string;
  readonly chmod?: string;
  readonly link: boolean;
  readonly parents: boolean;
  readonly exclude: readonly string[];
  /** ADD only. */
  readonly keepGitDir?: boolean;
  readonly checksum?: string;
  readonly unpack?: boolean;
}

export interface ArgDeclaration {
  readonly name: string;
  /** Raw default value (quotes kept), absent for `ARG NAME`. */
  readonly value?: string;
  readonly range: SourceRange;
}

export interface ArgInstruction extends InstructionBase {
  readonly kind: 'arg';
  readonly args: readonly ArgDeclaration[];
}

export interface KeyValuePair {
  readonly key: string;
  /** Raw value (quotes and escapes kept; removed by expansion). */
  readonly value: string;
  readonly range: SourceRange;
}

export interface EnvInstruction extends InstructionBase {
  readonly kind: 'env';
  readonly pairs: readonly KeyValuePair[];
  /** True for the legacy `ENV KEY value` form. */
  readonly legacyForm: boolean;
}

export interface LabelInstruction extends InstructionBase {
  readonly kind: 'label';
  readonly pairs: readonly KeyValuePair[];
  readonly legacyForm: boolean;
}

/** Instructions whose argument is the raw rest of the line. */
export interface SingleValueInstruction extends InstructionBase {
  readonly kind: 'workdir' | 'user' | 'stopsignal' | 'maintainer';
  readonly value: string;
  readonly valueRange: SourceRange;
}

export interface ExposeInstruction extends InstructionBase {
  readonly kind: 'expose';
  readonly ports: readonly string[];
}

export interface VolumeInstruction extends InstructionBase {
  readonly kind: 'volume';
  readonly paths: readonly string[];
  readonly json: boolean;
}

export interface CommandInstruction extends InstructionBase {
  readonly kind: 'cmd' | 'entrypoint';
  readonly command: CommandLine;
}

export interface ShellInstruction extends InstructionBase {
  readonly kind: 'shell';
  readonly shell: readonly string[];
}

export interface HealthcheckOptions {
  /** Durations in milliseconds; absent means the engine default. */
  readonly intervalMs?: number;
  readonly timeoutMs?: number;
  readonly startPeriodMs?: number;
  readonly startIntervalMs?: number;
  readonly retries?: number;
}

export interface HealthcheckInstruction extends InstructionBase {
  readonly kind: 'healthcheck';
  readonly check:
    | { readonly type: 'none' }
    | { readonly type: 'cmd'; readonly command: CommandLine; readonly options: HealthcheckOptions };
}

export interface OnbuildInstruction extends InstructionBase {
  readonly kind: 'onbuild';
  /** The trigger text without the `ONBUILD ` prefix (heredoc bodies re-appended), as BuildKit stores it. */
  readonly expression: string;
  /** The trigger parsed as an instruction, when it is a valid one. */
  readonly trigger?: Instruction;
}

/** A keyword BuildKit does not know; kept so the editor can still show and fix it. */
export interface UnknownInstruction extends InstructionBase {
  readonly kind: 'unknown';
}

export type Instruction =
  | FromInstruction
  | RunInstruction
  | CopyInstruction
  | ArgInstruction
  | EnvInstruction
  | LabelInstruction
  | SingleValueInstruction
  | ExposeInstruction
  | VolumeInstruction
  | CommandInstruction
  | ShellInstruction
  | HealthcheckInstruction
  | OnbuildInstruction
  | UnknownInstruction;

export type InstructionKind = Instruction['kind'];

/** One build stage: its FROM and the instructions up to the next FROM. */
export interface Stage {
  /** 0-based position among all FROMs; `COPY --from=1` means this. */
  readonly index: number;
  /** Lowercased `AS` name, if any. */
  readonly name?: string;
  readonly from: FromInstruction;
  /** Instructions after the FROM, in order. */
  readonly instructions: readonly Instruction[];
  readonly range: SourceRange;
}

export interface Dockerfile {
  readonly source: string;
  readonly directives: ParserDirectives;
  readonly escapeToken: '\\' | '`';
  /** Every node the line parser produced, in order (what BuildKit's dump prints). */
  readonly nodes: readonly RawNode[];
  /**
   * Start and end offsets of every flag and argument word of every raw node (ONBUILD triggers
   * included), as consecutive pairs; see `RawNode.wordIndex`.
   */
  readonly wordOffsets: Int32Array;
  /** Every instruction in order, FROMs included. */
  readonly instructions: readonly Instruction[];
  /** ARG instructions before the first FROM (global scope: visible to FROM lines only). */
  readonly metaArgs: readonly ArgInstruction[];
  readonly stages: readonly Stage[];
  /** Sorted by range start. */
  readonly diagnostics: readonly Diagnostic[];
}
