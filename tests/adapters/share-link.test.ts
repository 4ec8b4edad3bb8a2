import { describe, expect, test } from 'vitest';
import { decodeScenario, encodeScenario, fromBase64Url, scenarioParam, shareUrl, toBase64Url } from '../../src/adapters/share-link.ts';
import { DEFAULT_SETTINGS, sameScenario, type Scenario } from '../../src/core/session/scenario.ts';

const scenario: Scenario = {
  dockerfile: 'FROM busybox:1.28 AS build\nRUN echo "héllo ✓" > /x\n',
  files: { 'src/b.txt': 'b'.repeat(5000), '.dockerignore': '*.log\n', 'src/a.txt': 'ünïcode\n' },
  settings: { builder: 'both', target: 'build', buildArgs: { V: '1 2' }, noCache: true },
};

describe('share links', () => {
  test('a scenario survives encode and decode exactly', async () => {
    const text = await encodeScenario(scenario);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    const back = await decodeScenario(text, DEFAULT_SETTINGS);
    expect(back).not.toBeNull();
    expect(sameScenario(back as Scenario, scenario)).toBe(true);
  });
  test('repetitive content is compressed well below its size', async () => {
    expect((await encodeScenario(scenario)).length).toBeLessThan(1000);
  });
  test('a damaged link decodes to null instead of throwing', async () => {
    const text = await encodeScenario(scenario);
    expect(await decodeScenario(`${text.slice(0, 20)}!!`, DEFAULT_SETTINGS)).toBeNull();
    expect(await decodeScenario(text.slice(0, text.length - 8), DEFAULT_SETTINGS)).toBeNull();
  });
  test('the link puts the scenario in the hash of the current page', async () => {
    const url = await shareUrl(scenario, { origin: 'https://example.org', pathname: '/lessons/x/', search: '' });
    expect(url.startsWith('https://example.org/lessons/x/#scenario=')).toBe(true);
    expect(scenarioParam(new URL(url).hash)).toBe(url.split('#scenario=')[1]);
  });
  test('base64url round-trips every byte value', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
    expect(fromBase64Url('a+b/')).toBeNull();
  });
});
