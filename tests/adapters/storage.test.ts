import { afterEach, describe, expect, test } from 'vitest';
import { clearScenario, loadScenario, saveScenario, storageKey } from '../../src/adapters/storage.ts';
import { DEFAULT_SETTINGS, type Scenario } from '../../src/core/session/scenario.ts';

class MemoryStorage {
  readonly data = new Map<string, string>();
  full = false;
  getItem(k: string): string | null {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    if (this.full) throw new Error('QuotaExceededError');
    this.data.set(k, v);
  }
  removeItem(k: string): void {
    this.data.delete(k);
  }
}

const scenario: Scenario = { dockerfile: 'FROM busybox\n', files: { 'a.txt': 'a' }, settings: { ...DEFAULT_SETTINGS, builder: 'legacy' } };

function install(): MemoryStorage {
  const storage = new MemoryStorage();
  (globalThis as { localStorage?: unknown }).localStorage = storage;
  return storage;
}

afterEach(() => {
  delete (globalThis as { localStorage?: unknown }).localStorage;
});

describe('saved work per lesson', () => {
  test('a saved scenario comes back for the same lesson only', () => {
    install();
    expect(saveScenario('lesson-1', scenario)).toBe(true);
    expect(loadScenario('lesson-1', DEFAULT_SETTINGS)).toEqual(scenario);
    expect(loadScenario('lesson-2', DEFAULT_SETTINGS)).toBeNull();
    clearScenario('lesson-1');
    expect(loadScenario('lesson-1', DEFAULT_SETTINGS)).toBeNull();
  });
  test('junk in storage and a full or missing storage are not errors', () => {
    const storage = install();
    storage.data.set(storageKey('x'), '{not json');
    expect(loadScenario('x', DEFAULT_SETTINGS)).toBeNull();
    storage.full = true;
    expect(saveScenario('x', scenario)).toBe(false);
    delete (globalThis as { localStorage?: unknown }).localStorage;
    expect(loadScenario('x', DEFAULT_SETTINGS)).toBeNull();
    expect(saveScenario('x', scenario)).toBe(false);
  });
});
