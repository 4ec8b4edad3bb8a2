// The playground's UI state as a reducer: the scenario being edited, the open file, and what the
// pipeline last said. Pure (no DOM), so the island's behaviour on edits is easy to follow.

import type { BuilderKind } from '../core/build/types.ts';
import type { Analysis, SessionBuild } from '../core/session/pipeline.ts';
import { normalizeContextPath, type PlaygroundSettings, type Scenario } from '../core/session/scenario.ts';
import type { AnalysisTiming } from '../adapters/pipeline-client.ts';

export const DOCKERFILE_PATH = 'Dockerfile';

export interface PlaygroundState {
  readonly scenario: Scenario;
  readonly activePath: string;
  readonly analysis: Analysis | null;
  readonly timing: AnalysisTiming | null;
  /** The newest build each builder ran in this session (what the cache report explains). */
  readonly builds: Partial<Record<BuilderKind, SessionBuild>>;
  /** A message for the status line (announced politely). */
  readonly status: string;
}

export type PlaygroundAction =
  | { readonly type: 'file.edit'; readonly path: string; readonly text: string }
  | { readonly type: 'file.open'; readonly path: string }
  | { readonly type: 'file.add'; readonly path: string; readonly text?: string }
  | { readonly type: 'file.rename'; readonly from: string; readonly to: string }
  | { readonly type: 'file.delete'; readonly path: string }
  | { readonly type: 'settings.change'; readonly settings: Partial<PlaygroundSettings> }
  | { readonly type: 'scenario.replace'; readonly scenario: Scenario; readonly status?: string }
  | { readonly type: 'analysis.done'; readonly analysis: Analysis; readonly timing: AnalysisTiming }
  | { readonly type: 'build.done'; readonly build: SessionBuild }
  | { readonly type: 'builds.clear' }
  | { readonly type: 'status'; readonly status: string };

/** Creates the state for a scenario, with the Dockerfile open. */
export function initialState(scenario: Scenario): PlaygroundState {
  return { scenario, activePath: DOCKERFILE_PATH, analysis: null, timing: null, builds: {}, status: '' };
}

/** Reads the text of a context path (the Dockerfile included); undefined when absent. */
export function fileText(scenario: Scenario, path: string): string | undefined {
  return path === DOCKERFILE_PATH ? scenario.dockerfile : scenario.files[path];
}

/** Checks a path a learner typed for a new or renamed file; returns the clean path or a message. */
export function checkNewPath(scenario: Scenario, typed: string, except?: string): { ok: true; path: string } | { ok: false; message: string } {
  const path = normalizeContextPath(typed.trim());
  if (path === null) return { ok: false, message: 'Give a path inside the build context, such as src/app.txt (no ..).' };
  if (path === DOCKERFILE_PATH) return { ok: false, message: 'The Dockerfile is already part of the context.' };
  if (path !== except && scenario.files[path] !== undefined) return { ok: false, message: `${path} already exists.` };
  if (Object.keys(scenario.files).some((p) => p !== except && (p.startsWith(`${path}/`) || path.startsWith(`${p}/`)))) {
    return { ok: false, message: `${path} would clash with a file or folder of the same name.` };
  }
  return { ok: true, path };
}

function withFiles(scenario: Scenario, files: Record<string, string>): Scenario {
  return { ...scenario, files };
}

/** Applies an action. */
export function reducePlayground(state: PlaygroundState, action: PlaygroundAction): PlaygroundState {
  const s = state.scenario;
  switch (action.type) {
    case 'file.edit':
      if (action.path === DOCKERFILE_PATH) return s.dockerfile === action.text ? state : { ...state, scenario: { ...s, dockerfile: action.text } };
      if (s.files[action.path] === undefined || s.files[action.path] === action.text) return state;
      return { ...state, scenario: withFiles(s, { ...s.files, [action.path]: action.text }) };
    case 'file.open':
      return fileText(s, action.path) === undefined ? state : { ...state, activePath: action.path };
    case 'file.add': {
      const check = checkNewPath(s, action.path);
      if (!check.ok) return { ...state, status: check.message };
      return { ...state, scenario: withFiles(s, { ...s.files, [check.path]: action.text ?? '' }), activePath: check.path, status: `Added ${check.path} to the build context.` };
    }
    case 'file.rename': {
      if (s.files[action.from] === undefined) return state;
      const check = checkNewPath(s, action.to, action.from);
      if (!check.ok) return { ...state, status: check.message };
      const files: Record<string, string> = {};
      for (const [p, t] of Object.entries(s.files)) files[p === action.from ? check.path : p] = t;
      return { ...state, scenario: withFiles(s, files), activePath: state.activePath === action.from ? check.path : state.activePath, status: `Renamed ${action.from} to ${check.path}.` };
    }
    case 'file.delete': {
      if (s.files[action.path] === undefined) return state;
      const files = { ...s.files };
      delete files[action.path];
      return { ...state, scenario: withFiles(s, files), activePath: state.activePath === action.path ? DOCKERFILE_PATH : state.activePath, status: `Deleted ${action.path}.` };
    }
    case 'settings.change':
      return { ...state, scenario: { ...s, settings: { ...s.settings, ...action.settings } } };
    case 'scenario.replace':
      return { ...state, scenario: action.scenario, activePath: fileText(action.scenario, state.activePath) === undefined ? DOCKERFILE_PATH : state.activePath, status: action.status ?? state.status };
    case 'analysis.done':
      return { ...state, analysis: action.analysis, timing: action.timing };
    case 'build.done':
      return { ...state, builds: { ...state.builds, [action.build.builder]: action.build } };
    case 'builds.clear':
      return { ...state, builds: {} };
    case 'status':
      return { ...state, status: action.status };
  }
}
