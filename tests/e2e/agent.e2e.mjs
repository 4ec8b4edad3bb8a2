// The local agent journey: the site pairs with a running `stagecraft agent` (started here, with
// the test site's origin allowed) and runs one real build on the Docker engine of this machine,
// then shows the real log and the side-by-side comparison with the simulation.
// Needs a reachable Docker daemon with local/busybox:1 (../shared/tools/setup-docker.sh); without
// one the journeys say so and do nothing.

import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, waitFor, textOf, waitForPlayground, setEditorText } from './helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const DOCKER = process.env['STAGECRAFT_DOCKER'] ?? '/usr/bin/docker';

const DOCKERFILE = `FROM local/busybox:1
RUN echo "built by the e2e journey at ${Date.now()}" > /hello.txt
CMD ["cat", "/hello.txt"]
`;

function dockerReady() {
  const ready = spawnSync(DOCKER, ['image', 'inspect', 'local/busybox:1'], { encoding: 'utf8' }).status === 0;
  // CI sets STAGECRAFT_REQUIRE_DOCKER=1 after starting dockerd: there a missing engine is a failure, not a skip.
  if (!ready && process.env['STAGECRAFT_REQUIRE_DOCKER'] === '1') {
    throw new Error('no Docker daemon with local/busybox:1, but STAGECRAFT_REQUIRE_DOCKER=1');
  }
  return ready;
}

/** Starts `stagecraft agent` allowing the test site's origin; resolves with its address, link and code. */
function startAgent(baseUrl) {
  const child = spawn(process.execPath, [path.join(root, 'bin/stagecraft.mjs'), 'agent', '--allow-origin', baseUrl], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (c) => (err += c));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the agent did not start: ${out} ${err}`)), 30_000);
    child.stdout.on('data', (c) => {
      out += c;
      const url = /Stagecraft agent on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      const link = /open\s+(\S+#agent=\d+&pair=\S+)/.exec(out)?.[1];
      if (url && link) {
        clearTimeout(timer);
        resolve({
          child,
          url,
          link,
          /** The newest code printed (a new one follows every pairing). */
          latestCode: () => [...out.matchAll(/enter the code\s+(\d+-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/g)].at(-1)?.[1],
          stop: () =>
            new Promise((done) => {
              child.once('exit', done);
              child.kill('SIGTERM');
              setTimeout(done, 15_000);
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`the agent exited (${code}): ${err}`)));
  });
}

export const journeys = [
  {
    name: 'a learner pairs the playground with the local agent through its link and runs one real build beside the simulation',
    async run({ page, baseUrl }) {
      if (!dockerReady()) {
        console.log('     (skipped: no Docker daemon with local/busybox:1; run ../shared/tools/setup-docker.sh)');
        return;
      }
      const agent = await startAgent(baseUrl);
      try {
        // Before pairing, the panel explains what the agent can do.
        await page.goto(`${baseUrl}/playground/`);
        await waitForPlayground(page);
        const explanation = await textOf(page, 'agent-explanation');
        expect(/run containers/.test(explanation) && /127\.0\.0\.1/.test(explanation), `the panel explains the agent before pairing: ${explanation.slice(0, 200)}`);

        // The printed link pairs; its fragment leaves the address bar at once.
        expect(agent.link.startsWith(`${baseUrl}/playground/#agent=`), `the link opens the test site: ${agent.link}`);
        await page.goto(agent.link);
        await waitForPlayground(page);
        await waitFor(() => textOf(page, 'agent-status'), (t) => t.includes(agent.url) && /Docker \d/.test(t), { what: 'the panel to show the paired agent and Docker', timeout: 20_000 });
        expect(!page.url().includes('pair='), `the pairing secret is gone from the address bar: ${page.url()}`);

        await setEditorText(page, DOCKERFILE);
        await page.getByTestId('agent-run').click();
        const log = await waitFor(() => textOf(page, 'agent-log'), (t) => /naming to docker\.io\/stagecraft-agent\/|Successfully tagged stagecraft-agent\//.test(t), {
          what: 'the real log to show the built image',
          timeout: 120_000,
        });
        expect(/RUN echo/.test(log), 'the real log shows the RUN step');
        const diff = await waitFor(() => textOf(page, 'agent-diff'), (t) => /Image size/.test(t) && /succeeded/.test(t), { what: 'the comparison table', timeout: 30_000 });
        expect(/line 2/.test(diff), `the comparison lists the RUN step by line: ${diff.slice(0, 300)}`);
        await waitFor(() => textOf(page, 'agent-message'), (t) => /Done/.test(t), { what: 'the panel to say the build is done', timeout: 30_000 });
        if (process.env['E2E_VERBOSE']) console.log(`${log}\n${await textOf(page, 'agent-diff')}`);

        // The agent's image exists under its namespace, with its label.
        const images = spawnSync(DOCKER, ['images', '--filter', 'label=io.stagecraft.agent=1', '--format', '{{.Repository}}'], { encoding: 'utf8' }).stdout;
        expect(/stagecraft-agent\//.test(images), `the agent's image is labelled and namespaced: ${images}`);
      } finally {
        await agent.stop();
      }
      // Stopping the agent removed what it built.
      const left = spawnSync(DOCKER, ['images', '--filter', 'reference=stagecraft-agent/*', '--format', '{{.Repository}}:{{.Tag}}'], { encoding: 'utf8' }).stdout.trim();
      expect(left === '', `no agent images left after it stopped: ${left}`);
    },
  },
  {
    name: 'a learner pairs by typing the code; a wrong code is refused with a clear message',
    async run({ page, baseUrl }) {
      if (!dockerReady()) {
        console.log('     (skipped: no Docker daemon with local/busybox:1)');
        return;
      }
      const agent = await startAgent(baseUrl);
      try {
        await page.goto(`${baseUrl}/playground/`);
        await waitForPlayground(page);
        const port = new URL(agent.url).port;
        await page.getByTestId('agent-code').fill(`${port}-AAAA-AAAA-AAAA`);
        await page.getByTestId('agent-pair').click();
        await waitFor(() => textOf(page, 'agent-message'), (t) => /wrong pairing code/i.test(t), { what: 'the wrong code to be refused' });
        await page.getByTestId('agent-code').fill(agent.latestCode() ?? '');
        await page.getByTestId('agent-pair').click();
        await waitFor(() => textOf(page, 'agent-status'), (t) => t.includes(agent.url), { what: 'the panel to show the paired agent' });
      } finally {
        await agent.stop();
      }
    },
  },
];
