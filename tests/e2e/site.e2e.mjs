// Journeys through the site around the playground: navigation and progress, themes, keyboard,
// accessibility and the phone layout.

import { expect, runAxe, describeViolations, waitFor } from './helpers.mjs';

const LESSON_1 = '/lessons/why-multi-stage/';
const LESSON_2 = '/lessons/first-multi-stage-build/';

export const journeys = [
  {
    name: 'a newcomer starts lesson 1 from the home page, and the home page and index then show their progress',
    async run({ page, baseUrl }) {
      await page.goto(`${baseUrl}/`);
      expect(await page.locator('[data-continue]').isHidden(), 'a first visit has nothing to continue');
      await page.getByRole('link', { name: 'Start with lesson 1' }).click();
      await page.waitForURL(`**${LESSON_1}`);
      expect((await page.locator('h1').innerText()).includes('Why multi-stage'), 'lesson 1 opens');
      await waitFor(() => page.locator('[data-lesson-status]').innerText(), (t) => t === 'In progress', { what: 'the lesson status to say In progress' });
      // The prose quotes the real start.Dockerfile, not a copy.
      const excerpt = await page.locator('.excerpt').first().innerText();
      expect(excerpt.includes('FROM maven:3.9-eclipse-temurin-17') && excerpt.includes('RUN mvn -B package'), `the first excerpt shows start.Dockerfile: ${excerpt}`);
      await page.getByRole('link', { name: /Next lesson/ }).click();
      await page.waitForURL(`**${LESSON_2}`);
      await page.getByRole('link', { name: /Previous lesson/ }).waitFor();
      await page.goto(`${baseUrl}/lessons/`);
      const items = page.locator('.lesson-list li');
      await waitFor(() => items.nth(0).locator('.status').innerText(), (t) => t === 'In progress', { what: 'lesson 1 to be in progress on the index' });
      await page.goto(`${baseUrl}/`);
      const cont = page.locator('[data-continue-link]');
      await cont.waitFor({ state: 'visible' });
      expect((await cont.getAttribute('href')) === LESSON_2, 'continue points at the last lesson opened (lesson 2)');
    },
  },
  {
    name: 'completing a lesson (the playground reports the goal met) marks it done on the index',
    async run({ page, baseUrl }) {
      await page.goto(`${baseUrl}${LESSON_2}`);
      await page.evaluate(() => window.dispatchEvent(new CustomEvent('stagecraft:lesson-completed', { detail: { lessonId: 'first-multi-stage-build' } })));
      await waitFor(() => page.locator('[data-lesson-status]').innerText(), (t) => t === 'Done', { what: 'the status to say Done' });
      await page.goto(`${baseUrl}/lessons/`);
      await waitFor(() => page.locator('[data-progress-summary]').innerText(), (t) => /^1 of \d+ lessons done/.test(t), { what: 'the progress summary' });
    },
  },
  {
    name: 'the theme toggle switches to dark, survives a reload, and the page starts dark without a flash',
    async run({ page, baseUrl }) {
      await page.goto(`${baseUrl}${LESSON_1}`);
      const theme = () => page.evaluate(() => document.documentElement.dataset['theme']);
      expect((await theme()) === 'light', 'light by default when the OS prefers light');
      const toggle = page.locator('#theme-toggle');
      await toggle.click();
      expect((await theme()) === 'dark', 'dark after the toggle');
      expect((await toggle.getAttribute('aria-pressed')) === 'true', 'the toggle reports its state');
      // The theme must be set before any stylesheet paints: record it at DOMContentLoaded's first moment.
      await page.addInitScript(() => {
        document.addEventListener('readystatechange', () => {
          if (document.readyState === 'interactive') (window).__themeAtParse = document.documentElement.dataset['theme'];
        }, { once: true });
      });
      await page.reload();
      expect((await page.evaluate(() => (window).__themeAtParse)) === 'dark', 'dark is applied while the document parses');
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(bg === 'rgb(15, 20, 25)', `the dark background is used (${bg})`);
    },
  },
  {
    name: 'the OS dark preference is followed when the learner has not chosen',
    contextOptions: { colorScheme: 'dark' },
    async run({ page, baseUrl }) {
      await page.goto(`${baseUrl}/`);
      expect((await page.evaluate(() => document.documentElement.dataset['theme'])) === 'dark', 'dark from prefers-color-scheme');
    },
  },
  {
    name: 'a keyboard user reaches the skip link first and it moves focus to the main content',
    async run({ page, baseUrl }) {
      await page.goto(`${baseUrl}${LESSON_1}`);
      await page.keyboard.press('Tab');
      const first = await page.evaluate(() => document.activeElement?.textContent?.trim());
      expect(first === 'Skip to content', `the first Tab stop is the skip link (got ${first})`);
      await page.keyboard.press('Enter');
      const focused = await page.evaluate(() => document.activeElement?.id);
      expect(focused === 'main', `focus moves to <main> (got ${focused})`);
      // Every visible focus ring has a real outline.
      await page.keyboard.press('Tab');
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement ?? document.body).outlineStyle);
      expect(outline !== 'none', 'the focused element shows an outline');
    },
  },
  {
    name: 'axe finds no violations on the site pages, in light and dark themes',
    async run({ page, baseUrl }) {
      for (const theme of ['light', 'dark']) {
        for (const route of ['/', '/lessons/', LESSON_1, LESSON_2, '/about/', '/playground/']) {
          await page.goto(`${baseUrl}${route}`);
          await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
          const violations = await runAxe(page);
          expect(violations.length === 0, `${route} (${theme}):\n${describeViolations(violations)}`);
        }
      }
    },
  },
  {
    name: 'on a phone the lesson prose stacks above the playground and nothing scrolls sideways',
    contextOptions: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
    async run({ page, baseUrl }) {
      await page.goto(`${baseUrl}${LESSON_1}`);
      await page.getByTestId('build-button').first().waitFor({ state: 'visible', timeout: 30_000 });
      const prose = await page.locator('.lesson-grid__prose').boundingBox();
      const playground = await page.locator('.lesson-grid__playground').boundingBox();
      expect(prose !== null && playground !== null, 'both columns render');
      expect(playground.y >= prose.y + prose.height - 1, `the playground is below the prose (prose ends ${prose.y + prose.height}, playground starts ${playground.y})`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow <= 1, `no horizontal scrolling (overflow ${overflow}px)`);
    },
  },
];
