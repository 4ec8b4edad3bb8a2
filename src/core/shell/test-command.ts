// test / [ (XCU test): unary file and string tests, binary comparisons, ! -a -o and parentheses,
// with the POSIX rules for one to four arguments and a recursive-descent parser beyond that.

import type { Entry } from '../fs/index.ts';

/** What `test` needs to inspect files. */
export interface TestHost {
  stat(path: string): Entry | undefined;
  lstat(path: string): Entry | undefined;
  canWrite(entry: Entry): boolean;
  readonly uid: number;
}

const UNARY = new Set(['-e', '-f', '-d', '-s', '-r', '-w', '-x', '-L', '-h', '-z', '-n', '-b', '-c', '-p', '-S', '-u', '-g', '-k', '-t', '-O', '-G']);
const BINARY = new Set(['=', '==', '!=', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '<', '>', '-nt', '-ot', '-ef']);

/** Evaluates test arguments; returns true/false, or an error message (exit status 2). */
export function evaluateTest(args: readonly string[], host: TestHost): boolean | string {
  let i = 0;
  let error: string | undefined;
  const unary = (op: string, operand: string): boolean => {
    switch (op) {
      case '-z':
        return operand === '';
      case '-n':
        return operand !== '';
      case '-t':
        return false;
      case '-L':
      case '-h':
        return host.lstat(operand)?.type === 'symlink';
    }
    const e = host.stat(operand);
    if (!e) return false;
    switch (op) {
      case '-e':
        return true;
      case '-f':
        return e.type === 'file';
      case '-d':
        return e.type === 'dir';
      case '-s':
        return e.type === 'file' ? e.size > 0 : true;
      case '-r':
        return true;
      case '-w':
        return host.canWrite(e);
      case '-x':
        return (e.mode & 0o111) !== 0 || (host.uid === 0 && e.type === 'dir');
      case '-u':
        return (e.mode & 0o4000) !== 0;
      case '-g':
        return (e.mode & 0o2000) !== 0;
      case '-k':
        return (e.mode & 0o1000) !== 0;
      case '-O':
        return e.uid === host.uid;
      default:
        return false;
    }
  };
  const integer = (value: string): number => {
    if (!/^\s*[-+]?\d+\s*$/.test(value)) {
      error ??= `invalid number '${value}'`;
      return 0;
    }
    return Number(value);
  };
  const binary = (left: string, op: string, right: string): boolean => {
    switch (op) {
      case '=':
      case '==':
        return left === right;
      case '!=':
        return left !== right;
      case '<':
        return left < right;
      case '>':
        return left > right;
      case '-eq':
        return integer(left) === integer(right);
      case '-ne':
        return integer(left) !== integer(right);
      case '-lt':
        return integer(left) < integer(right);
      case '-le':
        return integer(left) <= integer(right);
      case '-gt':
        return integer(left) > integer(right);
      case '-ge':
        return integer(left) >= integer(right);
      default:
        return false;
    }
  };
  const primary = (): boolean => {
    const a = args[i];
    if (a === undefined) {
      error ??= 'argument expected';
      return false;
    }
    if (a === '!') {
      i++;
      return !primary();
    }
    if (a === '(' && args.length - i > 2) {
      i++;
      const v = orExpr();
      if (args[i] !== ')') error ??= "')' expected";
      i++;
      return v;
    }
    const next = args[i + 1];
    if (next !== undefined && BINARY.has(next) && args[i + 2] !== undefined) {
      i += 3;
      return binary(a, next, args[i - 1] ?? '');
    }
    if (UNARY.has(a) && next !== undefined) {
      i += 2;
      return unary(a, next);
    }
    i++;
    return a !== '';
  };
  const andExpr = (): boolean => {
    let v = primary();
    while (args[i] === '-a') {
      i++;
      const r = primary();
      v = v && r;
    }
    return v;
  };
  const orExpr = (): boolean => {
    let v = andExpr();
    while (args[i] === '-o') {
      i++;
      const r = andExpr();
      v = v || r;
    }
    return v;
  };
  if (args.length === 0) return false;
  // POSIX: with 1-3 arguments the meaning is fixed by position, whatever the strings are.
  if (args.length === 1) return (args[0] ?? '') !== '';
  if (args.length === 2) {
    const [op = '', operand = ''] = args;
    if (op === '!') return operand === '';
    if (UNARY.has(op)) return unary(op, operand);
    return `${op}: unknown operand`;
  }
  if (args.length === 3 && BINARY.has(args[1] ?? '')) {
    const result = binary(args[0] ?? '', args[1] ?? '', args[2] ?? '');
    return error ?? result;
  }
  const value = orExpr();
  if (i < args.length) error ??= `${args[i] ?? ''}: unknown operand`;
  return error ?? value;
}
