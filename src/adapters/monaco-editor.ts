/// <reference types="vite/client" />
// The only code that touches Monaco. Loaded with a dynamic import when the playground mounts, so a
// lesson page ships none of it up front. It loads the editor core, the contributions the playground
// uses (hover, suggest, code actions, find, folding, …) and only the Dockerfile language, and runs
// Monaco's editor worker through Vite's `?worker` import.

import * as monaco from 'monaco-editor/editor/editor.api.js';
import 'monaco-editor/editor/browser/coreCommands.js';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution.js';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController.js';
import 'monaco-editor/editor/contrib/codeAction/browser/codeActionContributions.js';
import 'monaco-editor/editor/contrib/gotoError/browser/gotoError.js';
import 'monaco-editor/editor/contrib/find/browser/findController.js';
import 'monaco-editor/editor/contrib/folding/browser/folding.js';
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching.js';
import 'monaco-editor/editor/contrib/comment/browser/comment.js';
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard.js';
import 'monaco-editor/editor/contrib/contextmenu/browser/contextmenu.js';
import 'monaco-editor/editor/contrib/cursorUndo/browser/cursorUndo.js';
import 'monaco-editor/editor/contrib/linesOperations/browser/linesOperations.js';
import 'monaco-editor/editor/contrib/multicursor/browser/multicursor.js';
import 'monaco-editor/editor/contrib/wordOperations/browser/wordOperations.js';
import 'monaco-editor/editor/contrib/indentation/browser/indentation.js';
import 'monaco-editor/editor/contrib/snippet/browser/snippetController2.js';
import 'monaco-editor/editor/contrib/tokenization/browser/tokenization.js';
import 'monaco-editor/editor/contrib/toggleTabFocusMode/browser/toggleTabFocusMode.js';
import 'monaco-editor/editor/common/standaloneStrings.js';
import 'monaco-editor/languages/definitions/dockerfile/register.js';
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
import type { EditorDiagnostic, StageSummary } from '../core/session/pipeline.ts';
import { findInstructionDoc, instructionUrl } from '../core/session/instruction-docs.ts';

declare global {
  interface Window {
    MonacoEnvironment?: monaco.Environment;
  }
}

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

export interface EditorHandle {
  /** Shows a file; each path keeps its own model (and undo history). */
  open(path: string, text: string): void;
  /** Replaces a file's text from outside (Reset, a share link), keeping it open if it is. */
  setText(path: string, text: string): void;
  /** Drops a file's model (deleted or renamed). */
  forget(path: string): void;
  setDiagnostics(diagnostics: readonly EditorDiagnostic[]): void;
  setStages(stages: readonly StageSummary[]): void;
  setTheme(dark: boolean): void;
  focus(): void;
  dispose(): void;
}

export interface EditorOptions {
  readonly path: string;
  readonly text: string;
  readonly dark: boolean;
  readonly ariaLabel: string;
  readonly onChange: (path: string, text: string) => void;
}

const DOCKERFILE = 'Dockerfile';

function languageOf(path: string): string {
  return path === DOCKERFILE || path.endsWith('.Dockerfile') || path.endsWith('/Dockerfile') ? 'dockerfile' : 'plaintext';
}

function severityOf(severity: EditorDiagnostic['severity']): monaco.MarkerSeverity {
  return severity === 'error' ? monaco.MarkerSeverity.Error : severity === 'warning' ? monaco.MarkerSeverity.Warning : monaco.MarkerSeverity.Info;
}

function rangeOf(model: monaco.editor.ITextModel, range: readonly [number, number]): monaco.IRange {
  const start = model.getPositionAt(range[0]);
  const end = model.getPositionAt(Math.max(range[0], range[1]));
  return { startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: end.column };
}

function overlaps(a: monaco.IRange, b: monaco.IRange): boolean {
  return !(monaco.Range.getEndPosition(a).isBefore(monaco.Range.getStartPosition(b)) || monaco.Range.getEndPosition(b).isBefore(monaco.Range.getStartPosition(a)));
}

// One set of language providers for the whole page, reading the newest diagnostics and stages.
const state: { diagnostics: readonly EditorDiagnostic[]; stages: readonly StageSummary[] } = { diagnostics: [], stages: [] };
let providersRegistered = false;

function registerProviders(): void {
  if (providersRegistered) return;
  providersRegistered = true;

  monaco.languages.registerHoverProvider('dockerfile', {
    provideHover(model, position) {
      const line = model.getLineContent(position.lineNumber);
      const keyword = /^\s*([A-Za-z]+)/.exec(line);
      const word = model.getWordAtPosition(position);
      if (!word) return null;
      const wordRange = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
      if (keyword && keyword[1] && word.word.toUpperCase() === keyword[1].toUpperCase() && word.startColumn === line.indexOf(keyword[1]) + 1) {
        const doc = findInstructionDoc(keyword[1]);
        if (!doc) return null;
        return { range: wordRange, contents: [{ value: `**${keyword[1].toUpperCase()}**` }, { value: doc.summary }, { value: `[Dockerfile reference](${instructionUrl(keyword[1])})` }] };
      }
      // A flag: `--name` or `--name=value`, with the cursor on its name.
      const before = line.slice(0, word.endColumn - 1);
      const flag = /--([a-z-]+)$/.exec(before);
      if (keyword?.[1] && flag?.[1]) {
        const doc = findInstructionDoc(keyword[1]);
        const text = doc?.flags[flag[1]];
        if (text) return { range: wordRange, contents: [{ value: `**${keyword[1].toUpperCase()} --${flag[1]}**` }, { value: text }] };
      }
      // A stage name after --from= or in FROM: say which stage it is.
      const stage = state.stages.find((s) => s.name === word.word.toLowerCase());
      if (stage && /(--from=|FROM\s+|from=)\S*$/i.test(line.slice(0, word.startColumn - 1) + word.word)) {
        return { range: wordRange, contents: [{ value: `Stage **${stage.name ?? stage.index}** (stage ${stage.index}, line ${stage.line}, \`FROM ${stage.base}\`)` }] };
      }
      return null;
    },
  });

  monaco.languages.registerCompletionItemProvider('dockerfile', {
    triggerCharacters: ['=', ' '],
    provideCompletionItems(model, position) {
      const before = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
      const word = model.getWordUntilPosition(position);
      const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
      const fromFlag = /(?:--from=|from=)([\w.-]*)$/i.exec(before);
      const fromStage = /^\s*FROM\s+([\w.-]*)$/i.exec(before);
      if (fromFlag || fromStage) {
        const here = model.getOffsetAt(position);
        // Only stages defined before this line can be referenced.
        const stages = state.stages.filter((s) => s.name !== undefined && s.range[0] < here);
        return {
          suggestions: stages.map((s) => ({
            label: s.name ?? String(s.index),
            kind: monaco.languages.CompletionItemKind.Reference,
            detail: `stage ${s.index}: FROM ${s.base}`,
            insertText: s.name ?? String(s.index),
            range,
          })),
        };
      }
      if (/^\s*[A-Za-z]*$/.test(before)) {
        return {
          suggestions: ['FROM', 'RUN', 'COPY', 'ADD', 'WORKDIR', 'ENV', 'ARG', 'CMD', 'ENTRYPOINT', 'EXPOSE', 'LABEL', 'USER', 'VOLUME', 'SHELL', 'HEALTHCHECK', 'ONBUILD', 'STOPSIGNAL'].map((k) => ({
            label: k,
            kind: monaco.languages.CompletionItemKind.Keyword,
            documentation: findInstructionDoc(k)?.summary ?? '',
            insertText: `${k} `,
            range,
          })),
        };
      }
      return { suggestions: [] };
    },
  });

  monaco.languages.registerCodeActionProvider('dockerfile', {
    provideCodeActions(model, range) {
      const actions: monaco.languages.CodeAction[] = [];
      for (const d of state.diagnostics) {
        if (!d.fix) continue;
        const r = rangeOf(model, d.range);
        if (!overlaps(r, range)) continue;
        actions.push({
          title: d.fix.title,
          kind: 'quickfix',
          isPreferred: true,
          diagnostics: [{ ...r, message: d.message, severity: severityOf(d.severity) }],
          edit: {
            edits: d.fix.edits.map((e) => ({ resource: model.uri, versionId: model.getVersionId(), textEdit: { range: rangeOf(model, e.range), text: e.newText } })),
          },
        });
      }
      return { actions, dispose: () => undefined };
    },
  });
}

/**
 * Defines light and dark editor themes from the site's colours. Every token colour is chosen for at
 * least 4.5:1 contrast on its background (axe checks the editor's text like any other).
 */
function defineThemes(): void {
  defineTheme('stagecraft-light', 'vs', { text: '1b1f24', background: 'ffffff', keyword: '0a5fb4', string: '116329', escape: '8250df', variable: '953800', muted: '57606a' });
  defineTheme('stagecraft-dark', 'vs-dark', { text: 'e6e8eb', background: '161c23', keyword: '79b8ff', string: 'a5d6a7', escape: 'd2a8ff', variable: 'ffa657', muted: 'a9b2bc' });
}

interface ThemeColours {
  readonly text: string;
  readonly background: string;
  readonly keyword: string;
  readonly string: string;
  readonly escape: string;
  readonly variable: string;
  /** Comments and line numbers. */
  readonly muted: string;
}

function defineTheme(name: string, base: 'vs' | 'vs-dark', c: ThemeColours): void {
  monaco.editor.defineTheme(name, {
    base,
    inherit: true,
    rules: [
      { token: '', foreground: c.text },
      { token: 'keyword', foreground: c.keyword, fontStyle: 'bold' },
      { token: 'string', foreground: c.string },
      { token: 'string.escape', foreground: c.escape },
      { token: 'variable', foreground: c.variable },
      { token: 'comment', foreground: c.muted, fontStyle: 'italic' },
    ],
    colors: {
      'editor.background': `#${c.background}`,
      'editor.foreground': `#${c.text}`,
      'editorLineNumber.foreground': `#${c.muted}`,
      'editorLineNumber.activeForeground': `#${c.text}`,
    },
  });
}

/** Mounts a Monaco editor in `element`. */
export function mountEditor(element: HTMLElement, options: EditorOptions): EditorHandle {
  registerProviders();
  defineThemes();
  const models = new Map<string, monaco.editor.ITextModel>();
  let suppress = false;
  let currentPath = options.path;
  // Each playground gets its own URI space so two islands on a page do not share models.
  const space = Math.random().toString(36).slice(2);
  const modelFor = (path: string, text: string): monaco.editor.ITextModel => {
    let model = models.get(path);
    if (!model) {
      model = monaco.editor.createModel(text, languageOf(path), monaco.Uri.parse(`inmemory://${space}/${encodeURI(path)}`));
      const bound = path;
      model.onDidChangeContent(() => {
        if (!suppress) options.onChange(bound, models.get(bound)?.getValue() ?? '');
      });
      models.set(path, model);
    }
    return model;
  };
  const editor = monaco.editor.create(element, {
    model: modelFor(options.path, options.text),
    theme: options.dark ? 'stagecraft-dark' : 'stagecraft-light',
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 14,
    scrollBeyondLastLine: false,
    ariaLabel: options.ariaLabel,
    renderLineHighlight: 'line',
    tabSize: 4,
    fixedOverflowWidgets: true,
    lightbulb: { enabled: monaco.editor.ShowLightbulbIconMode.On },
    // Tab moves focus, so the editor is never a keyboard trap; Ctrl+M switches Tab to indenting.
    tabFocusMode: true,
  });

  const applyMarkers = (): void => {
    const model = models.get(DOCKERFILE);
    if (!model) return;
    monaco.editor.setModelMarkers(
      model,
      'stagecraft',
      state.diagnostics.map((d) => ({
        ...rangeOf(model, d.range),
        severity: severityOf(d.severity),
        message: d.message,
        source: d.source === 'lint' ? (d.code.startsWith('stagecraft/') ? 'stagecraft' : 'buildkit') : d.source,
        code: d.url ? { value: d.code, target: monaco.Uri.parse(d.url) } : d.code,
      })),
    );
  };

  return {
    open(path, text) {
      currentPath = path;
      const model = modelFor(path, text);
      if (model.getValue() !== text) {
        suppress = true;
        model.setValue(text);
        suppress = false;
      }
      editor.setModel(model);
    },
    setText(path, text) {
      const model = models.get(path);
      if (!model) return;
      if (model.getValue() !== text) {
        suppress = true;
        model.pushEditOperations([], [{ range: model.getFullModelRange(), text }], () => null);
        suppress = false;
      }
      if (path === currentPath) editor.setModel(model);
    },
    forget(path) {
      const model = models.get(path);
      if (model && path !== currentPath) {
        model.dispose();
        models.delete(path);
      }
    },
    setDiagnostics(diagnostics) {
      state.diagnostics = diagnostics;
      applyMarkers();
    },
    setStages(stages) {
      state.stages = stages;
    },
    setTheme(dark) {
      monaco.editor.setTheme(dark ? 'stagecraft-dark' : 'stagecraft-light');
    },
    focus() {
      editor.focus();
    },
    dispose() {
      editor.dispose();
      for (const m of models.values()) m.dispose();
      models.clear();
    },
  };
}
