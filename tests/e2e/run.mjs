#!/usr/bin/env node
// Browser journeys against the built site (`npm run build` first), in Debian's Chromium through
// playwright-core. Serves dist/ on 127.0.0.1 with node:http, runs every journey exported by
// tests/e2e/*.e2e.mjs in order, prints one line per journey and `N passed, N failed`, and exits
// non-zero when any failed.
//
// Usage: node tests/e2e/run.mjs [name filter…]
// Env: CHROMIUM (default /usr/bin/chromium), E2E_DIST (default dist), E2E_SCREENSHOTS=dir (screenshot on failure).

import { createServer } from 'node:http';
import { readFile, stat, readdir, mkdtemp, rm, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const dist = path.resolve(root, process.env['E2E_DIST'] ?? 'dist');
const executablePath = process.env['CHROMIUM'] ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

/** Serves dist/ like a plain static host: directories resolve to index.html, unknown paths to 404.html. */
export function serveStatic(dir) {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let file = path.join(dir, decodeURIComponent(url.pathname));
      if (!file.startsWith(dir)) {
        res.writeHead(403).end();
        return;
      }
      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        if (!url.pathname.endsWith('/')) {
          res.writeHead(301, { location: `${url.pathname}/${url.search}` }).end();
          return;
        }
        file = path.join(file, 'index.html');
        info = await stat(file).catch(() => null);
      }
      if (!info) {
        const notFound = path.join(dir, '404.html');
        const body = existsSync(notFound) ? await readFile(notFound) : 'not found';
        res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end(body);
        return;
      }
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Launches Chromium with a fresh profile; close() also deletes the profile. */
export async function launchProfile(options = {}) {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'stagecraft-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
    ...options,
  });
  return {
    context,
    userDataDir,
    async close() {
      await context.close().catch(() => {});
      await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
    },
  };
}

async function loadJourneys(filters) {
  const files = (await readdir(here)).filter((f) => f.endsWith('.e2e.mjs')).sort();
  const all = [];
  for (const f of files) {
    const mod = await import(pathToFileURL(path.join(here, f)).href);
    for (const j of mod.journeys ?? []) all.push({ ...j, file: f });
  }
  return filters.length === 0 ? all : all.filter((j) => filters.some((q) => j.name.includes(q)));
}

async function main() {
  if (!existsSync(path.join(dist, 'index.html'))) {
    console.error('tests/e2e: dist/index.html is missing; run `npm run build` first.');
    process.exit(2);
  }
  const server = await serveStatic(dist);
  const address = server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const journeys = await loadJourneys(process.argv.slice(2));
  const shots = process.env['E2E_SCREENSHOTS'];
  if (shots) await mkdir(shots, { recursive: true });

  let passed = 0;
  let failed = 0;
  // Journeys of one file share state through `shared` (e.g. a share link made by one, opened by the next).
  const shared = {};
  for (const journey of journeys) {
    const profile = await launchProfile(journey.contextOptions ?? {});
    const page = profile.context.pages()[0] ?? (await profile.context.newPage());
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    const started = Date.now();
    try {
      await journey.run({ page, context: profile.context, baseUrl, launchProfile, shared, pageErrors });
      passed++;
      console.log(`ok   ${journey.name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed++;
      console.log(`FAIL ${journey.name} (${Date.now() - started} ms)`);
      console.log(String(error?.stack ?? error).split('\n').slice(0, 12).map((l) => `     ${l}`).join('\n'));
      if (pageErrors.length > 0) console.log(`     page errors: ${pageErrors.slice(0, 3).join(' | ')}`);
      if (shots) await page.screenshot({ path: path.join(shots, `${journey.name.replace(/[^\w-]+/g, '_')}.png`), fullPage: true }).catch(() => {});
    } finally {
      await profile.close();
    }
  }
  server.close();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
