#!/usr/bin/env node
// `npm run size`: how much JavaScript each built page loads before the learner does anything.
//
// For every HTML file in dist/ it collects the scripts the browser fetches on load:
//   - <script src> and inline <script> bodies,
//   - <link rel="modulepreload">,
//   - Astro islands' component-url and renderer-url (every island counts, whatever its client:
//     directive: on a lesson page the playground is on screen at load),
// then follows their static imports (`import … from "./x.js"`, `import "./x.js"`,
// `export … from "./x.js"`) transitively. Chunks reached only through dynamic `import()` (Monaco,
// xterm, the simulator worker) are not counted: they load when the playground asks for them.
// Sizes are gzip (level 9, as a static host would serve them). It prints a table and exits 1 when a
// lesson page (/lessons/<slug>/) loads more than the budget (200 kB = 200,000 bytes gzipped).
//
// It also exits 1 when a lesson page's scripts contain the simulator engine, which belongs in the
// Web Worker (a re-export once pulled it onto the main thread: +42 kB gzipped).
//
// Usage: node scripts/measure-size.mjs [--dist dist] [--budget-kb 200] [--json]

import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const dist = path.resolve(option('--dist', 'dist'));
const budgetBytes = Number(option('--budget-kb', '200')) * 1000;
const asJson = args.includes('--json');
/** Text only the shell model (src/core/shell/commands.ts) contains: where it is, the engine is. */
const ENGINE_MARKER = "the build host's kernel details are not modelled";

if (!existsSync(dist)) {
  console.error(`measure-size: ${dist} does not exist; run \`npm run build\` first.`);
  process.exit(2);
}

/** Lists the files under dist/ whose names end with `extension`, as paths relative to it. */
function distFiles(extension, dir = dist, out = []) {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) distFiles(extension, file, out);
    else if (name.endsWith(extension)) out.push(path.relative(dist, file));
  }
  return out.sort();
}

/** Turns dist/lessons/x/index.html into /lessons/x/. */
function routeOf(htmlPath) {
  const route = '/' + htmlPath.split(path.sep).join('/').replace(/index\.html$/, '').replace(/\.html$/, '');
  return route;
}

const gzipCache = new Map();
function gzipBytes(text) {
  const hit = gzipCache.get(text);
  if (hit !== undefined) return hit;
  const n = gzipSync(Buffer.from(text), { level: 9 }).length;
  gzipCache.set(text, n);
  return n;
}

const attr = (tag, name) => new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag)?.slice(1).find((v) => v !== undefined);

/** Reads the page's initial script URLs and inline script bodies. */
function pageScripts(html) {
  const urls = new Set();
  const inline = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const open = `<script${m[1]}>`;
    const type = attr(open, 'type');
    if (type !== undefined && !/^(module|text\/javascript|application\/javascript)$/i.test(type)) continue; // JSON data, templates
    const src = attr(open, 'src');
    if (src !== undefined) urls.add(src);
    else if (m[2].trim() !== '') inline.push(m[2]);
  }
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) {
    const rel = attr(m[0], 'rel');
    const href = attr(m[0], 'href');
    if (href !== undefined && rel !== undefined && /\bmodulepreload\b/i.test(rel)) urls.add(href);
  }
  for (const m of html.matchAll(/<astro-island\b[^>]*>/gi)) {
    for (const name of ['component-url', 'renderer-url', 'before-hydration-url']) {
      const url = attr(m[0], name);
      if (url) urls.add(url.replace(/&amp;/g, '&'));
    }
  }
  return { urls: [...urls], inline };
}

/** Static import specifiers of a JS module (dynamic `import(` is skipped on purpose). */
function staticImports(code) {
  const out = new Set();
  const patterns = [
    /(?:^|[;\n}\s])import\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+)["']/g,
    /(?:^|[;\n}\s])export\s*(?:\*|\{[^}]*\})\s*(?:as\s+[\w$]+\s*)?from\s*["']([^"']+)["']/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) out.add(m[1]);
  return [...out];
}

/** Maps a URL seen in a page or module to a file in dist/ (null for other origins). */
function fileOf(url, fromFile) {
  if (/^[a-z]+:\/\//i.test(url) || url.startsWith('//') || url.startsWith('data:')) return null;
  const clean = url.split(/[?#]/)[0];
  if (clean.startsWith('/')) return path.join(dist, clean);
  return path.resolve(fromFile ? path.dirname(fromFile) : dist, clean);
}

function measurePage(htmlPath) {
  const html = readFileSync(path.join(dist, htmlPath), 'utf8');
  const { urls, inline } = pageScripts(html);
  const seen = new Set();
  const missing = [];
  const queue = urls.map((u) => fileOf(u, path.join(dist, htmlPath))).filter((f) => f !== null);
  while (queue.length > 0) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    if (!existsSync(file)) {
      missing.push(path.relative(dist, file));
      continue;
    }
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const spec of staticImports(code)) {
      const next = fileOf(spec, file);
      if (next !== null && !seen.has(next)) queue.push(next);
    }
  }
  let loadsEngine = false;
  const files = [...seen].map((f) => {
    const code = readFileSync(f, 'utf8');
    if (code.includes(ENGINE_MARKER)) loadsEngine = true;
    return { file: path.relative(dist, f), bytes: Buffer.byteLength(code), gzip: gzipBytes(code) };
  });
  const inlineBytes = inline.reduce((n, s) => n + Buffer.byteLength(s), 0);
  const inlineGzip = inline.length > 0 ? gzipBytes(inline.join('\n')) : 0;
  const route = routeOf(htmlPath);
  const gzip = files.reduce((n, f) => n + f.gzip, 0) + inlineGzip;
  const bytes = files.reduce((n, f) => n + f.bytes, 0) + inlineBytes;
  const isLesson = /^\/lessons\/[^/]+\/$/.test(route);
  return { route, isLesson, files: files.sort((a, b) => b.gzip - a.gzip), inlineScripts: inline.length, inlineGzip, bytes, gzip, missing, overBudget: isLesson && gzip > budgetBytes, loadsEngine };
}

const kB = (n) => `${(n / 1000).toFixed(1)} kB`;
const pages = distFiles('.html').map(measurePage);

if (asJson) {
  console.log(JSON.stringify({ budgetBytes, pages }, null, 2));
} else {
  const rows = pages.map((p) => [p.route, String(p.files.length + (p.inlineScripts > 0 ? 1 : 0)), kB(p.bytes), kB(p.gzip), p.isLesson ? (p.overBudget ? 'OVER BUDGET' : 'ok') : '-']);
  const head = ['page', 'scripts', 'raw', 'gzip', `lesson budget ${kB(budgetBytes)}`];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`JavaScript loaded before any interaction (static imports followed, dynamic imports excluded), ${dist}`);
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  const heaviest = pages.filter((p) => p.isLesson).sort((a, b) => b.gzip - a.gzip)[0];
  if (heaviest) {
    console.log(`\nHeaviest lesson page ${heaviest.route}:`);
    for (const f of heaviest.files.slice(0, 8)) console.log(`  ${kB(f.gzip).padStart(9)}  ${f.file}`);
    if (heaviest.inlineScripts > 0) console.log(`  ${kB(heaviest.inlineGzip).padStart(9)}  ${heaviest.inlineScripts} inline script(s)`);
  }
  for (const p of pages) if (p.missing.length > 0) console.log(`warning: ${p.route} references missing files: ${p.missing.join(', ')}`);
}

const over = pages.filter((p) => p.overBudget);
if (over.length > 0) {
  console.error(`\n${over.length} lesson page(s) over the ${kB(budgetBytes)} gzipped JavaScript budget: ${over.map((p) => `${p.route} (${kB(p.gzip)})`).join(', ')}`);
  process.exit(1);
}
const engineOnPage = pages.filter((p) => p.isLesson && p.loadsEngine);
if (engineOnPage.length > 0) {
  console.error(`\n${engineOnPage.length} lesson page(s) load the simulator engine on the main thread (it belongs in the worker): ${engineOnPage.map((p) => p.route).join(', ')}`);
  process.exit(1);
}
// The marker must still exist somewhere in the build (the worker), or the check above proves nothing.
if (!distFiles('.js').some((f) => readFileSync(path.join(dist, f), 'utf8').includes(ENGINE_MARKER))) {
  console.error(`measure-size: no built file contains the engine marker ${JSON.stringify(ENGINE_MARKER)}; update ENGINE_MARKER to text the shell model still has.`);
  process.exit(1);
}
if (!pages.some((p) => p.isLesson)) {
  console.error('measure-size: no lesson page found under dist/lessons/; is this a Stagecraft build?');
  process.exit(1);
}
