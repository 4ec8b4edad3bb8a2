// Small helpers shared by the journeys: assertions, the playground's editor and terminal, axe.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Throws with a message when the condition is false. */
export function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** Polls `read` until `accept` holds or the timeout passes; returns the last value read. */
export async function waitFor(read, accept, { timeout = 20_000, interval = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await read();
    if (accept(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}; last value: ${JSON.stringify(last)?.slice(0, 600)}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Text of an element by test id ('' when absent), with non-breaking spaces made plain. */
export async function textOf(page, testId) {
  const el = page.getByTestId(testId).first();
  if ((await el.count()) === 0) return '';
  return ((await el.innerText().catch(() => '')) ?? '').replace(/\u00a0/g, ' ');
}

/** Waits for the playground island to mount (its editor and build button present). */
export async function waitForPlayground(page, timeout = 30_000) {
  await page.getByTestId('build-button').first().waitFor({ state: 'visible', timeout });
  await page.getByTestId('editor').first().waitFor({ state: 'visible', timeout });
}

/**
 * Waits for the editor to settle and tells which it is: Monaco (`data-editor="monaco"`), or the
 * plain text area the playground keeps on touch devices (and shows until Monaco is ready).
 */
async function editorKind(page) {
  const editor = page.getByTestId('editor').first();
  await editor.waitFor({ state: 'visible', timeout: 30_000 });
  const coarse = await page.evaluate(() => window.matchMedia('(pointer: coarse)').matches);
  if (coarse) return 'textarea';
  await waitFor(() => editor.getAttribute('data-editor'), (k) => k === 'monaco', { what: 'Monaco to replace the text area', timeout: 30_000 });
  await editor.locator('.monaco-editor .view-lines').first().waitFor({ state: 'visible' });
  return 'monaco';
}

function plainArea(page) {
  return page.getByTestId('editor').first().locator('textarea:not(.inputarea):not(.ime-text-area)').first();
}

/** Replaces the text of the file open in the editor, as a learner would (select all, type). */
export async function setEditorText(page, text) {
  if ((await editorKind(page)) === 'textarea') {
    await plainArea(page).fill(text);
    return;
  }
  const editor = page.getByTestId('editor').first();
  await editor.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  // insertText sends the text as one input, so Monaco's auto-closing and auto-indent do not rewrite it.
  await page.keyboard.insertText(text);
}

/** Reads the text of the file open in the editor (Monaco: the rendered lines, top first). */
export async function editorText(page) {
  if ((await editorKind(page)) === 'textarea') return plainArea(page).inputValue();
  const lines = await page.getByTestId('editor').first().locator('.view-lines .view-line').evaluateAll((els) =>
    els.map((el) => ({ top: parseFloat(el.style.top || '0'), text: el.textContent ?? '' })).sort((a, b) => a.top - b.top).map((l) => l.text),
  );
  return lines.join('\n').replace(/\u00a0/g, ' ');
}

/** Opens a file of the build context (or the Dockerfile) from the file tree. */
export async function openFile(page, name) {
  const tree = page.getByTestId('file-tree').first();
  const byTitle = tree.getByTitle(name, { exact: true });
  const item = (await byTitle.count()) > 0 ? byTitle.first() : tree.getByText(name.split('/').pop() ?? name, { exact: true }).first();
  await item.click();
}

/** Picks an option of a <select> test id by value. */
export async function choose(page, testId, value) {
  await page.getByTestId(testId).first().selectOption(value);
}

/** Runs axe-core on the page and returns the violations (wcag2a/aa, wcag21a/aa, best practices). */
export async function runAxe(page, { exclude = [] } = {}) {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (excludeSelectors) => {
    // @ts-ignore: injected above
    const result = await window.axe.run(
      { include: [document], exclude: excludeSelectors.map((s) => [s]) },
      { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] },
    );
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 4).map((n) => n.target.join(' ')) }));
  }, exclude);
}

/** Formats axe violations for a failure message. */
export function describeViolations(violations) {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.join(', ')}`).join('\n');
}
