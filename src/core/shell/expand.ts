// Word expansion (XCU 2.6): parameters, command substitution, arithmetic, field splitting on IFS
// whitespace, pathname expansion, quote removal. Patterns for `case` and `${x#pat}` use the same
// glob syntax with `/` allowed to match.

import type { ListNode, Word, WordPart } from './ast.ts';

/** What expansion needs from the running shell. */
export interface ExpansionHost {
  getVar(name: string): string | undefined;
  setVar(name: string, value: string): void;
  /** `$?`, `$#`, `$0`, `$$`, `$-`, positional parameters. */
  special(name: string): string | undefined;
  /** `$1`… for `"$@"`, which expands to one field per parameter. */
  positionalParameters(): readonly string[];
  /** Runs `$(...)` and returns its standard output. */
  substitute(body: ListNode): string;
  /** Pathname expansion of a pattern (escaped with `\`), or [] when nothing matches. */
  glob(pattern: string): string[];
  /** Reports an expansion error (e.g. `${X?}`) and aborts the command. */
  fail(message: string): never;
  readonly nounset: boolean;
}

interface Piece {
  readonly text: string;
  readonly quoted: boolean;
  /** True for text produced by an unquoted expansion (subject to field splitting). */
  readonly split: boolean;
  /** Ends the current field here even inside quotes (between the parameters of `"$@"`). */
  readonly fieldBreak?: boolean;
}

/** Expands a word into fields (argv entries): splitting, globbing and quote removal included. */
export function expandWordToFields(word: Word, host: ExpansionHost): string[] {
  const pieces = expandParts(word.parts, host);
  const fields: Piece[][] = [];
  let current: Piece[] = [];
  let hasCurrent = false;
  for (const piece of pieces) {
    if (piece.fieldBreak) {
      fields.push(current);
      current = [];
      hasCurrent = true;
      continue;
    }
    if (!piece.split) {
      current.push(piece);
      if (piece.quoted || piece.text !== '') hasCurrent = true;
      continue;
    }
    const segments = piece.text.split(/[ \t\n]+/);
    segments.forEach((segment, index) => {
      if (index > 0) {
        if (hasCurrent) fields.push(current);
        current = [];
        hasCurrent = false;
      }
      if (segment !== '') {
        current.push({ text: segment, quoted: false, split: true });
        hasCurrent = true;
      }
    });
  }
  if (hasCurrent) fields.push(current);

  const out: string[] = [];
  for (const field of fields) {
    const literal = field.map((p) => p.text).join('');
    const hasGlob = field.some((p) => !p.quoted && /[*?[]/.test(p.text));
    if (hasGlob) {
      const pattern = field.map((p) => (p.quoted ? escapeGlob(p.text) : p.text)).join('');
      const matches = host.glob(pattern);
      if (matches.length > 0) {
        out.push(...matches);
        continue;
      }
    }
    out.push(literal);
  }
  return out;
}

/** Expands a word into one string without splitting or globbing (assignments, redirection targets, heredocs). */
export function expandWordToString(word: Word, host: ExpansionHost): string {
  return expandParts(word.parts, host)
    .map((p) => p.text)
    .join('');
}

/** Expands a word into a pattern for `case`/`${x#pat}`: quoted text is escaped so it matches literally. */
export function expandWordToPattern(word: Word, host: ExpansionHost): string {
  return expandParts(word.parts, host)
    .map((p) => (p.quoted ? escapeGlob(p.text) : p.text))
    .join('');
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

function expandParts(parts: readonly WordPart[], host: ExpansionHost): Piece[] {
  const out: Piece[] = [];
  for (const part of parts) {
    switch (part.kind) {
      case 'literal':
        out.push({ text: part.text, quoted: part.quoted, split: false });
        break;
      case 'param': {
        if (part.name === '@' && part.quoted && part.op === undefined) {
          host.positionalParameters().forEach((value, index) => {
            if (index > 0) out.push({ text: '', quoted: true, split: false, fieldBreak: true });
            out.push({ text: value, quoted: true, split: false });
          });
          break;
        }
        const value = expandParam(part.name, part.op, part.arg, host);
        out.push({ text: value, quoted: part.quoted, split: !part.quoted });
        break;
      }
      case 'length': {
        const value = lookup(part.name, host) ?? '';
        out.push({ text: String([...value].length), quoted: part.quoted, split: !part.quoted });
        break;
      }
      case 'command': {
        const value = host.substitute(part.body).replace(/\n+$/, '');
        out.push({ text: value, quoted: part.quoted, split: !part.quoted });
        break;
      }
      case 'arith': {
        const value = evaluateArithmetic(expandArithText(part.expr, host), host);
        out.push({ text: String(value), quoted: part.quoted, split: !part.quoted });
        break;
      }
    }
  }
  return out;
}

function lookup(name: string, host: ExpansionHost): string | undefined {
  if (/^[A-Za-z_]/.test(name)) return host.getVar(name);
  return host.special(name);
}

function expandParam(name: string, op: string | undefined, arg: Word | undefined, host: ExpansionHost): string {
  const value = lookup(name, host);
  const argText = (): string => (arg ? expandWordToString(arg, host) : '');
  switch (op) {
    case undefined:
      if (value === undefined && host.nounset && /^[A-Za-z_]/.test(name)) host.fail(`${name}: parameter not set`);
      return value ?? '';
    case ':-':
      return value === undefined || value === '' ? argText() : value;
    case '-':
      return value === undefined ? argText() : value;
    case ':=':
    case '=': {
      if (value === undefined || (op === ':=' && value === '')) {
        const next = argText();
        host.setVar(name, next);
        return next;
      }
      return value;
    }
    case ':+':
      return value === undefined || value === '' ? '' : argText();
    case '+':
      return value === undefined ? '' : argText();
    case ':?':
    case '?':
      if (value === undefined || (op === ':?' && value === '')) {
        const message = argText();
        host.fail(`${name}: ${message === '' ? 'parameter not set' : message}`);
      }
      return value ?? '';
    case '#':
    case '##':
    case '%':
    case '%%': {
      const v = value ?? '';
      const pattern = arg ? expandWordToPattern(arg, host) : '';
      return trimPattern(v, pattern, op);
    }
    default:
      return value ?? '';
  }
}

function trimPattern(value: string, pattern: string, op: '#' | '##' | '%' | '%%'): string {
  const re = shellPatternToRegExp(pattern);
  if (!re) return value;
  if (op === '#' || op === '##') {
    const lengths = [...Array(value.length + 1).keys()];
    if (op === '##') lengths.reverse();
    for (const n of lengths) if (re.test(value.slice(0, n))) return value.slice(n);
    return value;
  }
  const starts = [...Array(value.length + 1).keys()];
  if (op === '%') starts.reverse();
  for (const s of starts) if (re.test(value.slice(s))) return value.slice(0, s);
  return value;
}

/** Converts a shell pattern (`*`, `?`, `[...]`/`[!...]`, `\` escapes) to an anchored RegExp; `/` is an ordinary character. */
export function shellPatternToRegExp(pattern: string): RegExp | undefined {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '\\') {
      const n = pattern[i + 1];
      if (n !== undefined) {
        re += escapeRe(n);
        i++;
      } else re += '\\\\';
    } else if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) {
        re += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, end);
      if (body.startsWith('!') || body.startsWith('^')) body = `^${body.slice(1)}`;
      re += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else re += escapeRe(c);
  }
  try {
    return new RegExp(`${re}$`);
  } catch {
    return undefined;
  }
}

function escapeRe(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

/** Tells whether a string matches a shell pattern (for `case`). */
export function matchShellPattern(pattern: string, value: string): boolean {
  return shellPatternToRegExp(pattern)?.test(value) ?? false;
}

function expandArithText(expr: string, host: ExpansionHost): string {
  // $VAR and ${VAR} inside $(( )) expand before evaluation; bare names are looked up by the evaluator.
  return expr.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*|[?#$])\}?/g, (_m, name: string) => lookup(name, host) ?? '0');
}

/** Evaluates `$(( ))` integer arithmetic: + - * / % ( ), comparisons, && ||, unary - + !, variables. */
export function evaluateArithmetic(expr: string, host: ExpansionHost): number {
  const tokens = expr.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|<=|>=|==|!=|&&|\|\||<<|>>|[-+*/%()<>!~&|^]/g) ?? [];
  let i = 0;
  const peek = (): string | undefined => tokens[i];
  const next = (): string | undefined => tokens[i++];
  const levels: string[][] = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '>', '<=', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];
  const apply = (op: string, a: number, b: number): number => {
    switch (op) {
      case '==': return a === b ? 1 : 0;
      case '!=': return a !== b ? 1 : 0;
      case '<': return a < b ? 1 : 0;
      case '>': return a > b ? 1 : 0;
      case '<=': return a <= b ? 1 : 0;
      case '>=': return a >= b ? 1 : 0;
      case '<<': return a << b;
      case '>>': return a >> b;
      case '+': return a + b;
      case '-': return a - b;
      case '*': return Math.imul(a, b);
      case '/':
      case '%':
        if (b === 0) host.fail('divide by zero');
        return op === '/' ? Math.trunc(a / b) : a % b;
      case '||': return a || b ? 1 : 0;
      case '&&': return a && b ? 1 : 0;
      case '|': return a | b;
      case '^': return a ^ b;
      case '&': return a & b;
      default: return 0;
    }
  };
  const parseLevel = (level: number): number => {
    if (level >= levels.length) return parseUnary();
    let left = parseLevel(level + 1);
    const ops = levels[level] ?? [];
    for (let op = peek(); op !== undefined && ops.includes(op); op = peek()) {
      next();
      left = apply(op, left, parseLevel(level + 1));
    }
    return left;
  };
  const parseUnary = (): number => {
    const t = next();
    if (t === undefined) return 0;
    if (t === '-') return -parseUnary();
    if (t === '+') return parseUnary();
    if (t === '!') return parseUnary() ? 0 : 1;
    if (t === '~') return ~parseUnary();
    if (t === '(') {
      const v = parseLevel(0);
      if (next() !== ')') host.fail('arithmetic syntax error');
      return v;
    }
    if (/^\d+$/.test(t)) return Number(t) | 0;
    if (/^[A-Za-z_]/.test(t)) {
      const v = host.getVar(t);
      return v === undefined || v === '' ? 0 : Number.parseInt(v, 10) || 0;
    }
    return host.fail('arithmetic syntax error');
  };
  const value = parseLevel(0);
  if (i < tokens.length) host.fail('arithmetic syntax error');
  return value;
}
