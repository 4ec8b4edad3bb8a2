// The shell AST: the POSIX sh grammar (XCU 2.10) cut down to what Dockerfile RUN lines use.

/** One piece of a word; `quoted` pieces are exempt from field splitting and pathname expansion. */
export type WordPart =
  | { readonly kind: 'literal'; readonly text: string; readonly quoted: boolean }
  | { readonly kind: 'param'; readonly name: string; readonly op: ParamOp | undefined; readonly arg: Word | undefined; readonly quoted: boolean }
  | { readonly kind: 'length'; readonly name: string; readonly quoted: boolean }
  | { readonly kind: 'command'; readonly body: ListNode; readonly quoted: boolean }
  | { readonly kind: 'arith'; readonly expr: string; readonly quoted: boolean };

/** `${name<op>arg}` operators. */
export type ParamOp = ':-' | '-' | ':=' | '=' | ':+' | '+' | ':?' | '?' | '#' | '##' | '%' | '%%';

export interface Word {
  readonly parts: readonly WordPart[];
  /** The word's source text, for messages and `not modelled` notes. */
  readonly raw: string;
}

export type RedirectOp = '>' | '>>' | '>|' | '<' | '<>' | '>&' | '<&' | '<<' | '<<-';

export interface Redirect {
  readonly fd: number;
  readonly op: RedirectOp;
  readonly target: Word;
  /** Heredoc body (filled in when the lexer reaches the body lines); `word` is set when it expands. */
  heredoc?: { body: string; word: Word | undefined };
}

export interface Assignment {
  readonly name: string;
  readonly value: Word;
}

export type CommandNode =
  | { readonly kind: 'simple'; readonly assignments: readonly Assignment[]; readonly words: readonly Word[]; readonly redirects: readonly Redirect[] }
  | { readonly kind: 'subshell'; readonly body: ListNode; readonly redirects: readonly Redirect[] }
  | { readonly kind: 'group'; readonly body: ListNode; readonly redirects: readonly Redirect[] }
  | {
      readonly kind: 'if';
      readonly clauses: ReadonlyArray<{ readonly condition: ListNode; readonly body: ListNode }>;
      readonly elseBody: ListNode | undefined;
      readonly redirects: readonly Redirect[];
    }
  | { readonly kind: 'loop'; readonly until: boolean; readonly condition: ListNode; readonly body: ListNode; readonly redirects: readonly Redirect[] }
  | { readonly kind: 'for'; readonly name: string; readonly items: readonly Word[] | undefined; readonly body: ListNode; readonly redirects: readonly Redirect[] }
  | {
      readonly kind: 'case';
      readonly subject: Word;
      readonly arms: ReadonlyArray<{ readonly patterns: readonly Word[]; readonly body: ListNode }>;
      readonly redirects: readonly Redirect[];
    }
  | { readonly kind: 'function'; readonly name: string; readonly body: CommandNode };

export interface PipelineNode {
  readonly negate: boolean;
  readonly commands: readonly CommandNode[];
}

export interface AndOrNode {
  readonly first: PipelineNode;
  readonly rest: ReadonlyArray<{ readonly op: '&&' | '||'; readonly pipeline: PipelineNode }>;
}

export interface ListNode {
  readonly items: ReadonlyArray<{ readonly andOr: AndOrNode; readonly background: boolean }>;
}
