#!/usr/bin/env node
// Takes the README's screenshots of the playground (lesson 1, after a build) in the light and
// dark themes, with the same Chromium as the journeys. Run after `npm run build`:
//   node tests/e2e/screenshots.mjs [outDir=docs]
// Writes docs/playground-light.png and docs/playground-dark.png (plus phone views with --phone).

import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { serveStatic, launchProfile } from './run.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const outDir = path.resolve(root, process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'docs');
const phone = process.argv.includes('--phone');
const LESSON = '/lessons/why-multi-stage/';

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
    if (await build.isVisible({ timeout: 20_000 }).catch(() => false)) {
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

await shoot('light', { width: 1440, height: 900 }, 'playground-light.png');
await shoot('dark', { width: 1440, height: 900 }, 'playground-dark.png');
if (phone) await shoot('light', { width: 390, height: 844 }, 'phone-light.png');
server.close();
