// The instruction model shared/tools/record.mjs derives from a Dockerfile to turn a real log into
// steps (`readInstructions`). The report reproduces it, quirks included: BuildKit `[name k/n]`
// labels map to the first stage with that name, and k counts FROM(image)/RUN/COPY/ADD/WORKDIR.

export interface RecorderInstruction {
  readonly line: number;
  readonly kw: string;
  readonly text: string;
  readonly stage: number;
  readonly fromStage: boolean;
}

export interface RecorderModel {
  readonly instructions: readonly RecorderInstruction[];
  readonly stages: readonly { readonly index: number; readonly name: string | null; readonly line: number }[];
  /** Maps a progress label (`builder`, `stage-1`) to a stage index, or -1. */
  resolveStage(label: string): number;
}

/** Reads a Dockerfile the way the recorder does. */
export function readRecorderModel(text: string): RecorderModel {
  const lines = text.split('\n');
  const out: { line: number; kw: string; text: string; stage: number; fromStage: boolean }[] = [];
  let i = 0;
  while (i < lines.length) {
    const raw = lines[i] ?? '';
    const t = raw.trim();
    if (t === '' || t.startsWith('#')) {
      i++;
      continue;
    }
    const start = i + 1;
    let full = t;
    while (full.endsWith('\\') && i + 1 < lines.length) {
      i++;
      full = `${full.slice(0, -1)} ${(lines[i] ?? '').trim()}`;
    }
    const hd = [...full.matchAll(/<<-?["']?([A-Za-z_][A-Za-z0-9_]*)["']?/g)].map((m) => m[1] ?? '');
    for (const term of hd) {
      while (i + 1 < lines.length && (lines[i + 1] ?? '').trim() !== term) i++;
      i++;
    }
    i++;
    const kw = (full.split(/\s+/)[0] ?? '').toUpperCase();
    out.push({ line: start, kw, text: full, stage: -1, fromStage: false });
  }
  let stage = -1;
  const stages: { index: number; name: string | null; line: number }[] = [];
  for (const ins of out) {
    if (ins.kw === 'FROM') {
      stage++;
      const m = /\s+AS\s+(\S+)\s*$/i.exec(ins.text);
      const base = ins.text.split(/\s+/).filter((w) => !w.startsWith('--'))[1] ?? '';
      ins.fromStage = base.toLowerCase() === 'scratch' || stages.some((st) => st.name === base.toLowerCase());
      stages.push({ index: stage, name: m ? (m[1] ?? '').toLowerCase() : null, line: ins.line });
    }
    ins.stage = stage;
  }
  const resolveStage = (label: string): number => {
    const s = stages.find((st) => st.name === label.toLowerCase());
    if (s) return s.index;
    const m = /^stage-(\d+)$/.exec(label);
    return m ? Number(m[1]) : -1;
  };
  return { instructions: out, stages, resolveStage };
}
