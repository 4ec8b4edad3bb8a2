// A deliberately small busybox-like shell, used when no shell model is plugged in: `&&`, `||`,
// `;`, `if/then/else/fi`, `!`, redirections `>`/`>>`, and the applets the recorded scenarios use
// (echo printf dd mkdir rm cat cp mv touch test [ true false exit cd sleep). Anything else counts
// as success and marks the step as an estimate.

import type { RunExecutor, RunInvocation, RunOutcome } from './run-executor.ts';
import type { WorkingFs } from '../fs/layered-fs.ts';
import { concatFiles, makeFile, makeSyntheticFile, type Entry, type FileEntry } from '../fs/entry.ts';
import { baseName, joinPath, normalizePath, parentPath } from '../fs/path.ts';

interface Shell {
  fs: WorkingFs;
  cwd: string;
  env: Map<string, string>;
  out: string[];
  estimated: boolean;
  exited?: number;
  duration: number;
}

type Token = { kind: 'word'; value: string; quoted: boolean } | { kind: 'op'; value: string };

function tokenize(script: string, env: ReadonlyMap<string, string>): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let cur = '';
  let has = false;
  let quoted = false;
  const push = (): void => {
    if (has) tokens.push({ kind: 'word', value: cur, quoted });
    cur = '';
    has = false;
    quoted = false;
  };
  const readVar = (): string => {
    if (script[i] === '{') {
      const end = script.indexOf('}', i);
      const name = script.slice(i + 1, end < 0 ? script.length : end);
      i = end < 0 ? script.length : end + 1;
      const m = /^(\w+)(?::?-(.*))?$/.exec(name);
      if (!m) return '';
      const v = env.get(m[1] ?? '');
      return v === undefined || v === '' ? (m[2] ?? v ?? '') : v;
    }
    const m = /^(\w+|[?$#@*!-])/.exec(script.slice(i));
    if (!m) return '$';
    i += m[0].length;
    return env.get(m[0]) ?? '';
  };
  while (i < script.length) {
    const c = script[i] ?? '';
    if (c === '\\' && i + 1 < script.length) {
      if (script[i + 1] === '\n') {
        i += 2;
        continue;
      }
      cur += script[i + 1];
      has = true;
      i += 2;
      continue;
    }
    if (c === "'") {
      const end = script.indexOf("'", i + 1);
      cur += script.slice(i + 1, end < 0 ? script.length : end);
      has = true;
      quoted = true;
      i = end < 0 ? script.length : end + 1;
      continue;
    }
    if (c === '"') {
      i++;
      has = true;
      quoted = true;
      while (i < script.length && script[i] !== '"') {
        if (script[i] === '\\' && /["\\$`]/.test(script[i + 1] ?? '')) {
          cur += script[i + 1];
          i += 2;
        } else if (script[i] === '$') {
          i++;
          cur += readVar();
        } else {
          cur += script[i];
          i++;
        }
      }
      i++;
      continue;
    }
    if (c === '$') {
      i++;
      cur += readVar();
      has = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n') {
      push();
      if (c === '\n') tokens.push({ kind: 'op', value: ';' });
      i++;
      continue;
    }
    const two = script.slice(i, i + 2);
    if (two === '&&' || two === '||' || two === '>>' || two === '2>' || two === ';;') {
      push();
      if (two === '2>') {
        // 2>/dev/null, 2>&1: dropped.
        i += 2;
        while (i < script.length && script[i] === ' ') i++;
        while (i < script.length && !/[\s;&|]/.test(script[i] ?? '')) i++;
        continue;
      }
      tokens.push({ kind: 'op', value: two });
      i += 2;
      continue;
    }
    if (c === ';' || c === '>' || c === '|' || c === '&' || c === '<') {
      push();
      tokens.push({ kind: 'op', value: c });
      i++;
      continue;
    }
    cur += c;
    has = true;
    i++;
  }
  push();
  return tokens;
}

interface Command {
  argv: string[];
  redirect?: { path: string; append: boolean };
  negate: boolean;
}

type Node =
  | { kind: 'cmd'; cmd: Command }
  | { kind: 'and' | 'or'; left: Node; right: Node }
  | { kind: 'seq'; items: Node[] }
  | { kind: 'if'; cond: Node; then: Node; else?: Node };

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}
  private peek(): Token | undefined {
    return this.tokens[this.i];
  }
  private isWord(value: string): boolean {
    const t = this.peek();
    return t?.kind === 'word' && !t.quoted && t.value === value;
  }
  parseSeq(stop: readonly string[]): Node {
    const items: Node[] = [];
    for (;;) {
      while (this.peek()?.kind === 'op' && this.peek()?.value === ';') this.i++;
      const t = this.peek();
      if (!t || (t.kind === 'word' && !t.quoted && stop.includes(t.value))) break;
      const before = this.i;
      items.push(this.parseAndOr(stop));
      // Never loop on a token no rule consumes (`(`, `&`, a stray `fi`): skip it.
      if (this.i === before) this.i++;
    }
    return { kind: 'seq', items };
  }
  private parseAndOr(stop: readonly string[]): Node {
    let left = this.parsePipeline(stop);
    for (;;) {
      const t = this.peek();
      if (t?.kind === 'op' && (t.value === '&&' || t.value === '||')) {
        this.i++;
        while (this.peek()?.kind === 'op' && this.peek()?.value === ';') this.i++;
        const right = this.parsePipeline(stop);
        left = { kind: t.value === '&&' ? 'and' : 'or', left, right };
      } else return left;
    }
  }
  private parsePipeline(stop: readonly string[]): Node {
    let node = this.parseCommand(stop);
    while (this.peek()?.kind === 'op' && this.peek()?.value === '|') {
      this.i++;
      node = this.parseCommand(stop); // a pipeline's status is its last command's
    }
    return node;
  }
  private parseCommand(stop: readonly string[]): Node {
    if (this.isWord('if')) {
      this.i++;
      const cond = this.parseSeq(['then']);
      if (this.isWord('then')) this.i++;
      const then = this.parseSeq(['else', 'fi', 'elif']);
      let elseNode: Node | undefined;
      if (this.isWord('else')) {
        this.i++;
        elseNode = this.parseSeq(['fi']);
      }
      if (this.isWord('fi')) this.i++;
      return elseNode ? { kind: 'if', cond, then, else: elseNode } : { kind: 'if', cond, then };
    }
    const cmd: Command = { argv: [], negate: false };
    if (this.isWord('!')) {
      cmd.negate = true;
      this.i++;
    }
    for (;;) {
      const t = this.peek();
      if (!t) break;
      if (t.kind === 'op') {
        if (t.value === '>' || t.value === '>>') {
          this.i++;
          const target = this.peek();
          if (target?.kind === 'word') {
            cmd.redirect = { path: target.value, append: t.value === '>>' };
            this.i++;
          }
          continue;
        }
        if (t.value === '<') {
          this.i += 2;
          continue;
        }
        break;
      }
      if (!t.quoted && stop.includes(t.value) && cmd.argv.length === 0) break;
      cmd.argv.push(t.value);
      this.i++;
    }
    return { kind: 'cmd', cmd };
  }
}

function abs(sh: Shell, p: string): string {
  return normalizePath(p, sh.cwd);
}

function write(sh: Shell, path: string, file: FileEntry, append: boolean): number {
  if (path === '/dev/null') return 0;
  const p = abs(sh, path);
  const existing = sh.fs.stat(p);
  if (existing?.type === 'dir') return 1;
  if (sh.fs.stat(parentPath(p))?.type !== 'dir') return 1;
  const next = append && existing?.type === 'file' ? concatFiles([existing, file], { mode: existing.mode }) : file;
  sh.fs.writeFile(p, next);
  return 0;
}

function testExpr(sh: Shell, args: string[]): boolean {
  if (args[0] === '!') return !testExpr(sh, args.slice(1));
  if (args.length === 0) return false;
  if (args.length === 1) return (args[0] ?? '') !== '';
  const [a = '', b = '', c = ''] = args;
  if (args.length === 2) {
    const e = sh.fs.stat(abs(sh, b));
    switch (a) {
      case '-e': return e !== undefined;
      case '-f': return e?.type === 'file';
      case '-d': return e?.type === 'dir';
      case '-x': return e !== undefined && (e.mode & 0o111) !== 0;
      case '-s': return e?.type === 'file' && e.size > 0;
      case '-z': return b === '';
      case '-n': return b !== '';
      case '-L': case '-h': return sh.fs.lstat(abs(sh, b))?.type === 'symlink';
      default: return false;
    }
  }
  if (b === '=' || b === '==') return a === c;
  if (b === '!=') return a !== c;
  if (b === '-eq') return Number(a) === Number(c);
  if (b === '-ne') return Number(a) !== Number(c);
  if (b === '-gt') return Number(a) > Number(c);
  if (b === '-lt') return Number(a) < Number(c);
  return false;
}

function exec(sh: Shell, cmd: Command): number {
  const [name = '', ...args] = cmd.argv;
  let status = 0;
  let output: FileEntry | undefined;
  const print = (text: string): void => {
    if (cmd.redirect) output = output ? concatFiles([output, makeFile(text)]) : makeFile(text);
    else for (const l of text.replace(/\n$/, '').split('\n')) sh.out.push(l);
  };
  switch (name) {
    case '': break;
    case 'echo': {
      let a = args;
      let nl = true;
      if (a[0] === '-n') {
        nl = false;
        a = a.slice(1);
      }
      print(a.join(' ') + (nl ? '\n' : ''));
      break;
    }
    case 'printf': {
      const fmt = (args[0] ?? '').replace(/\\n/g, '\n').replace(/\\t/g, '\t');
      let k = 1;
      print(fmt.replace(/%[sd]/g, () => args[k++] ?? ''));
      break;
    }
    case 'true': case ':': case 'sleep': case 'sync': break;
    case 'false': status = 1; break;
    case 'exit': sh.exited = Number(args[0] ?? '0') || 0; return sh.exited;
    case 'cd': {
      const p = abs(sh, args[0] ?? '/');
      if (sh.fs.stat(p)?.type === 'dir') sh.cwd = p;
      else status = 2;
      break;
    }
    case 'test': status = testExpr(sh, args) ? 0 : 1; break;
    case '[': status = testExpr(sh, args.slice(0, args[args.length - 1] === ']' ? -1 : undefined)) ? 0 : 1; break;
    case 'mkdir': {
      const parents = args.includes('-p');
      for (const a of args.filter((x) => !x.startsWith('-'))) {
        const r = sh.fs.mkdir(abs(sh, a), { parents });
        if (!r.ok && !(parents && sh.fs.stat(abs(sh, a))?.type === 'dir')) status = 1;
      }
      break;
    }
    case 'rm': {
      const flags = args.filter((x) => x.startsWith('-')).join('');
      const recursive = /[rR]/.test(flags);
      const force = flags.includes('f');
      for (const a of args.filter((x) => !x.startsWith('-'))) {
        const r = sh.fs.remove(abs(sh, a), { recursive });
        if (!r.ok && !force) status = 1;
      }
      break;
    }
    case 'touch': {
      for (const a of args.filter((x) => !x.startsWith('-'))) if (!sh.fs.exists(abs(sh, a))) status |= write(sh, a, makeFile(''), false);
      break;
    }
    case 'cat': {
      const parts: FileEntry[] = [];
      for (const a of args.filter((x) => x !== '-')) {
        const r = sh.fs.readFile(abs(sh, a));
        if (r.ok) parts.push(r.value);
        else status = 1;
      }
      const joined = parts.length > 0 ? concatFiles(parts) : makeFile('');
      if (cmd.redirect) output = joined;
      else if (joined.body.kind === 'bytes') print(String.fromCharCode(...joined.body.data.slice(0, 4096)));
      break;
    }
    case 'dd': {
      const opts = new Map(args.map((a) => [a.split('=')[0] ?? '', a.split('=').slice(1).join('=')]));
      const bs = parseSize(opts.get('bs') ?? '512');
      const count = Number(opts.get('count') ?? '0');
      const of = opts.get('of');
      const src = opts.get('if') ?? '/dev/zero';
      const size = bs * count;
      const file = makeSyntheticFile(size, src === '/dev/zero' ? 'zero' : `dd:${src}`);
      if (of) status = write(sh, of, file, false);
      sh.out.push(`${count}+0 records in`, `${count}+0 records out`);
      break;
    }
    case 'cp': {
      const recursive = args.some((x) => /^-[a-zA-Z]*[rRa]/.test(x));
      const paths = args.filter((x) => !x.startsWith('-'));
      const dest = paths.pop();
      if (dest === undefined) return 1;
      for (const p of paths) status |= copyPath(sh, abs(sh, p), abs(sh, dest), recursive, false);
      break;
    }
    case 'mv': {
      const paths = args.filter((x) => !x.startsWith('-'));
      const dest = paths.pop();
      if (dest === undefined) return 1;
      for (const p of paths) status |= copyPath(sh, abs(sh, p), abs(sh, dest), true, true);
      break;
    }
    case 'chmod': {
      const [mode = '', ...files] = args.filter((x) => !x.startsWith('-') || /^-?[0-7]+$/.test(x) === false);
      for (const f of files) {
        const e = sh.fs.stat(abs(sh, f));
        if (!e) {
          status = 1;
          continue;
        }
        const m = /^[0-7]+$/.test(mode) ? parseInt(mode, 8) : mode.includes('+x') ? e.mode | 0o111 : mode.includes('-x') ? e.mode & ~0o111 : e.mode;
        sh.fs.changeMeta(abs(sh, f), { mode: m });
      }
      break;
    }
    case 'ls': case 'env': case 'id': case 'whoami': case 'pwd': case 'wc': case 'head': break;
    default:
      sh.estimated = true;
  }
  if (cmd.redirect && status === 0) status = write(sh, cmd.redirect.path, output ?? makeFile(''), cmd.redirect.append);
  else if (cmd.redirect && !sh.fs.exists(abs(sh, cmd.redirect.path))) write(sh, cmd.redirect.path, makeFile(''), false);
  return cmd.negate ? (status === 0 ? 1 : 0) : status;
}

function copyPath(sh: Shell, from: string, to: string, recursive: boolean, move: boolean): number {
  const src = sh.fs.lstat(from);
  if (!src) return 1;
  const destEntry = sh.fs.stat(to);
  const target = destEntry?.type === 'dir' ? joinPath(to, baseName(from)) : to;
  if (src.type === 'dir' && !recursive) return 1;
  if (sh.fs.stat(parentPath(target))?.type !== 'dir') return 1;
  const entries: [string, Entry][] = [[target, src]];
  if (src.type === 'dir') for (const [rel, , e] of sh.fs.walk(from)) entries.push([joinPath(target, rel), e]);
  for (const [p, e] of entries) sh.fs.setEntry(p, e);
  if (move) sh.fs.remove(from, { recursive: true });
  return 0;
}

function parseSize(s: string): number {
  const m = /^(\d+)([kKmMgG]?)$/.exec(s);
  if (!m) return 512;
  const n = Number(m[1]);
  const u = (m[2] ?? '').toLowerCase();
  return u === 'k' ? n * 1024 : u === 'm' ? n * 1024 * 1024 : u === 'g' ? n * 1024 ** 3 : n;
}

function run(sh: Shell, node: Node): number {
  if (sh.exited !== undefined) return sh.exited;
  switch (node.kind) {
    case 'cmd': return exec(sh, node.cmd);
    case 'and': {
      const l = run(sh, node.left);
      return l === 0 && sh.exited === undefined ? run(sh, node.right) : l;
    }
    case 'or': {
      const l = run(sh, node.left);
      return l !== 0 && sh.exited === undefined ? run(sh, node.right) : l;
    }
    case 'seq': {
      let s = 0;
      for (const item of node.items) {
        s = run(sh, item);
        if (sh.exited !== undefined) return sh.exited;
      }
      return s;
    }
    case 'if': {
      const c = run(sh, node.cond);
      if (c === 0) return run(sh, node.then);
      return node.else ? run(sh, node.else) : 0;
    }
  }
}

/** Runs a RUN script with the small built-in shell. */
export const runFallbackShell: RunExecutor = (inv: RunInvocation): RunOutcome => {
  const env = new Map(inv.env);
  const sh: Shell = { fs: inv.fs, cwd: inv.cwd || '/', env, out: [], estimated: false, duration: 200 };
  if (sh.fs.stat(sh.cwd)?.type !== 'dir') sh.fs.mkdir(sh.cwd, { parents: true });
  const isShell = inv.argv.length >= 2 && /(^|\/)(ba|da|a)?sh$/.test(inv.argv[0] ?? '') && inv.argv.includes('-c');
  const script = isShell ? inv.argv[inv.argv.length - 1] ?? '' : inv.argv.map((a) => (/\s/.test(a) ? `'${a}'` : a)).join(' ');
  let status: number;
  try {
    const tree = new Parser(tokenize(script, env)).parseSeq([]);
    status = run(sh, tree);
  } catch {
    sh.estimated = true;
    status = 0;
  }
  if (/sleep\s+(\d+)/.test(script)) sh.duration += 1000 * Number(/sleep\s+(\d+)/.exec(script)?.[1] ?? '0');
  return { exitCode: sh.exited ?? status, output: sh.out, estimated: sh.estimated, durationMs: sh.duration };
};
