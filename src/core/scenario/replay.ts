// Replays a scenario through the simulator and reports it in real.json's shape. Pure: the caller
// reads the scenario directory and passes the data in.

import { parseDockerfile } from '../dockerfile/parser.ts';
import type { Dockerfile } from '../dockerfile/ast.ts';
import { buildContext, type ContextFile } from '../build/context.ts';
import { chainResolvers, declaredImageResolver, type ImageResolver } from '../build/base-images.ts';
import { catalogImageResolver } from '../build/catalog-images.ts';
import { createBuildCache, simulateBuild, type BuildCache } from '../build/simulate.ts';
import type { BuildResult, BuilderKind } from '../build/types.ts';
import { normalizeImageRef } from '../graph/image-ref.ts';
import { decodeUtf8, encodeUtf8 } from '../fs/utf8.ts';
import { readRecorderModel, type RecorderModel } from './recorder-model.ts';
import type { ReportBuild, ReportStep, ScenarioReport, ScenarioSpec } from './types.ts';

export interface ScenarioInput {
  readonly name?: string;
  readonly spec: ScenarioSpec;
  /** The initial context: relative path → file (the Dockerfile included). */
  readonly files: ReadonlyMap<string, ContextFile>;
  /** Extra image knowledge (the size catalog), consulted after the scenario's own images. */
  readonly resolveImage?: ImageResolver;
}

export interface ReplayedBuild {
  readonly result: BuildResult;
  readonly report: ReportBuild;
}

/** Parses a Dockerfile for the simulator (raw nodes, typed instructions and stages). */
export function parseForSimulation(text: string): Dockerfile {
  return parseDockerfile(text);
}

/** Replays every build of a scenario, each builder with its own cache, and returns results and the report. */
export function replayScenario(input: ScenarioInput): { readonly builds: readonly ReplayedBuild[]; readonly report: ScenarioReport } {
  const files = new Map(input.files);
  const caches: Record<BuilderKind, BuildCache> = { legacy: createBuildCache(), buildkit: createBuildCache() };
  // Scenario images first, then the caller's, then the size catalog (never estimates: an
  // unknown image fails as it does on an engine without registry access).
  const resolve = chainResolvers(declaredImageResolver(input.spec.images ?? {}, normalizeImageRef), input.resolveImage, catalogImageResolver());
  const builds: ReplayedBuild[] = [];
  for (const b of input.spec.builds) {
    for (const [path, content] of Object.entries(b.edits ?? {})) {
      if (content === null) files.delete(path);
      else files.set(path, { content, mode: files.get(path)?.mode ?? 0o644 });
    }
    const dockerfilePath = b.dockerfile ?? 'Dockerfile';
    const dfFile = files.get(dockerfilePath);
    const text = dfFile === undefined ? '' : dockerfileText(dfFile);
    const df = parseForSimulation(text);
    const context = buildContext(files);
    const result = simulateBuild(
      {
        dockerfile: df,
        context,
        request: {
          builder: b.builder,
          ...(b.target !== undefined ? { target: b.target } : {}),
          ...(b.buildArgs ? { buildArgs: b.buildArgs } : {}),
          ...(b.noCache ? { noCache: true } : {}),
        },
        resolveImage: resolve,
      },
      caches[b.builder],
    );
    builds.push({ result, report: toReportBuild(result, readRecorderModel(text)) });
  }
  return { builds, report: { ...(input.name !== undefined ? { scenario: input.name } : {}), engine: 'stagecraft-simulator (Engine 20.10 model)', builds: builds.map((b) => b.report) } };
}

/**
 * The Dockerfile as the engine reads it: its bytes as UTF-8 (Go strings; the parser and the lexer
 * decode runes), a leading byte-order mark kept for the parser to drop as BuildKit's does. Other
 * context files stay bytes: COPY and the cache keys see them as they are.
 */
export function dockerfileText(file: ContextFile): string {
  return typeof file.content === 'string' ? file.content : decodeUtf8(file.content);
}

/** Turns a simulated build into real.json's shape, deriving steps and stages as shared/tools/record.mjs does. */
export function toReportBuild(result: BuildResult, model: RecorderModel): ReportBuild {
  const steps: ReportStep[] = [];
  const stages = new Set<number>();
  if (result.builder === 'legacy') {
    for (const s of result.steps) {
      if (s.onbuild || s.metaArg || s.number === 0) continue;
      const ins = model.instructions[s.number - 1];
      if (!ins) continue;
      if (ins.kw === 'FROM') {
        stages.add(ins.stage);
        continue;
      }
      if (ins.stage < 0) continue;
      // The legacy log has no failed marker: a failing step reads as run.
      const status = s.status === 'cached' ? 'cached' : 'run';
      steps.push({ line: ins.line, stage: ins.stage, instruction: ins.kw, status, reason: s.reason.message });
    }
  } else {
    const byVertex = new Map<string, ReportStep>();
    for (const s of result.steps) {
      const m = /^\[(?:([^\]]+?) )?(\d+)\/(\d+)\] (\S+)/.exec(s.display);
      if (!m) continue;
      const stageIdx = m[1] === undefined ? model.stages.length - 1 : model.resolveStage(m[1]);
      if (stageIdx >= 0) stages.add(stageIdx);
      const fsIns = model.instructions.filter((i) => i.stage === stageIdx && FS_KW.has(i.kw) && !(i.kw === 'FROM' && i.fromStage));
      const ins = fsIns[Number(m[2]) - 1];
      if (!ins || ins.kw === 'FROM') continue;
      byVertex.set(s.id, { line: ins.line, stage: stageIdx, instruction: ins.kw, status: s.status, reason: s.reason.message });
      // A merged vertex is shown under one stage's label, which varies between real runs: list every line it stands for.
      for (const line of s.mergedLines ?? []) {
        const other = model.instructions.find((x) => x.line === line);
        if (other) byVertex.set(`${s.id}@${line}`, { line, stage: other.stage, instruction: other.kw, status: s.status, reason: s.reason.message });
      }
    }
    steps.push(...[...byVertex.values()].sort((a, b) => a.line - b.line));
  }
  const image = result.image
    ? {
        sizeBytes: result.image.sizeBytes,
        layers: result.image.layers.length,
        history: result.image.history.length,
      }
    : null;
  return {
    builder: result.builder,
    target: result.request.target ?? null,
    outcome: result.outcome,
    error: result.error ? { kind: result.error.kind, message: result.error.message, explanation: result.error.explanation } : null,
    stagesBuilt: [...stages].sort((a, b) => a - b),
    steps,
    image,
  };
}

const FS_KW = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'WORKDIR']);

/** Encodes a context file given as text. */
export function textFile(content: string, mode = 0o644): ContextFile {
  return { content: encodeUtf8(content), mode };
}
