// The learner journeys through the playground on lesson 1, run in order: later journeys
// reuse what earlier ones left in `shared` (the share link). Each journey gets a fresh profile,
// so each starts from the lesson's own files unless it says otherwise.

import { expect, waitFor, textOf, waitForPlayground, setEditorText, editorText, openFile, choose, runAxe, describeViolations } from './helpers.mjs';

const LESSON_1 = '/lessons/why-multi-stage/';

// Lesson 1's two-stage solution with a stage nothing needs at the top: BuildKit skips it, the
// legacy builder builds it (scenario s10 / s49 behaviour on Engine 20.10).
const WITH_UNUSED_STAGE = `# e2e: an unused stage first
FROM busybox:1.28 AS unused
RUN echo never needed > /unused.txt

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /app
COPY pom.xml .
COPY src ./src
RUN mvn -B package

FROM eclipse-temurin:17-jre-alpine
WORKDIR /app
COPY --from=build /app/target/hello-1.0.0.jar app.jar
CMD ["java", "-jar", "app.jar"]
`;

const EDITED_JAVA = `package dev.stagecraft.hello;

// e2e: edited source
public final class Hello {
    public static void main(String[] args) {
        System.out.println("Hello again.");
    }
}
`;

const SIZE = /\d+(?:[.,]\d+)?\s?(?:B|kB|KB|KiB|MB|MiB|GB|GiB)\b/;
const BUILD_DONE = /Successfully built|Successfully tagged|naming to|writing image|exporting to image|FINISHED/;
const CACHE_HIT = /Using cache|CACHED/;

/** Presses Build (or Rebuild) and waits for the terminal to show a finished build. */
async function build(page, button = 'build-button') {
  const before = await textOf(page, 'terminal');
  await page.getByTestId(button).first().click();
  return waitFor(
    () => textOf(page, 'terminal'),
    (t) => t !== before && BUILD_DONE.test(t.slice(Math.max(0, t.lastIndexOf('docker build')))),
    { what: 'the terminal to show a finished build', timeout: 45_000 },
  );
}

async function openLesson(page, baseUrl) {
  await page.goto(`${baseUrl}${LESSON_1}`);
  await waitForPlayground(page);
}

export const journeys = [
  {
    name: 'a learner opens lesson 1, edits the Dockerfile, builds, and sees the terminal log and the final size',
    async run({ page, baseUrl }) {
      await openLesson(page, baseUrl);
      const start = await editorText(page);
      expect(start.includes('FROM maven:3.9-eclipse-temurin-17'), `the editor starts with start.Dockerfile:\n${start}`);
      await setEditorText(page, WITH_UNUSED_STAGE);
      expect((await editorText(page)).includes('AS unused'), 'the edit is in the editor');
      const log = await build(page);
      expect(/mvn -B package/.test(log), `the log shows the Maven step:\n${log.slice(-1500)}`);
      expect(!/never needed/.test(log), `BuildKit does not run the unused stage:\n${log.slice(-1500)}`);
      const size = await waitFor(() => textOf(page, 'size-summary'), (t) => SIZE.test(t), { what: 'a size in the size summary' });
      expect(SIZE.test(size), `the size summary shows a size: ${size}`);
      await page.getByTestId('layers').first().waitFor({ state: 'visible' });
      await page.getByTestId('stage-graph').first().waitFor({ state: 'visible' });
      const graph = await textOf(page, 'stage-graph');
      expect(/unused/.test(graph) && /skipped/.test(graph), `the stage graph shows the unused stage skipped by BuildKit:\n${graph}`);
    },
  },
  {
    name: 'switching to the legacy builder builds the unused stage too',
    async run({ page, baseUrl }) {
      await openLesson(page, baseUrl);
      await setEditorText(page, WITH_UNUSED_STAGE);
      const options = await page.getByTestId('builder-select').first().locator('option').evaluateAll((os) => os.map((o) => o.value));
      for (const v of ['legacy', 'buildkit', 'both']) expect(options.includes(v), `the builder select offers ${v} (has ${options.join(', ')})`);
      await choose(page, 'builder-select', 'legacy');
      const log = await build(page);
      expect(/Step \d+\/\d+ : FROM busybox:1\.28 AS unused/.test(log), `the legacy log starts the unused stage:\n${log.slice(0, 1500)}`);
      expect(/Step \d+\/\d+ : RUN echo never needed/.test(log), `the legacy log runs the unused stage's RUN:\n${log.slice(0, 1500)}`);
      const graph = await waitFor(() => textOf(page, 'stage-graph'), (t) => /unused/.test(t) && !/skipped/.test(t), { what: 'the stage graph to show every stage built by the legacy builder' });
      expect(/built/.test(graph), `the legacy stage graph says built:\n${graph}`);
    },
  },
  {
    name: 'after editing a context file, Rebuild shows the steps that hit the cache',
    async run({ page, baseUrl }) {
      await openLesson(page, baseUrl);
      await build(page);
      await openFile(page, 'src/main/java/dev/stagecraft/hello/Hello.java');
      await waitFor(() => editorText(page), (t) => t.includes('package dev.stagecraft.hello'), { what: 'Hello.java in the editor' });
      await setEditorText(page, EDITED_JAVA);
      const log = await build(page, 'rebuild-button');
      const latest = log.slice(Math.max(0, log.lastIndexOf('docker build')));
      expect(CACHE_HIT.test(latest), `the rebuild reports cache hits:\n${latest.slice(-2000)}`);
      expect(/COPY src/.test(latest), `the COPY of src/ appears in the rebuild:\n${latest.slice(-2000)}`);
    },
  },
  {
    name: 'a reload restores the edited Dockerfile and context file',
    async run({ page, baseUrl }) {
      await openLesson(page, baseUrl);
      await setEditorText(page, WITH_UNUSED_STAGE);
      await openFile(page, 'src/main/java/dev/stagecraft/hello/Hello.java');
      await waitFor(() => editorText(page), (t) => t.includes('package dev.stagecraft.hello'), { what: 'Hello.java in the editor' });
      await setEditorText(page, EDITED_JAVA);
      await page.waitForTimeout(1000); // saving may be debounced
      await page.reload();
      await waitForPlayground(page);
      await openFile(page, 'Dockerfile');
      await waitFor(() => editorText(page), (t) => t.includes('AS unused'), { what: 'the edited Dockerfile after reload' });
      await openFile(page, 'src/main/java/dev/stagecraft/hello/Hello.java');
      await waitFor(() => editorText(page), (t) => t.includes('e2e: edited source'), { what: 'the edited Hello.java after reload' });
    },
  },
  {
    name: 'a share link opened in a fresh browser profile restores the same scenario',
    async run({ page, context, baseUrl, launchProfile }) {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
      await openLesson(page, baseUrl);
      await setEditorText(page, WITH_UNUSED_STAGE);
      await choose(page, 'builder-select', 'legacy');
      const before = page.url();
      await page.getByTestId('share-button').first().click();
      // The link may land in the address bar, the clipboard, or a field the button reveals.
      const link = await waitFor(
        async () => {
          if (page.url() !== before && /[#?]./.test(page.url())) return page.url();
          const field = page.locator('input[readonly][value*="://"], [data-testid="share-url"]').first();
          if ((await field.count()) > 0) return (await field.inputValue().catch(() => field.innerText())) || '';
          const clip = await page.evaluate(() => navigator.clipboard.readText().catch(() => '')).catch(() => '');
          return /^https?:\/\//.test(clip) ? clip : '';
        },
        (u) => u.startsWith(baseUrl) && u.length > baseUrl.length + 20,
        { what: 'a share link' },
      );
      const fresh = await launchProfile();
      try {
        const other = fresh.context.pages()[0] ?? (await fresh.context.newPage());
        await other.goto(link);
        await waitForPlayground(other);
        await waitFor(() => editorText(other), (t) => t.includes('AS unused') && t.includes('never needed'), { what: 'the shared Dockerfile in a fresh profile' });
        const builder = await other.getByTestId('builder-select').first().inputValue();
        expect(builder === 'legacy', `the shared builder setting is restored (got ${builder})`);
      } finally {
        await fresh.close();
      }
    },
  },
  {
    name: 'axe finds no violations on the lesson page with the playground mounted and built',
    async run({ page, baseUrl }) {
      await openLesson(page, baseUrl);
      await build(page);
      for (const theme of ['light', 'dark']) {
        await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
        const violations = await runAxe(page);
        expect(violations.length === 0, `lesson 1 with the playground (${theme}):\n${describeViolations(violations)}`);
      }
    },
  },
  {
    name: 'on a touch phone the editor is a plain text area, and editing and building still work',
    contextOptions: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
    async run({ page, baseUrl }) {
      await openLesson(page, baseUrl);
      await page.waitForTimeout(1500); // give Monaco every chance to (wrongly) take over
      const kind = await page.getByTestId('editor').first().getAttribute('data-editor');
      expect(kind === 'textarea', `a touch device keeps the text area (data-editor=${kind})`);
      await setEditorText(page, WITH_UNUSED_STAGE);
      const log = await build(page);
      expect(/mvn -B package/.test(log), `the build runs from the text area's Dockerfile:\n${log.slice(-1000)}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow <= 1, `no horizontal scrolling with the playground mounted (overflow ${overflow}px)`);
      const violations = await runAxe(page);
      expect(violations.length === 0, `lesson 1 on a phone:\n${describeViolations(violations)}`);
    },
  },
];
