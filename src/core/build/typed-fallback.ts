// A stopgap for the typed layer of the parser (BuildKit `instructions.Parse`): when a Dockerfile
// comes back with raw nodes but no typed instructions, build the instructions, stages and meta
// ARGs the simulator needs from the raw nodes. The parser's own typed layer replaces this as soon
// as it returns instructions.

import type {
  ArgDeclaration,
  CommandLine,
  Dockerfile,
  Flag,
  FromInstruction,
  Instruction,
  KeyValuePair,
  RawNode,
  RunMount,
  Stage,
} from '../dockerfile/ast.ts';
import type { Diagnostic } from '../diagnostics.ts';

const KNOWN = new Set(['from', 'run', 'cmd', 'label', 'maintainer', 'expose', 'env', 'add', 'copy', 'entrypoint', 'volume', 'user', 'workdir', 'arg', 'onbuild', 'stopsignal', 'healthcheck', 'shell']);

function parseFlags(node: RawNode): Flag[] {
  return node.flags.map((f) => {
    const body = f.replace(/^--/, '');
    const eq = body.indexOf('=');
    return eq < 0 ? { name: body, value: true, range: node.range } : { name: body.slice(0, eq), value: body.slice(eq + 1), range: node.range };
  });
}

function flagValue(flags: readonly Flag[], name: string): string | undefined {
  const f = flags.find((x) => x.name === name);
  return f === undefined ? undefined : typeof f.value === 'string' ? f.value : String(f.value);
}

function command(node: RawNode): CommandLine {
  return node.json ? { form: 'exec', args: node.args } : { form: 'shell', script: node.args[0] ?? '' };
}

function parseMount(spec: string, node: RawNode): RunMount {
  const fields = new Map<string, string>();
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) fields.set(part, 'true');
    else fields.set(part.slice(0, eq), part.slice(eq + 1));
  }
  const type = (fields.get('type') ?? 'bind') as RunMount['type'];
  const from = fields.get('from');
  const source = fields.get('source') ?? fields.get('src');
  const target = fields.get('target') ?? fields.get('dst') ?? fields.get('destination');
  const ro = fields.get('ro') ?? fields.get('readonly');
  const rw = fields.get('rw') ?? fields.get('readwrite');
  const id = fields.get('id');
  return {
    type,
    ...(from !== undefined ? { from } : {}),
    ...(source !== undefined ? { source } : {}),
    ...(target !== undefined ? { target } : {}),
    readOnly: rw !== undefined ? rw === 'false' : ro !== undefined ? ro !== 'false' : type === 'bind' || type === 'secret' || type === 'ssh',
    ...(id !== undefined ? { id } : {}),
    range: node.range,
  };
}

function pairs(node: RawNode): KeyValuePair[] {
  const out: KeyValuePair[] = [];
  for (let i = 0; i + 1 < node.args.length; i += 3) out.push({ key: node.args[i] ?? '', value: node.args[i + 1] ?? '', range: node.range });
  return out;
}

function toInstruction(node: RawNode, diagnostics: Diagnostic[]): Instruction {
  const kw = node.keyword.toLowerCase();
  const flags = parseFlags(node);
  const text = node.original.trim();
  const base = { keyword: node.keyword, keywordRange: node.keywordRange, range: node.range, startLine: node.startLine, endLine: node.endLine, text, flags, raw: node };
  switch (kw) {
    case 'from': {
      const args = node.args;
      const image = args[0] ?? '';
      const name = args.length === 3 && (args[1] ?? '').toLowerCase() === 'as' ? (args[2] ?? '').toLowerCase() : undefined;
      if (args.length !== 1 && args.length !== 3) {
        diagnostics.push({ code: 'FROM_ARGUMENT_COUNT', severity: 'error', message: 'FROM takes an image and optionally AS <name>.', engineMessage: 'FROM requires either one or three arguments', range: node.range });
      }
      const platform = flagValue(flags, 'platform');
      return {
        ...base,
        kind: 'from',
        image,
        imageRange: node.range,
        ...(platform !== undefined ? { platform } : {}),
        ...(name !== undefined ? { stageName: name, stageNameRange: node.range, asKeyword: args[1] ?? 'AS' } : {}),
      };
    }
    case 'run':
      return {
        ...base,
        kind: 'run',
        command: command(node),
        mounts: flags.filter((f) => f.name === 'mount' && typeof f.value === 'string').map((f) => parseMount(String(f.value), node)),
        heredocs: node.heredocs,
      };
    case 'copy':
    case 'add': {
      const args = node.args;
      const from = flagValue(flags, 'from');
      const chown = flagValue(flags, 'chown');
      const chmod = flagValue(flags, 'chmod');
      if (args.length < 2 && node.heredocs.length === 0) {
        diagnostics.push({ code: 'MISSING_ARGUMENTS', severity: 'error', message: `${node.keyword.toUpperCase()} needs a source and a destination.`, engineMessage: `${node.keyword.toUpperCase()} requires at least two arguments, but only one was provided. Destination could not be determined.`, range: node.range });
      }
      return {
        ...base,
        kind: kw,
        sources: args.slice(0, -1),
        sourceRanges: args.slice(0, -1).map(() => node.range),
        destination: args[args.length - 1] ?? '',
        destinationRange: node.range,
        json: node.json,
        heredocs: node.heredocs,
        ...(from !== undefined ? { from } : {}),
        ...(chown !== undefined ? { chown } : {}),
        ...(chmod !== undefined ? { chmod } : {}),
        link: flags.some((f) => f.name === 'link'),
        parents: false,
        exclude: [],
      };
    }
    case 'arg': {
      const args: ArgDeclaration[] = node.args.map((a) => {
        const eq = a.indexOf('=');
        return eq < 0 ? { name: a, range: node.range } : { name: a.slice(0, eq), value: a.slice(eq + 1), range: node.range };
      });
      return { ...base, kind: 'arg', args };
    }
    case 'env':
    case 'label':
      return { ...base, kind: kw, pairs: pairs(node), legacyForm: node.args[2] === '' };
    case 'workdir':
    case 'user':
    case 'stopsignal':
    case 'maintainer':
      return { ...base, kind: kw, value: node.args.join(' '), valueRange: node.range };
    case 'expose':
      return { ...base, kind: 'expose', ports: node.args };
    case 'volume':
      return { ...base, kind: 'volume', paths: node.args, json: node.json };
    case 'cmd':
    case 'entrypoint':
      return { ...base, kind: kw, command: command(node) };
    case 'shell':
      return { ...base, kind: 'shell', shell: node.args };
    case 'healthcheck': {
      const type = (node.args[0] ?? '').toUpperCase();
      if (type === 'NONE') return { ...base, kind: 'healthcheck', check: { type: 'none' } };
      const rest = node.args.slice(1);
      return { ...base, kind: 'healthcheck', check: { type: 'cmd', command: node.json ? { form: 'exec', args: rest } : { form: 'shell', script: rest.join(' ') }, options: {} } };
    }
    case 'onbuild': {
      const child = node.child;
      const trigger = child ? toInstruction(child, diagnostics) : undefined;
      const expression = text.replace(/^\S+\s+/, '');
      return { ...base, kind: 'onbuild', expression, ...(trigger ? { trigger } : {}) };
    }
    default:
      return { ...base, kind: 'unknown' };
  }
}

/** Returns the Dockerfile with typed instructions and stages, building them from raw nodes if the parser left them out. */
export function ensureTypedDockerfile(df: Dockerfile): Dockerfile {
  if (df.instructions.length > 0 || df.nodes.length === 0) return df;
  const diagnostics: Diagnostic[] = [...df.diagnostics];
  const instructions: Instruction[] = [];
  const metaArgs: Extract<Instruction, { kind: 'arg' }>[] = [];
  const stages: Stage[] = [];
  let current: { from: FromInstruction; instructions: Instruction[]; index: number } | undefined;
  const close = (): void => {
    if (!current) return;
    const last = current.instructions[current.instructions.length - 1] ?? current.from;
    stages.push({
      index: current.index,
      ...(current.from.stageName !== undefined ? { name: current.from.stageName } : {}),
      from: current.from,
      instructions: current.instructions,
      range: [current.from.range[0], last.range[1]],
    });
  };
  for (const node of df.nodes) {
    const kw = node.keyword.toLowerCase();
    if (!KNOWN.has(kw)) {
      diagnostics.push({
        code: 'UNKNOWN_INSTRUCTION',
        severity: 'error',
        message: `${node.keyword} is not a Dockerfile instruction.`,
        engineMessage: `unknown instruction: ${node.keyword.toUpperCase()}`,
        range: node.keywordRange,
      });
    }
    const ins = toInstruction(node, diagnostics);
    instructions.push(ins);
    if (ins.kind === 'from') {
      close();
      current = { from: ins, instructions: [], index: stages.length };
      continue;
    }
    if (!current) {
      if (ins.kind === 'arg') metaArgs.push(ins);
      else diagnostics.push({ code: 'INSTRUCTION_BEFORE_FROM', severity: 'error', message: 'Only ARG may come before the first FROM.', engineMessage: 'no build stage in current context', range: node.range });
      continue;
    }
    current.instructions.push(ins);
  }
  close();
  diagnostics.sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  return { ...df, instructions, metaArgs, stages, diagnostics };
}
