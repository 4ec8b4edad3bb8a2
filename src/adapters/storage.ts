// Saved work per lesson in localStorage. Storage can be full, disabled or hold junk from an older
// version: every read is validated and every failure is silent (the playground still works).

import { readScenario, canonical, type PlaygroundSettings, type Scenario } from '../core/session/scenario.ts';

const PREFIX = 'stagecraft:playground:v1:';

/** The storage key of a lesson's saved scenario. */
export function storageKey(lessonId: string): string {
  return `${PREFIX}${lessonId}`;
}

/** Reads a lesson's saved scenario; null when none or unreadable. */
export function loadScenario(lessonId: string, fallbackSettings: PlaygroundSettings): Scenario | null {
  try {
    const text = localStorage.getItem(storageKey(lessonId));
    if (text === null) return null;
    const data = JSON.parse(text) as { scenario?: unknown };
    return readScenario(data.scenario, fallbackSettings);
  } catch {
    return null;
  }
}

/** Saves a lesson's scenario; false when the browser refused. */
export function saveScenario(lessonId: string, scenario: Scenario): boolean {
  try {
    localStorage.setItem(storageKey(lessonId), JSON.stringify({ scenario: canonical(scenario), savedAt: new Date().toISOString() }));
    return true;
  } catch {
    return false;
  }
}

/** Forgets a lesson's saved scenario (Reset). */
export function clearScenario(lessonId: string): void {
  try {
    localStorage.removeItem(storageKey(lessonId));
  } catch {
    // Nothing saved is the same as nothing to clear.
  }
}
