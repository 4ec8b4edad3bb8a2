// Journeys through the curriculum: a learner completes a lesson by editing to its solution, a
// drill answered wrong explains itself, an instructor reads two learners' progress files.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeViolations, expect, runAxe, setEditorText, waitFor, waitForPlayground } from './helpers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LESSON_2 = '/lessons/first-multi-stage-build/';

function progressFile(learner, lessons) {
  const now = '2026-11-22T12:00:00.000Z';
  return {
    name: `stagecraft-progress-${learner}.json`,
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({
      kind: 'stagecraft-progress',
      version: 1,
      learner,
      exportedAt: now,
      progress: { version: 1, lessons: Object.fromEntries(lessons.map(([id, done]) => [id, done ? { visitedAt: now, completedAt: now } : { visitedAt: now }])) },
    })),
  };
}

/** Waits until every island on the page has hydrated (Astro drops `ssr` from an island once it has). */
async function waitForIslands(page) {
  await waitFor(() => page.locator('astro-island[ssr]').count(), (n) => n === 0, { what: 'the islands to hydrate' });
}

export const journeys = [
  {
    name: 'a learner completes lesson 2 by editing the Dockerfile to the solution and sees it marked done',
    async run({ page, baseUrl }) {
      await page.goto(`${baseUrl}${LESSON_2}`);
      await waitForPlayground(page);
      const check = page.getByTestId('goal-check-button');
      await check.scrollIntoViewIfNeeded();
      // The check is an island that hydrates when it scrolls into view; a click before that is lost.
      await waitForIslands(page);
      await check.click();
      const first = await waitFor(() => page.getByTestId('goal-verdict').innerText().catch(() => ''), (t) => t !== '', { what: 'a verdict for the start' });
      expect(/checks still fail/.test(first), `the start does not meet the goal: ${first}`);
      await setEditorText(page, readFileSync(path.join(root, 'content/lessons/02-first-multi-stage-build/solution.Dockerfile'), 'utf8'));
      // The playground saves every change; the check reads the saved work.
      await waitFor(() => page.evaluate(() => localStorage.getItem('stagecraft:playground:v1:first-multi-stage-build') ?? ''), (t) => t.includes('COPY --from=build'), { what: 'the edit to be saved' });
      await check.click();
      await waitFor(() => page.getByTestId('goal-verdict').innerText(), (t) => t.startsWith('Goal met'), { what: 'the goal to be met' });
      await waitFor(() => page.locator('[data-lesson-status]').innerText(), (t) => t === 'Done', { what: 'the lesson status to say Done' });
      await page.goto(`${baseUrl}/lessons/`);
      const row = page.locator('.lesson-list li').nth(1);
      await waitFor(() => row.locator('.status').innerText(), (t) => t === 'Done', { what: 'lesson 2 to be done on the index' });
    },
  },
  {
    name: 'a drill answered wrong shows the explanation and the lesson to read',
    async run({ page, baseUrl }) {
      await page.goto(`${baseUrl}/interview/`);
      await waitForIslands(page);
      await page.getByTestId('mode-drill').click();
      const question = page.getByTestId('question').first();
      await question.waitFor({ state: 'visible' });
      // Ticking nothing is always wrong for a stages drill: BuildKit builds at least the target.
      await question.getByTestId('check-answer').click();
      const explanation = question.getByTestId('explanation');
      await explanation.waitFor({ state: 'visible' });
      const text = await explanation.innerText();
      expect(text.includes('Not quite') && text.includes('legacy builder runs every stage'), `the explanation is shown: ${text}`);
      expect((await explanation.getByRole('link').getAttribute('href')) === '/lessons/legacy-vs-buildkit/', 'the explanation links to the lesson');
      await page.getByTestId('next-drill').click();
      await waitFor(() => page.getByTestId('question').first().getAttribute('data-question-id'), (id) => id !== null && id !== 'drill-stages-0', { what: 'a new drill' });
    },
  },
  {
    name: 'an instructor imports two learners\' progress files and sees both in the class table',
    async run({ page, baseUrl }) {
      await page.goto(`${baseUrl}/workshop/`);
      await waitForIslands(page);
      await page.getByTestId('import-progress').setInputFiles([
        progressFile('Ada', [['why-multi-stage', true], ['first-multi-stage-build', true]]),
        progressFile('Bo', [['why-multi-stage', false]]),
      ]);
      const rows = page.getByTestId('class-row');
      await waitFor(() => rows.count(), (n) => n === 2, { what: 'two learners in the table' });
      const ada = await rows.nth(0).innerText();
      const bo = await rows.nth(1).innerText();
      expect(ada.startsWith('Ada') && ada.includes('2 /'), `Ada finished two lessons: ${ada}`);
      expect(bo.startsWith('Bo') && bo.includes('0 /'), `Bo finished none: ${bo}`);
    },
  },
  {
    name: 'axe finds no violations on the interview, workshop and guide pages, in light and dark themes',
    async run({ page, baseUrl }) {
      const pages = ['/interview/', '/interview/cheatsheet/', '/workshop/', '/workshop/present/', '/workshop/exercise/', '/guide/'];
      for (const theme of ['light', 'dark']) {
        await page.goto(`${baseUrl}/`);
        await page.evaluate((t) => localStorage.setItem('stagecraft:theme', t), theme);
        for (const url of pages) {
          await page.goto(`${baseUrl}${url}`);
          await page.waitForLoadState('networkidle');
          await waitForIslands(page);
          if (url === '/interview/') {
            const q = page.getByTestId('question').first();
            await q.getByTestId('choice').first().check();
            await q.getByTestId('check-answer').click();
            await q.getByTestId('explanation').waitFor();
          }
          if (url === '/workshop/present/') {
            await page.getByTestId('present-step').click();
          }
          const violations = await runAxe(page);
          expect(violations.length === 0, `${theme} ${url}:\n${describeViolations(violations)}`);
        }
      }
    },
  },
  {
    name: 'the presenter view states a build\'s size as the playground does for the same lesson',
    async run({ page, baseUrl }) {
      // Lesson 1's start, with BuildKit and no target, in both places.
      await page.goto(`${baseUrl}/lessons/why-multi-stage/`);
      await waitForPlayground(page);
      const final = page.locator('[data-testid="size-summary"] [data-final-bytes]');
      await final.waitFor();
      const playground = (await final.innerText()).trim();
      await page.goto(`${baseUrl}/workshop/present/`);
      await waitForIslands(page);
      await page.getByRole('button', { name: 'Show all' }).click();
      const presenter = await waitFor(() => page.getByTestId('present-result').innerText().catch(() => ''), (t) => t.startsWith('Built: '), { what: 'the presenter to show the built size' });
      expect(presenter.trim() === `Built: ${playground}`, `the presenter says "${presenter.trim()}", the playground "${playground}"`);
    },
  },
  {
    name: 'a workshop link that hides solutions shows its agenda, and the lesson then hides its solution',
    async run({ page, baseUrl }) {
      const settings = { title: 'Friday class', lessons: ['first-multi-stage-build', 'naming-stages'], solutions: false, minutesPerLesson: 20 };
      await page.goto(`${baseUrl}/workshop/?w=${Buffer.from(JSON.stringify(settings)).toString('base64url')}`);
      const agenda = page.getByTestId('workshop-agenda');
      await agenda.waitFor();
      const text = await agenda.innerText();
      expect(text.includes('Your first multi-stage build') && text.includes('Naming stages'), `the agenda lists the two lessons: ${text}`);
      await page.goto(`${baseUrl}${LESSON_2}`);
      await page.getByTestId('goal-check').scrollIntoViewIfNeeded();
      await page.getByTestId('goal-check').waitFor();
      await waitFor(() => page.locator('.goal details.solution').isHidden(), (hidden) => hidden === true, { what: 'the solution to be hidden' });
    },
  },
];
