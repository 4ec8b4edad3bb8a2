#!/usr/bin/env node
// Takes the README's screenshots of the playground (lesson 1's solution, built) in the light and
// dark themes, with the same Chromium as the journeys. Run after `npm run build`:
//   node tests/e2e/screenshots.mjs [outDir=docs]
// Writes docs/playground-light.png and docs/playground-dark.png (plus phone views with --phone).

import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { serveStatic, launchProfile } from './run.mjs';
import { setEditorText } from './helpers.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const outDir = path.resolve(root, process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'docs');
const phone = process.argv.includes('--phone');
const LESSON = '/lessons/why-multi-stage/';
// The screenshots show the lesson's solution built: two stages, and the size comparison.
const SOLUTION = readFileSync(path.join(root, 'content/lessons/01-why-multi-stage/solution.Dockerfile'), 'utf8');

await mkdir(outDir, { recursive: true });
const server = await serveStatic(path.join(root, 'dist'));
const address = server.address();
const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

async function shoot(theme, viewport, name) {
  const profile = await launchProfile({ viewport, colorScheme: theme, deviceScaleFactor: 1 });
  try {
    const page = profile.context.pages()[0] ?? (await profile.context.newPage());
    await page.goto(`${baseUrl}${LESSON}`);
    const build = page.getByTestId('build-button').first();
    if (await build.waitFor({ state: 'visible', timeout: 30_000 }).then(() => true, () => false)) {
      await setEditorText(page, SOLUTION);
      await build.click();
      await page.waitForFunction(
        () => /Successfully built|naming to|writing image|FINISHED/.test(document.querySelector('[data-testid="terminal"]')?.textContent ?? ''),
        null,
        { timeout: 45_000 },
      ).catch(() => console.warn(`${name}: the build did not finish in time; taking the screenshot anyway`));
      await page.waitForTimeout(800);
    } else {
      console.warn(`${name}: no playground on the page (the island has not landed?)`);
    }
    const file = path.join(outDir, name);
    await page.screenshot({ path: file });
    console.log(`wrote ${path.relative(root, file)}`);
  } finally {
    await profile.close();
  }
}

await shoot('light', { width: 1440, height: 1500 }, 'playground-light.png');
await shoot('dark', { width: 1440, height: 1500 }, 'playground-dark.png');
if (phone) await shoot('light', { width: 390, height: 844 }, 'phone-light.png');
server.close();
