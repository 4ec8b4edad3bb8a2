// The replay report of a real build, derived from the engine's log with exactly the rules of
// shared/tools/record.mjs (which recorded every real.json): so `replay --real` and a recording of
// the same engine agree by construction, and both can be held against the simulator.
// - legacy: `Step N/M : …` is instruction N of the file; ` ---> Using cache` marks it cached;
//   a failing step still reads as run (the legacy log has no failed marker);
// - BuildKit plain: `#N [label k/n] KW` is the k-th FROM(image)/RUN/COPY/ADD/WORKDIR of the stage
//   the label names; `#N CACHED` / `#N ERROR` mark it;
// - stagesBuilt: the stages of the legacy FROM steps, or of the BuildKit `[label k/n]` vertices;
// - error kind: the first matching rule over the log's error lines.

import type { BuildErrorKind, BuilderKind } from '../core/build/types.ts';
import type { RecorderModel } from '../core/scenario/recorder-model.ts';
import type { ReportBuild, ReportStep } from '../core/scenario/types.ts';

const FS_KW = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'WORKDIR']);

/** record.mjs `classifyError`: the kind of a failed build from its error lines. */
export function classifyError(text: string): BuildErrorKind {
  const t = text.toLowerCase();
  if (/target stage .* could not be found|failed to reach build target/.test(t)) return 'unknown-target';
  if (/requires buildkit|option requires buildkit|is only supported by buildkit/.test(t)) return 'requires-buildkit';
  if (/unknown instruction|dockerfile parse error|unknown flag|syntax error|failed to parse/.test(t)) return 'parse';
  if (/when using copy with more than one source file, the destination must be a directory/.test(t)) return 'copy-dest-not-dir';
  if (/circular/.test(t)) return 'circular-dependency';
  if (/stage name already used|duplicate stage name/.test(t)) return 'duplicate-stage-name';
  if (/invalid from flag value/.test(t)) return 'image-not-found';
  if (/not found: not found|file does not exist|no source files were specified|no such file or directory/.test(t) && /copy|checksum|cache key|stat/.test(t)) {
    return 'copy-source-missing';
  }
  if (/pull access denied|repository does not exist|not found/.test(t) && /pull|resolve|image|manifest|docker\.io/.test(t)) return 'image-not-found';
  if (/returned a non-zero code|did not complete successfully|exit code/.test(t)) return 'run-failed';
  return 'other';
}

/** record.mjs: the error lines of a failed build's log, and the kind and message made of them. */
export function errorOfLog(outText: string): { kind: BuildErrorKind; message: string } {
  let errLines = outText.split('\n').filter((l) => /error|failed|requires|unknown|not found|could not|already used|invalid/i.test(l) && !/^#\d+ \[/.test(l));
  if (errLines.length === 0) errLines = outText.trim().split('\n').slice(-1);
  return { kind: classifyError(errLines.join('\n') || outText), message: errLines.slice(-3).join(' | ').slice(0, 600) };
}

/** The instruction a legacy `Step N/M` line stands for, or undefined (e.g. the `--label` step the CLI appends). */
export function legacyInstruction(model: RecorderModel, n: number): RecorderModel['instructions'][number] | undefined {
  return model.instructions[n - 1];
}

/** The stage a BuildKit `[label k/n]` vertex belongs to (no label: the file's only, last stage). */
function buildkitStage(model: RecorderModel, label: string | undefined): number {
  return label === undefined ? model.stages.length - 1 : model.resolveStage(label);
}

/** The instruction a BuildKit `[label k/n]` vertex stands for, with its stage index. */
export function buildkitInstruction(model: RecorderModel, label: string | undefined, k: number): { stage: number; ins: RecorderModel['instructions'][number] | undefined } {
  const stage = buildkitStage(model, label);
  const fsIns = model.instructions.filter((i) => i.stage === stage && FS_KW.has(i.kw) && !(i.kw === 'FROM' && i.fromStage));
  return { stage, ins: fsIns[k - 1] };
}

/** A BuildKit plain-progress vertex header: `#5 [builder 2/6] RUN …` → label, k, n. */
export const BUILDKIT_VERTEX = /^#(\d+) \[(?:([^\]]+?) )?(\d+)\/(\d+)\] (\S+)/;

function legacySteps(out: string, model: RecorderModel): ReportStep[] {
  const steps: { line: number; stage: number; instruction: string; status: 'base' | 'run' | 'cached' }[] = [];
  let cur: (typeof steps)[number] | null = null;
  for (const l of out.split('\n')) {
    const m = /^Step (\d+)\/(\d+) : /.exec(l);
    if (m) {
      const ins = legacyInstruction(model, Number(m[1]));
      // record.mjs would stop on the CLI's appended `LABEL` step; it has no line of its own.
      if (ins === undefined) {
        cur = null;
        continue;
      }
      cur = { line: ins.line, stage: ins.stage, instruction: ins.kw, status: ins.kw === 'FROM' ? 'base' : 'run' };
      steps.push(cur);
      continue;
    }
    if (cur && /^ ---> Using cache/.test(l)) cur.status = 'cached';
  }
  return steps.flatMap((s) => (s.status !== 'base' && s.stage >= 0 ? [{ line: s.line, stage: s.stage, instruction: s.instruction, status: s.status }] : []));
}

function buildkitSteps(out: string, model: RecorderModel): ReportStep[] {
  const vertices = new Map<string, ReportStep & { status: 'run' | 'cached' | 'failed' }>();
  for (const l of out.split('\n')) {
    const m = BUILDKIT_VERTEX.exec(l);
    if (m) {
      const { stage, ins } = buildkitInstruction(model, m[2], Number(m[3]));
      if (ins) vertices.set(m[1] ?? '', { line: ins.line, stage, instruction: ins.kw, status: 'run' });
      continue;
    }
    const cached = /^#(\d+) CACHED/.exec(l);
    const cachedVertex = cached ? vertices.get(cached[1] ?? '') : undefined;
    if (cachedVertex) cachedVertex.status = 'cached';
    const error = /^#(\d+) ERROR/.exec(l);
    const errorVertex = error ? vertices.get(error[1] ?? '') : undefined;
    if (errorVertex) errorVertex.status = 'failed';
  }
  return [...vertices.values()].filter((s) => s.instruction !== 'FROM').sort((a, b) => a.line - b.line);
}

function stagesBuilt(builder: BuilderKind, model: RecorderModel, out: string): number[] {
  const set = new Set<number>();
  for (const l of out.split('\n')) {
    if (builder === 'buildkit') {
      const m = /^#\d+ \[(?:([^\]]+?) )?\d+\/\d+\] /.exec(l);
      if (m) set.add(buildkitStage(model, m[1]));
    } else {
      const m = /^Step (\d+)\/\d+ : FROM/.exec(l);
      const ins = m ? legacyInstruction(model, Number(m[1])) : undefined;
      if (ins) set.add(ins.stage);
    }
  }
  return [...set].filter((x) => x >= 0).sort((a, b) => a - b);
}

export interface ReportInput {
  readonly builder: BuilderKind;
  readonly target: string | null;
  readonly model: RecorderModel;
  /** record.mjs reads stdout followed by stderr (not interleaved). */
  readonly stdout: string;
  readonly stderr: string;
  readonly ok: boolean;
  readonly image: { readonly sizeBytes: number; readonly layers: number; readonly history: number } | null;
}

/** The report of one real build (real.json's shape), as record.mjs would have written it. */
export function reportFromLog(input: ReportInput): ReportBuild {
  const outText = input.stdout + input.stderr;
  const steps = input.builder === 'buildkit' ? buildkitSteps(outText, input.model) : legacySteps(outText, input.model);
  return {
    builder: input.builder,
    target: input.target,
    outcome: input.ok ? 'success' : 'error',
    error: input.ok ? null : errorOfLog(outText),
    stagesBuilt: stagesBuilt(input.builder, input.model, outText),
    steps,
    image: input.ok ? input.image : null,
    log: outText.split('\n').slice(-60).join('\n'),
  };
}
