import { expect, test } from 'vitest';
import { main, type CliIo } from '../../src/cli/main.ts';

function capture(): { io: CliIo; out: () => string } {
  let text = '';
  return { io: { stdout: (t) => { text += t; }, stderr: (t) => { text += t; } }, out: () => text };
}

const files = '/work/shared/conformance/scenarios/p01-jar-two-stage/files';

test('build --builder legacy prints Step lines and the file origins', async () => {
  const c = capture();
  expect(await main(['build', '--builder', 'legacy', files], c.io)).toBe(0);
  expect(c.out()).toContain('Step 3/10 : COPY pom.xml .');
  expect(c.out()).toContain('/app/app.jar  38 B  ← stage 1 line 10 COPY (made by stage 0 line 6 RUN)');
});

test('build with BuildKit and --target prints only the target closure', async () => {
  const c = capture();
  expect(await main(['build', '--target', 'builder', files], c.io)).toBe(0);
  expect(c.out()).toContain('[builder 6/6] RUN');
  expect(c.out()).not.toContain('stage-1');
});

test('build with an unknown target fails with the engine message', async () => {
  const c = capture();
  expect(await main(['build', '--target', 'nope', files], c.io)).toBe(1);
  expect(c.out()).toContain('target stage nope could not be found');
});
