// `stagecraft build [-f Dockerfile] [--target T] [--builder legacy|buildkit] [--build-arg K=V]… [--no-cache] CONTEXT`:
// simulates one docker build and prints it in the builder's log format, then the image and where its files came from.

import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from '../main.ts';
import { readContextDir } from './replay.ts';
import { parseForSimulation } from '../../core/scenario/replay.ts';
import { buildContext } from '../../core/build/context.ts';
import { createBuildCache, simulateBuild } from '../../core/build/simulate.ts';
import { formatBytesLikeDocker } from '../../core/size/bytes.ts';
import type { BuildResult, BuilderKind } from '../../core/build/types.ts';
import type { ImageResolver } from '../../core/build/base-images.ts';
import { declaredImageResolver } from '../../core/build/base-images.ts';
import { normalizeImageRef } from '../../core/graph/image-ref.ts';
import { chainResolvers } from '../../core/build/base-images.ts';
import { catalogImageResolver } from '../../core/build/catalog-images.ts';
import { simulationToEvents } from '../../core/build/events.ts';
import { renderBuildLog } from '../../core/build/render/index.ts';
import { legacyContextTarBytes } from '../../core/build/render/format.ts';

interface Options {
  file?: string;
  target?: string;
  builder: BuilderKind;
  buildArgs: Record<string, string>;
  noCache: boolean;
  context?: string;
}

function parseArgs(args: readonly string[]): Options | string {
  const o: Options = { builder: 'buildkit', buildArgs: {}, noCache: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    const next = (): string | undefined => args[++i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    switch (flag) {
      case '-f': case '--file': { const v = inline ?? next(); if (v !== undefined) o.file = v; break; }
      case '--target': { const v = inline ?? next(); if (v !== undefined) o.target = v; break; }
      case '--builder': {
        const v = inline ?? next();
        if (v !== 'legacy' && v !== 'buildkit') return `unknown builder ${v ?? ''} (legacy or buildkit)`;
        o.builder = v;
        break;
      }
      case '--build-arg': {
        const v = inline ?? next() ?? '';
        const eq = v.indexOf('=');
        if (eq < 0) {
          const env = process.env[v];
          if (env !== undefined) o.buildArgs[v] = env;
        } else o.buildArgs[v.slice(0, eq)] = v.slice(eq + 1);
        break;
      }
      case '--no-cache': o.noCache = true; break;
      default:
        if (a.startsWith('-')) return `unknown option ${a}`;
        o.context = a;
    }
  }
  return o;
}

/** Prints a build result plainly (the log renderers take over when available). */
export function renderPlain(result: BuildResult): string {
  const lines: string[] = [];
  if (result.builder === 'legacy') {
    lines.push(`Sending build context to Docker daemon  ${formatBytesLikeDocker(result.contextBytes)}`);
    for (const s of result.steps) {
      if (s.onbuild) lines.push(`# Executing build trigger: ${s.text}`);
      else lines.push(s.display);
      if (s.metaArg) continue;
      if (s.instruction === 'FROM') { lines.push(` ---> ${s.imageId}`); continue; }
      if (s.status === 'cached') { lines.push(' ---> Using cache', ` ---> ${s.imageId}`); continue; }
      if (s.containerId) lines.push(` ---> Running in ${s.containerId}`);
      lines.push(...s.output);
      if (s.status === 'failed') break;
      if (s.containerId) lines.push(`Removing intermediate container ${s.containerId}`);
      lines.push(` ---> ${s.imageId}`);
    }
    if (result.error) lines.push(result.error.message);
    else if (result.image) lines.push(`Successfully built ${result.image.id}`);
  } else {
    let n = 0;
    for (const s of result.steps) {
      n++;
      lines.push(`#${n} ${s.display}`);
      for (const o of s.output) lines.push(`#${n} ${(s.durationMs / 1000).toFixed(3)} ${o}`);
      if (s.status === 'cached') lines.push(`#${n} CACHED`);
      else if (s.status === 'failed') lines.push(`#${n} ERROR: ${result.error?.message ?? ''}`);
      else lines.push(`#${n} DONE ${(s.durationMs / 1000).toFixed(1)}s`);
      lines.push('');
    }
    if (result.error) lines.push(`error: ${result.error.message}`);
  }
  return `${lines.join('\n')}\n`;
}

function renderImage(result: BuildResult): string {
  const img = result.image;
  if (!img) return '';
  const out: string[] = ['', `Image: ${formatBytesLikeDocker(img.sizeBytes)} (${img.sizeBytes} bytes), ${img.layers.length} layers${img.estimated ? ' (estimated)' : ''}`];
  for (const l of img.layers) {
    const src = l.source.kind === 'base' ? `base image ${l.source.image}` : `stage ${l.source.stage} line ${l.source.line} ${l.source.instruction}`;
    out.push(`  ${String(l.bytes).padStart(10)} B  ${src}`);
  }
  out.push('', 'Files and where they came from:');
  for (const f of img.files) {
    if (f.type === 'dir') continue;
    const src = f.origin.kind === 'base' ? `base ${f.origin.image}` : `stage ${f.origin.stage} line ${f.origin.line} ${f.origin.instruction}`;
    const via = f.copiedFrom ? (f.copiedFrom.kind === 'base' ? ` (copied from image ${f.copiedFrom.image})` : ` (made by stage ${f.copiedFrom.stage} line ${f.copiedFrom.line} ${f.copiedFrom.instruction})`) : '';
    out.push(`  ${f.path}  ${f.bytes} B  ← ${src}${via}`);
  }
  return `${out.join('\n')}\n`;
}

export const command: Command = {
  name: 'build',
  summary: 'simulate docker build',
  usage: 'Usage: stagecraft build [-f Dockerfile] [--target T] [--builder legacy|buildkit] [--build-arg K=V]... [--no-cache] CONTEXT',
  async run(args, io) {
    const o = parseArgs(args);
    if (typeof o === 'string' || o.context === undefined) {
      io.stderr(`${typeof o === 'string' ? `stagecraft build: ${o}\n` : ''}${this.usage}\n`);
      return 2;
    }
    const dfPath = o.file ?? path.join(o.context, 'Dockerfile');
    if (!existsSync(dfPath)) {
      io.stderr(`stagecraft build: ${dfPath} not found\n`);
      return 2;
    }
    const files = readContextDir(o.context);
    const df = parseForSimulation(readFileSync(dfPath, 'utf8'));
    const imagesFile = path.join(o.context, '..', 'scenario.json');
    let declared: ImageResolver = () => undefined;
    if (existsSync(imagesFile)) {
      const spec = JSON.parse(readFileSync(imagesFile, 'utf8')) as { images?: Record<string, never> };
      declared = declaredImageResolver(spec.images ?? {}, normalizeImageRef);
    }
    // Scenario images (when CONTEXT is a scenario's files/ directory), then the catalog, then estimates.
    const resolve = chainResolvers(declared, catalogImageResolver(), catalogImageResolver({ estimateUnknown: true }));
    const result = simulateBuild(
      {
        dockerfile: df,
        context: buildContext(files),
        request: { builder: o.builder, ...(o.target !== undefined ? { target: o.target } : {}), buildArgs: o.buildArgs, noCache: o.noCache },
        resolveImage: resolve,
      },
      createBuildCache(),
    );
    let log: string[] = [];
    try {
      const tarBytes = legacyContextTarBytes([...files].map(([p, f]) => [p, f.content.length] as const));
      log = renderBuildLog(simulationToEvents(result, { contextTarBytes: tarBytes, dockerfileTransferBytes: readFileSync(dfPath).length }));
    } catch {
      log = [];
    }
    io.stdout(log.length > 0 ? `${log.join('\n')}\n` : renderPlain(result));
    io.stdout(renderImage(result));
    return result.outcome === 'success' ? 0 : 1;
  },
};

export default command;
