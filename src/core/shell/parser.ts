// A recursive-descent parser for the POSIX sh subset RUN lines use (XCU 2.3 token recognition,
// 2.10 grammar): quotes, escapes, parameter/command/arithmetic expansion, pipelines, && ||, lists,
// redirections with heredocs, subshells, groups, if/while/until/for/case and function definitions.
// Syntax errors use busybox ash's wording (`syntax error: unterminated quoted string`, verified).

import type { AndOrNode, Assignment, CommandNode, ListNode, ParamOp, PipelineNode, Redirect, RedirectOp, Word, WordPart } from './ast.ts';

/** The outcome of parsing a script: its AST, or ash's syntax error text. */
export type ParseResult = { readonly ok: true; readonly ast: ListNode } | { readonly ok: false; readonly message: string };

class ShellSyntaxError extends Error {}

type Token =
  | { readonly t: 'word'; readonly word: Word }
  | { readonly t: 'op'; readonly v: '&&' | '||' | ';' | ';;' | '&' | '|' | '(' | ')' }
  | { readonly t: 'newline' }
  | { readonly t: 'redir'; readonly fd: number | undefined; readonly op: RedirectOp }
  | { readonly t: 'eof' };

const RESERVED_END = new Set(['then', 'do', 'done', 'fi', 'elif', 'else', 'esac', '}']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_DEPTH = 64;

/** Parses a shell script; never throws. */
export function parseScript(source: string): ParseResult {
  try {
    const parser = new Parser(source, 0);
    const ast = parser.parseProgram();
    return { ok: true, ast };
  } catch (error) {
    if (error instanceof ShellSyntaxError) return { ok: false, message: `syntax error: ${error.message}` };
    if (error instanceof RangeError) return { ok: false, message: 'syntax error: nesting too deep' };
    throw error;
  }
}

/** Parses a heredoc body or `${x:-word}` argument as a word whose text is taken as if double-quoted. */
export function parseQuotedText(text: string, depth = 0): Word {
  const lexer = new Lexer(text, depth);
  return lexer.readQuotedText();
}

class Lexer {
  readonly src: string;
  pos = 0;
  readonly depth: number;
  readonly pendingHeredocs: Array<{ redirect: Redirect; delimiter: string; strip: boolean; expand: boolean }> = [];

  constructor(src: string, depth: number) {
    this.src = src;
    this.depth = depth;
    if (depth > MAX_DEPTH) throw new ShellSyntaxError('nesting too deep');
  }

  next(): Token {
    const src = this.src;
    // Blanks, line continuations and comments.
    for (;;) {
      const c = src[this.pos];
      if (c === ' ' || c === '\t' || c === '\r') this.pos++;
      else if (c === '\\' && src[this.pos + 1] === '\n') this.pos += 2;
      else if (c === '#') {
        while (this.pos < src.length && src[this.pos] !== '\n') this.pos++;
      } else break;
    }
    if (this.pos >= src.length) {
      if (this.pendingHeredocs.length > 0) this.readHeredocBodies();
      return { t: 'eof' };
    }
    const c = src[this.pos] ?? '';
    if (c === '\n') {
      this.pos++;
      if (this.pendingHeredocs.length > 0) this.readHeredocBodies();
      return { t: 'newline' };
    }
    const two = src.slice(this.pos, this.pos + 2);
    if (two === '&&' || two === '||' || two === ';;') {
      this.pos += 2;
      return { t: 'op', v: two };
    }
    if (c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
      this.pos++;
      return { t: 'op', v: c };
    }
    // An IO number is digits directly before < or >.
    const io = /^(\d+)(?=[<>])/.exec(src.slice(this.pos, this.pos + 12));
    if (io || c === '<' || c === '>') {
      let fd: number | undefined;
      if (io?.[1]) {
        fd = Number(io[1]);
        this.pos += io[1].length;
      }
      const rest = src.slice(this.pos, this.pos + 3);
      const ops: RedirectOp[] = ['<<-', '<<', '>>', '>|', '<>', '>&', '<&', '<', '>'];
      for (const op of ops) {
        if (rest.startsWith(op)) {
          this.pos += op.length;
          return { t: 'redir', fd, op };
        }
      }
    }
    return { t: 'word', word: this.readWord() };
  }

  private readHeredocBodies(): void {
    const src = this.src;
    for (const pending of this.pendingHeredocs.splice(0)) {
      const lines: string[] = [];
      let found = false;
      while (this.pos < src.length) {
        let end = src.indexOf('\n', this.pos);
        if (end < 0) end = src.length;
        let line = src.slice(this.pos, end);
        this.pos = Math.min(src.length, end + 1);
        if (pending.strip) line = line.replace(/^\t+/, '');
        if (line === pending.delimiter) {
          found = true;
          break;
        }
        lines.push(line);
      }
      // ash accepts a heredoc ended by EOF (with a warning in bash); keep what we read.
      void found;
      const body = lines.length > 0 ? `${lines.join('\n')}\n` : '';
      pending.redirect.heredoc = { body, word: pending.expand ? parseHeredocBody(body, this.depth + 1) : undefined };
    }
  }

  // Reads one word in unquoted context, stopping at a blank or an operator character.
  readWord(): Word {
    const src = this.src;
    const start = this.pos;
    const parts: WordPart[] = [];
    let literal = '';
    const flush = (): void => {
      if (literal !== '') parts.push({ kind: 'literal', text: literal, quoted: false });
      literal = '';
    };
    // Tilde expansion of a leading `~` (XCU 2.6.1), only for the current user's home.
    if (src[this.pos] === '~' && /^(\/|[\s;&|<>()]|$)/.test(src.slice(this.pos + 1, this.pos + 2))) {
      parts.push({ kind: 'param', name: 'HOME', op: undefined, arg: undefined, quoted: true });
      this.pos++;
    }
    while (this.pos < src.length) {
      const c = src[this.pos] ?? '';
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ';' || c === '&' || c === '|' || c === '<' || c === '>' || c === '(' || c === ')') break;
      if (c === '\\') {
        const n = src[this.pos + 1];
        if (n === '\n') {
          this.pos += 2;
          continue;
        }
        flush();
        if (n !== undefined) parts.push({ kind: 'literal', text: n, quoted: true });
        this.pos += 2;
        continue;
      }
      if (c === "'") {
        flush();
        const end = src.indexOf("'", this.pos + 1);
        if (end < 0) throw new ShellSyntaxError('unterminated quoted string');
        parts.push({ kind: 'literal', text: src.slice(this.pos + 1, end), quoted: true });
        this.pos = end + 1;
        continue;
      }
      if (c === '"') {
        flush();
        this.pos++;
        parts.push(...this.readDoubleQuoted('"'));
        continue;
      }
      if (c === '$') {
        const part = this.readDollar(false);
        if (part) {
          flush();
          parts.push(part);
        } else literal += '$';
        continue;
      }
      if (c === '`') {
        flush();
        parts.push(this.readBackquote(false));
        continue;
      }
      literal += c;
      this.pos++;
    }
    flush();
    return { parts, raw: src.slice(start, this.pos) };
  }

  // Reads double-quoted text up to `close` (a `"`), or to the end when close is undefined.
  readDoubleQuoted(close: '"' | undefined): WordPart[] {
    const src = this.src;
    const parts: WordPart[] = [];
    let literal = '';
    const flush = (): void => {
      parts.push({ kind: 'literal', text: literal, quoted: true });
      literal = '';
    };
    for (;;) {
      if (this.pos >= src.length) {
        if (close === undefined) break;
        throw new ShellSyntaxError('unterminated quoted string');
      }
      const c = src[this.pos] ?? '';
      if (c === close) {
        this.pos++;
        break;
      }
      if (c === '\\') {
        const n = src[this.pos + 1];
        if (n === '\n') {
          this.pos += 2;
          continue;
        }
        if (n === '$' || n === '`' || n === '"' || n === '\\') {
          literal += n;
          this.pos += 2;
          continue;
        }
        literal += '\\';
        this.pos++;
        continue;
      }
      if (c === '$') {
        const part = this.readDollar(true);
        if (part) {
          if (literal !== '') flush();
          parts.push(part);
        } else literal += '$';
        continue;
      }
      if (c === '`') {
        if (literal !== '') flush();
        parts.push(this.readBackquote(true));
        continue;
      }
      literal += c;
      this.pos++;
    }
    if (literal !== '' || parts.length === 0) flush();
    return parts;
  }

  // Inside ${x:-word} (unquoted), blanks are part of the word.
  readWordAll(): Word {
    const parts: WordPart[] = [];
    const src = this.src;
    while (this.pos < src.length) {
      const w = this.readWord();
      parts.push(...w.parts);
      if (this.pos < src.length) {
        parts.push({ kind: 'literal', text: src[this.pos] ?? '', quoted: false });
        this.pos++;
      }
    }
    return { parts, raw: src };
  }

  readQuotedText(): Word {
    const parts = this.readDoubleQuoted(undefined);
    return { parts, raw: this.src };
  }

  // `$` at this.pos; returns undefined when the `$` is literal (consumes just it then).
  private readDollar(quoted: boolean): WordPart | undefined {
    const src = this.src;
    const n = src[this.pos + 1] ?? '';
    if (src.startsWith('$((', this.pos)) {
      const end = findArithEnd(src, this.pos + 3);
      if (end < 0) throw new ShellSyntaxError('unterminated arithmetic expansion');
      const expr = src.slice(this.pos + 3, end);
      this.pos = end + 2;
      return { kind: 'arith', expr, quoted };
    }
    if (n === '(') {
      const end = findClosing(src, this.pos + 2, ')');
      if (end < 0) throw new ShellSyntaxError('unterminated command substitution');
      const inner = src.slice(this.pos + 2, end);
      this.pos = end + 1;
      return { kind: 'command', body: new Parser(inner, this.depth + 1).parseProgram(), quoted };
    }
    if (n === '{') {
      const end = findClosing(src, this.pos + 2, '}');
      if (end < 0) throw new ShellSyntaxError("missing '}'");
      const inner = src.slice(this.pos + 2, end);
      this.pos = end + 1;
      return parseBraced(inner, quoted, this.depth);
    }
    if (/[A-Za-z_]/.test(n)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(this.pos + 1)) ?? [''];
      this.pos += 1 + m[0].length;
      return { kind: 'param', name: m[0], op: undefined, arg: undefined, quoted };
    }
    if (/[0-9?#$!@*\-]/.test(n) && n !== '') {
      this.pos += 2;
      return { kind: 'param', name: n, op: undefined, arg: undefined, quoted };
    }
    this.pos++;
    return undefined;
  }

  private readBackquote(quoted: boolean): WordPart {
    const src = this.src;
    let i = this.pos + 1;
    let inner = '';
    for (;;) {
      if (i >= src.length) throw new ShellSyntaxError('unterminated backquote');
      const c = src[i] ?? '';
      if (c === '`') break;
      if (c === '\\' && (src[i + 1] === '$' || src[i + 1] === '`' || src[i + 1] === '\\')) {
        inner += src[i + 1];
        i += 2;
        continue;
      }
      inner += c;
      i++;
    }
    this.pos = i + 1;
    return { kind: 'command', body: new Parser(inner, this.depth + 1).parseProgram(), quoted };
  }
}

function parseHeredocBody(body: string, depth: number): Word {
  // In a heredoc, `"` is an ordinary character; only \$ \` \\ and \newline are escapes.
  const lexer = new Lexer(body.replace(/"/g, '\u0000'), depth);
  const word = lexer.readQuotedText();
  const restore = (part: WordPart): WordPart => (part.kind === 'literal' ? { ...part, text: part.text.replace(/\u0000/g, '"') } : part);
  return { parts: word.parts.map(restore), raw: body };
}

const PARAM_OPS: readonly ParamOp[] = [':-', ':=', ':+', ':?', '##', '%%', '-', '=', '+', '?', '#', '%'];

function parseBraced(inner: string, quoted: boolean, depth: number): WordPart {
  if (inner.startsWith('#') && inner.length > 1) {
    const name = inner.slice(1);
    if (NAME.test(name) || /^[0-9?#@*!$-]$/.test(name) || /^\d+$/.test(name)) return { kind: 'length', name, quoted };
  }
  const m = /^([A-Za-z_][A-Za-z0-9_]*|\d+|[?#$!@*-])/.exec(inner);
  if (!m?.[1]) throw new ShellSyntaxError('bad substitution');
  const name = m[1];
  const rest = inner.slice(name.length);
  if (rest === '') return { kind: 'param', name, op: undefined, arg: undefined, quoted };
  const op = PARAM_OPS.find((o) => rest.startsWith(o));
  if (!op) throw new ShellSyntaxError('bad substitution');
  const argText = rest.slice(op.length);
  const arg = quoted ? parseQuotedText(argText, depth + 1) : new Lexer(argText, depth + 1).readWordAll();
  return { kind: 'param', name, op, arg, quoted };
}

// Finds the `)`/`}` closing a `$(`/`${` that starts at `from`, skipping quotes and nesting.
function findClosing(src: string, from: number, close: ')' | '}'): number {
  const open = close === ')' ? '(' : '{';
  let depth = 1;
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === "'") {
      const end = src.indexOf("'", i + 1);
      if (end < 0) return -1;
      i = end;
      continue;
    }
    if (c === '"') {
      for (i++; i < src.length && src[i] !== '"'; i++) if (src[i] === '\\') i++;
      continue;
    }
    if (c === '`') {
      for (i++; i < src.length && src[i] !== '`'; i++) if (src[i] === '\\') i++;
      continue;
    }
    if (close === ')' && c === '#' && (i === from || /\s/.test(src[i - 1] ?? ''))) {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === open) depth++;
    else if (c === close) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function findArithEnd(src: string, from: number): number {
  let depth = 0;
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) return src[i + 1] === ')' ? i : -1;
      depth--;
    }
  }
  return -1;
}

function wordText(word: Word): string | undefined {
  // The literal text of a word with no quoting and no expansion (for reserved words and names).
  if (word.parts.length !== 1) return undefined;
  const part = word.parts[0];
  return part && part.kind === 'literal' && !part.quoted ? part.text : undefined;
}

class Parser {
  private readonly lexer: Lexer;
  private peeked: Token | undefined;
  private readonly depth: number;

  constructor(src: string, depth: number) {
    this.lexer = new Lexer(src, depth);
    this.depth = depth;
  }

  private peek(): Token {
    if (!this.peeked) this.peeked = this.lexer.next();
    return this.peeked;
  }

  private take(): Token {
    const t = this.peek();
    this.peeked = undefined;
    return t;
  }

  private isReserved(word: string): boolean {
    const t = this.peek();
    return t.t === 'word' && wordText(t.word) === word;
  }

  private skipNewlines(): void {
    while (this.peek().t === 'newline') this.take();
  }

  private describe(t: Token): string {
    if (t.t === 'eof') return 'end of file';
    if (t.t === 'newline') return 'newline';
    if (t.t === 'op') return `"${t.v}"`;
    if (t.t === 'redir') return `redirection`;
    return `"${t.word.raw}"`;
  }

  private expectReserved(word: string): void {
    this.skipNewlines();
    if (!this.isReserved(word)) {
      const t = this.peek();
      if (t.t === 'eof') throw new ShellSyntaxError(`unexpected end of file (expecting "${word}")`);
      throw new ShellSyntaxError(`unexpected ${this.describe(t)} (expecting "${word}")`);
    }
    this.take();
  }

  parseProgram(): ListNode {
    const list = this.parseList();
    const t = this.peek();
    if (t.t !== 'eof') throw new ShellSyntaxError(`unexpected ${this.describe(t)}`);
    return list;
  }

  private atListEnd(): boolean {
    const t = this.peek();
    if (t.t === 'eof') return true;
    if (t.t === 'op' && (t.v === ')' || t.v === ';;')) return true;
    if (t.t === 'word') {
      const text = wordText(t.word);
      if (text !== undefined && RESERVED_END.has(text)) return true;
    }
    return false;
  }

  private parseList(): ListNode {
    const items: Array<{ andOr: AndOrNode; background: boolean }> = [];
    this.skipNewlines();
    while (!this.atListEnd()) {
      const andOr = this.parseAndOr();
      let background = false;
      const t = this.peek();
      if (t.t === 'op' && (t.v === ';' || t.v === '&')) {
        background = t.v === '&';
        this.take();
      } else if (t.t === 'newline') {
        // handled below
      } else if (!this.atListEnd()) throw new ShellSyntaxError(`unexpected ${this.describe(t)}`);
      items.push({ andOr, background });
      this.skipNewlines();
    }
    return { items };
  }

  private parseAndOr(): AndOrNode {
    const first = this.parsePipeline();
    const rest: Array<{ op: '&&' | '||'; pipeline: PipelineNode }> = [];
    for (;;) {
      const t = this.peek();
      if (t.t !== 'op' || (t.v !== '&&' && t.v !== '||')) break;
      this.take();
      this.skipNewlines();
      rest.push({ op: t.v, pipeline: this.parsePipeline() });
    }
    return { first, rest };
  }

  private parsePipeline(): PipelineNode {
    let negate = false;
    if (this.isReserved('!')) {
      this.take();
      negate = true;
    }
    const commands = [this.parseCommand()];
    for (;;) {
      const t = this.peek();
      if (t.t !== 'op' || t.v !== '|') break;
      this.take();
      this.skipNewlines();
      commands.push(this.parseCommand());
    }
    return { negate, commands };
  }

  private parseRedirect(fd: number | undefined, op: RedirectOp): Redirect {
    const t = this.take();
    if (t.t !== 'word') throw new ShellSyntaxError(`unexpected ${this.describe(t)}`);
    const defaultFd = op.startsWith('<') ? 0 : 1;
    const redirect: Redirect = { fd: fd ?? defaultFd, op, target: t.word };
    if (op === '<<' || op === '<<-') {
      const quoted = t.word.parts.some((p) => p.kind === 'literal' && p.quoted);
      const delimiter = t.word.parts.map((p) => (p.kind === 'literal' ? p.text : '')).join('') || t.word.raw;
      this.lexer.pendingHeredocs.push({ redirect, delimiter, strip: op === '<<-', expand: !quoted });
    }
    return redirect;
  }

  private parseRedirects(): Redirect[] {
    const out: Redirect[] = [];
    for (;;) {
      const t = this.peek();
      if (t.t !== 'redir') break;
      this.take();
      out.push(this.parseRedirect(t.fd, t.op));
    }
    return out;
  }

  private parseCommand(): CommandNode {
    if (this.depth > MAX_DEPTH) throw new ShellSyntaxError('nesting too deep');
    const t = this.peek();
    if (t.t === 'op' && t.v === '(') {
      this.take();
      const body = this.parseList();
      const close = this.take();
      if (close.t !== 'op' || close.v !== ')') throw new ShellSyntaxError(`unexpected ${this.describe(close)} (expecting ")")`);
      return { kind: 'subshell', body, redirects: this.parseRedirects() };
    }
    if (t.t === 'word') {
      const text = wordText(t.word);
      switch (text) {
        case '{': {
          this.take();
          const body = this.parseList();
          this.expectReserved('}');
          return { kind: 'group', body, redirects: this.parseRedirects() };
        }
        case 'if':
          return this.parseIf();
        case 'while':
        case 'until': {
          this.take();
          const condition = this.parseList();
          this.expectReserved('do');
          const body = this.parseList();
          this.expectReserved('done');
          return { kind: 'loop', until: text === 'until', condition, body, redirects: this.parseRedirects() };
        }
        case 'for':
          return this.parseFor();
        case 'case':
          return this.parseCase();
        default:
          if (text !== undefined && RESERVED_END.has(text)) throw new ShellSyntaxError(`unexpected "${text}"`);
      }
    }
    return this.parseSimple();
  }

  private parseIf(): CommandNode {
    this.take();
    const clauses: Array<{ condition: ListNode; body: ListNode }> = [];
    let elseBody: ListNode | undefined;
    for (;;) {
      const condition = this.parseList();
      this.expectReserved('then');
      const body = this.parseList();
      clauses.push({ condition, body });
      this.skipNewlines();
      if (this.isReserved('elif')) {
        this.take();
        continue;
      }
      if (this.isReserved('else')) {
        this.take();
        elseBody = this.parseList();
      }
      this.expectReserved('fi');
      break;
    }
    return { kind: 'if', clauses, elseBody, redirects: this.parseRedirects() };
  }

  private parseFor(): CommandNode {
    this.take();
    const nameTok = this.take();
    const name = nameTok.t === 'word' ? wordText(nameTok.word) : undefined;
    if (!name || !NAME.test(name)) throw new ShellSyntaxError(`bad for loop variable`);
    let items: Word[] | undefined;
    this.skipNewlines();
    if (this.isReserved('in')) {
      this.take();
      items = [];
      for (;;) {
        const t = this.peek();
        if (t.t !== 'word') break;
        this.take();
        items.push(t.word);
      }
      const sep = this.peek();
      if (sep.t === 'op' && sep.v === ';') this.take();
    } else {
      const sep = this.peek();
      if (sep.t === 'op' && sep.v === ';') this.take();
    }
    this.expectReserved('do');
    const body = this.parseList();
    this.expectReserved('done');
    return { kind: 'for', name, items, body, redirects: this.parseRedirects() };
  }

  private parseCase(): CommandNode {
    this.take();
    const subjectTok = this.take();
    if (subjectTok.t !== 'word') throw new ShellSyntaxError(`unexpected ${this.describe(subjectTok)}`);
    this.expectReserved('in');
    const arms: Array<{ patterns: Word[]; body: ListNode }> = [];
    this.skipNewlines();
    while (!this.isReserved('esac')) {
      let t = this.peek();
      if (t.t === 'op' && t.v === '(') {
        this.take();
        t = this.peek();
      }
      const patterns: Word[] = [];
      for (;;) {
        const p = this.take();
        if (p.t !== 'word') throw new ShellSyntaxError(`unexpected ${this.describe(p)}`);
        patterns.push(p.word);
        const sep = this.take();
        if (sep.t === 'op' && sep.v === '|') continue;
        if (sep.t === 'op' && sep.v === ')') break;
        throw new ShellSyntaxError(`unexpected ${this.describe(sep)} (expecting ")")`);
      }
      const body = this.parseList();
      arms.push({ patterns, body });
      const end = this.peek();
      if (end.t === 'op' && end.v === ';;') this.take();
      this.skipNewlines();
      if (this.peek().t === 'eof') throw new ShellSyntaxError('unexpected end of file (expecting "esac")');
    }
    this.take();
    return { kind: 'case', subject: subjectTok.word, arms, redirects: this.parseRedirects() };
  }

  private parseSimple(): CommandNode {
    const assignments: Assignment[] = [];
    const words: Word[] = [];
    const redirects: Redirect[] = [];
    for (;;) {
      const t = this.peek();
      if (t.t === 'redir') {
        this.take();
        redirects.push(this.parseRedirect(t.fd, t.op));
        continue;
      }
      if (t.t !== 'word') break;
      if (words.length === 0) {
        const assignment = asAssignment(t.word);
        if (assignment) {
          this.take();
          assignments.push(assignment);
          continue;
        }
      }
      this.take();
      words.push(t.word);
      // name() compound-command: a function definition.
      if (words.length === 1 && assignments.length === 0 && redirects.length === 0) {
        const next = this.peek();
        const name = wordText(t.word);
        if (next.t === 'op' && next.v === '(' && name && NAME.test(name)) {
          this.take();
          const close = this.take();
          if (close.t !== 'op' || close.v !== ')') throw new ShellSyntaxError(`unexpected ${this.describe(close)} (expecting ")")`);
          this.skipNewlines();
          return { kind: 'function', name, body: this.parseCommand() };
        }
      }
    }
    if (words.length === 0 && assignments.length === 0 && redirects.length === 0) {
      throw new ShellSyntaxError(`unexpected ${this.describe(this.peek())}`);
    }
    return { kind: 'simple', assignments, words, redirects };
  }
}

function asAssignment(word: Word): Assignment | undefined {
  const first = word.parts[0];
  if (!first || first.kind !== 'literal' || first.quoted) return undefined;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.text);
  if (!m?.[1]) return undefined;
  const restText = first.text.slice(m[0].length);
  const rest: WordPart[] = restText === '' ? [] : [{ kind: 'literal', text: restText, quoted: false }];
  return { name: m[1], value: { parts: [...rest, ...word.parts.slice(1)], raw: word.raw.slice(m[0].length) } };
}
