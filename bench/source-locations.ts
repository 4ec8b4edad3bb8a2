// Maps positions in a profiled script back to the original TypeScript through its source map
// (an external `.map` beside it, or an inline one). Used by the profile tools in this folder.

import { existsSync, readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface Script {
  lines: string[];
  map?: SourceMap;
}

const scripts = new Map<string, Script | undefined>();

function loadScript(url: string): Script | undefined {
  if (scripts.has(url)) return scripts.get(url);
  let script: Script | undefined;
  try {
    const file = url.startsWith('file://') ? fileURLToPath(url) : url;
    if (path.isAbsolute(file) && existsSync(file)) {
      const text = readFileSync(file, 'utf8');
      script = { lines: text.split('\n') };
      const inline = /\/\/# sourceMappingURL=data:application\/json;(?:charset=utf-8;)?base64,([A-Za-z0-9+/=]+)\s*$/.exec(text);
      const external = /\/\/# sourceMappingURL=(\S+\.map)\s*$/.exec(text);
      let payload: SourceMapPayload | undefined;
      if (inline?.[1]) payload = JSON.parse(Buffer.from(inline[1], 'base64').toString('utf8')) as SourceMapPayload;
      else if (external?.[1] && existsSync(path.resolve(path.dirname(file), external[1]))) {
        payload = JSON.parse(readFileSync(path.resolve(path.dirname(file), external[1]), 'utf8')) as SourceMapPayload;
      }
      if (payload) {
        const base = path.dirname(file);
        payload = { ...payload, sources: payload.sources.map((source) => path.resolve(base, source)) };
        script.map = new SourceMap(payload);
      }
    }
  } catch {
    script = undefined;
  }
  scripts.set(url, script);
  return script;
}

function displayPath(file: string): string {
  const clean = file.replace(/^file:\/\//, '');
  return path.isAbsolute(clean) ? path.relative(process.cwd(), clean) : clean;
}

/** `file:line` (1-based) in the original source when a source map knows it. */
export function locate(url: string, line0: number, column0: number): string {
  if (!url) return '';
  const map = loadScript(url)?.map;
  if (map) {
    const entry = map.findEntry(line0, column0) as { originalSource?: string; originalLine?: number };
    if (entry.originalSource !== undefined && entry.originalLine !== undefined) {
      return `${displayPath(entry.originalSource)}:${entry.originalLine + 1}`;
    }
  }
  return `${displayPath(url)}:${line0 + 1}`;
}

/** The text of a generated line (0-based), for finding where its code starts. */
export function scriptLine(url: string, line0: number): string {
  return loadScript(url)?.lines[line0] ?? '';
}
