// The playground island: editor, build context, controls, terminal(s) and views sharing one build
// session. Hydrate it with `client:load` (or `client:only="react"`); Monaco, xterm and the
// simulator load afterwards in their own chunks (the simulator in a Web Worker).
//
// Props (all plain JSON, so Astro can serialise them):
//   lessonId   storage key for the learner's work ("playground" on the standalone page)
//   dockerfile the starting Dockerfile text (the lesson's start.Dockerfile)
//   files      the starting build context: { "src/app.txt": "…" } or [{ path, content }]
//   settings   optional { builder: 'legacy'|'buildkit'|'both', target?, buildArgs?, noCache? }
//   title      optional accessible name of the region (default "Playground")
//
// The learner's edits are saved per lessonId in localStorage and restored on reload; a
// `#scenario=…` hash (from Share) wins over both and is then removed from the address bar.

import { useCallback, useDeferredValue, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useActorRef } from '@xstate/react';
import { buildMachine } from '../core/build/machine.ts';
import type { BuilderKind } from '../core/build/types.ts';
import { buildersOf, canonical, DEFAULT_SETTINGS, readSettings, type PlaygroundSettings, type Scenario } from '../core/session/scenario.ts';
import type { BuildView, SessionBuild } from '../core/session/pipeline.ts';
import {
  addImage,
  EMPTY_STORE,
  formatHistory,
  formatImages,
  formatInspect,
  formatRun,
  fullImageId,
  HELP_LINES,
  parseTerminalCommand,
  type BuildCommand,
  type ImageStore,
} from '../core/terminal/index.ts';
import { createPipelineClient, type PipelineClient } from '../adapters/pipeline-client.ts';
import { clearScenario, loadScenario, saveScenario } from '../adapters/storage.ts';
import { decodeScenario, scenarioParam, shareUrl } from '../adapters/share-link.ts';
import { PlaygroundContext, type BuildMode, type PlaygroundSession, type TerminalMessage } from './playground-context.ts';
import { DOCKERFILE_PATH, initialState, reducePlayground } from './playground-state.ts';
import { BuildControls } from './BuildControls.tsx';
import { FileTree } from './FileTree.tsx';
import { EditorPane } from './EditorPane.tsx';
import { TerminalPane } from './TerminalPane.tsx';
import { StageGraphView } from './StageGraphView.tsx';
import { LayerStackView } from './LayerStackView.tsx';
import { TimelineView } from './TimelineView.tsx';
import { SizeSummaryView } from './SizeSummaryView.tsx';
import { CacheReport } from './CacheReport.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { dockerSize } from './format.ts';
import './playground.css';
// --- local agent panel (issue 5, src/islands/agent) ---
import { AgentPanel } from './agent/AgentPanel.tsx';
// --- end local agent panel ---

export interface PlaygroundProps {
  readonly lessonId: string;
  readonly dockerfile: string;
  readonly files?: Readonly<Record<string, string>> | readonly { readonly path: string; readonly content: string }[];
  readonly settings?: Partial<PlaygroundSettings>;
  readonly title?: string;
}

function startingScenario(props: PlaygroundProps): Scenario {
  const files: Record<string, string> = {};
  if (Array.isArray(props.files)) for (const f of props.files as readonly { path: string; content: string }[]) files[f.path] = f.content;
  else if (props.files) Object.assign(files, props.files);
  return canonical({ dockerfile: props.dockerfile, files, settings: readSettings({ ...DEFAULT_SETTINGS, ...props.settings }) });
}

function imageName(lessonId: string): string {
  const clean = lessonId.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '');
  return clean === '' ? 'app' : clean;
}

function buildCommandText(builder: BuilderKind, options: { tags: readonly string[]; target?: string; buildArgs: Readonly<Record<string, string>>; noCache: boolean; file?: string }): string {
  const parts = [builder === 'legacy' ? 'DOCKER_BUILDKIT=0 docker build' : 'docker build'];
  if (options.file !== undefined) parts.push(`-f ${options.file}`);
  for (const t of options.tags) parts.push(`-t ${t}`);
  if (options.target) parts.push(`--target ${options.target}`);
  for (const [k, v] of Object.entries(options.buildArgs)) parts.push(`--build-arg ${k}=${/[\s"'$]/.test(v) ? JSON.stringify(v) : v}`);
  if (options.noCache) parts.push('--no-cache');
  parts.push('.');
  return parts.join(' ');
}

function useDarkTheme(): boolean {
  const [dark, setDark] = useState(false);
  useEffect(() => {
    const read = (): void => setDark(document.documentElement.dataset['theme'] === 'dark');
    read();
    const observer = new MutationObserver(read);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    window.addEventListener('stagecraft:theme', read);
    return () => {
      observer.disconnect();
      window.removeEventListener('stagecraft:theme', read);
    };
  }, []);
  return dark;
}

// Playback pace: simulated time ×4, every step on screen ≥ 100 ms, no wait longer than 300 ms.
const NO_VIEWS: readonly BuildView[] = [];

const MACHINE_INPUT = { speed: 4, minStepDelayMs: 400, maxDelayMs: 1200 } as const;

/** The playground island. */
export default function Playground(props: PlaygroundProps) {
  const start = useMemo(() => startingScenario(props), [props.lessonId, props.dockerfile]); // eslint-disable-line react-hooks/exhaustive-deps
  const [state, dispatch] = useReducer(reducePlayground, start, initialState);
  const [images, setImages] = useState<ImageStore>(EMPTY_STORE);
  const [restored, setRestored] = useState(false);
  const [confirmReset, setConfirmReset] = useState(false);
  const [shareLink, setShareLink] = useState<string | null>(null);
  const [richEditor, setRichEditor] = useState(false);
  const dark = useDarkTheme();
  const legacy = useActorRef(buildMachine, { input: MACHINE_INPUT });
  const buildkit = useActorRef(buildMachine, { input: MACHINE_INPUT });
  const actors = useMemo(() => ({ legacy, buildkit }), [legacy, buildkit]);
  const clientRef = useRef<PipelineClient | null>(null);
  const scenarioRef = useRef(state.scenario);
  scenarioRef.current = state.scenario;
  const pendingImage = useRef<
    Partial<Record<BuilderKind, { build: SessionBuild; contents: Readonly<Record<string, string>>; uncertainPaths: readonly string[] }>>
  >({});
  const listeners = useRef(new Map<BuilderKind, Set<(m: TerminalMessage) => void>>());
  const clockStart = useRef(typeof performance === 'undefined' ? 0 : performance.now());
  const name = imageName(props.lessonId);

  const tell = useCallback((builder: BuilderKind, m: TerminalMessage) => {
    for (const l of listeners.current.get(builder) ?? []) l(m);
  }, []);

  // Start the pipeline worker once, on the client.
  useEffect(() => {
    const client = createPipelineClient({
      onAnalysis: (analysis, timing) => dispatch({ type: 'analysis.done', analysis, timing }),
      onError: (message) => dispatch({ type: 'status', status: `The simulator failed: ${message}` }),
    });
    clientRef.current = client;
    setRichEditor(!window.matchMedia('(pointer: coarse)').matches);
    return () => {
      client.dispose();
      clientRef.current = null;
    };
  }, []);

  // Restore: a share link first, then saved work, else the lesson's start.
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const param = scenarioParam(window.location.hash);
      if (param !== null) {
        const shared = await decodeScenario(param, start.settings);
        if (cancelled) return;
        if (shared) {
          dispatch({ type: 'scenario.replace', scenario: shared, status: 'Opened the shared scenario.' });
          saveScenario(props.lessonId, shared);
        } else dispatch({ type: 'status', status: 'The share link is damaged; showing your saved work instead.' });
        history.replaceState(null, '', window.location.pathname + window.location.search);
        if (shared) {
          setRestored(true);
          return;
        }
      }
      const saved = loadScenario(props.lessonId, start.settings);
      if (saved) dispatch({ type: 'scenario.replace', scenario: saved, status: 'Restored your saved work.' });
      setRestored(true);
    })();
    return () => {
      cancelled = true;
    };
  }, [props.lessonId, start]);

  // Save every change (after the restore, so the start never overwrites saved work).
  useEffect(() => {
    if (restored) saveScenario(props.lessonId, state.scenario);
  }, [restored, props.lessonId, state.scenario]);

  // Every change re-runs parse + lint + simulation in the worker (latest wins).
  useEffect(() => {
    clientRef.current?.analyze(state.scenario);
  }, [state.scenario]);

  // A succeeded build enters the image store when its log says so.
  useEffect(() => {
    const subs = (['legacy', 'buildkit'] as const).map((builder) =>
      actors[builder].on('build.played', ({ event }) => {
        const who = builder === 'legacy' ? 'Legacy builder' : 'BuildKit';
        // Announce the end of a build (the status line is a polite live region).
        // The engine's text, then what it means for the learner (BuildError.explanation).
        if (event.type === 'build.failed') {
          const why = event.error.explanation === undefined ? '' : ` ${event.error.explanation}`;
          const message = event.error.message;
          dispatch({ type: 'status', status: `${who}: the build failed: ${message}${/[.!?]$/.test(message) ? '' : '.'}${why}` });
        }
        if (event.type === 'build.succeeded') {
          const cached = pendingImage.current[builder]?.build.result.steps.filter((s) => s.status === 'cached').length ?? 0;
          dispatch({ type: 'status', status: `${who}: built ${dockerSize(event.sizeBytes)} in ${event.layers} layers${cached > 0 ? `, ${cached} steps from the cache` : ''}.` });
        }
        if (event.type !== 'build.succeeded') return;
        const pending = pendingImage.current[builder];
        const image = pending?.build.result.image;
        if (!pending || !image) return;
        const stored = {
          id: fullImageId(event.imageId || image.id),
          tags: pending.build.tags,
          builder,
          createdMs: performance.now() - clockStart.current,
          image,
          contents: pending.contents,
          uncertainPaths: pending.uncertainPaths,
        };
        setImages((store) => addImage(store, stored));
      }),
    );
    return () => subs.forEach((s) => s.unsubscribe());
  }, [actors]);

  const waitForEnd = useCallback(
    (builder: BuilderKind) =>
      new Promise<void>((resolve) => {
        const actor = actors[builder];
        const done = (): boolean => {
          const s = actor.getSnapshot();
          return s.matches('succeeded') || s.matches('failed') || s.matches('canceled') || s.matches('idle') || s.matches({ active: { running: 'paused' } });
        };
        if (done()) {
          resolve();
          return;
        }
        const sub = actor.subscribe(() => {
          if (done()) {
            sub.unsubscribe();
            resolve();
          }
        });
      }),
    [actors],
  );

  const runOne = useCallback(
    async (builder: BuilderKind, command: { tags: string[]; target?: string; buildArgs: Readonly<Record<string, string>>; noCache: boolean; file?: string; dockerfileText?: string }, paused: boolean) => {
      const client = clientRef.current;
      if (!client) return;
      const scenario = scenarioRef.current;
      const { build, contents, uncertainPaths, elapsedMs } = await client.build(scenario, builder, {
        tags: command.tags,
        target: command.target ?? '',
        buildArgs: command.buildArgs,
        noCache: command.noCache,
        ...(command.dockerfileText !== undefined ? { dockerfileText: command.dockerfileText } : {}),
      });
      pendingImage.current[builder] = { build, contents, uncertainPaths };
      dispatch({ type: 'build.done', build });
      dispatch({ type: 'status', status: `${builder === 'legacy' ? 'Legacy builder' : 'BuildKit'}: simulated in ${elapsedMs.toFixed(1)} ms, playing the log.` });
      actors[builder].send({ type: 'build.start', events: build.events, paused });
    },
    [actors],
  );

  const startBuild = useCallback(
    async (mode: BuildMode) => {
      const s = scenarioRef.current.settings;
      const builders = buildersOf(s.builder);
      // Step while paused advances every paused build instead of starting a new one.
      if (mode === 'step' && builders.some((b) => actors[b].getSnapshot().matches({ active: { running: 'paused' } }))) {
        for (const b of builders) actors[b].send({ type: 'build.step' });
        return;
      }
      const client = clientRef.current;
      if (!client) return;
      // Build is a first build on a fresh engine; Rebuild and Step reuse each builder's cache.
      if (mode === 'build') for (const b of builders) await client.reset(b);
      const target = s.target.trim();
      await Promise.all(
        builders.map(async (b) => {
          const tags = [s.builder === 'both' ? `${name}:${b}` : name];
          const options = { tags, ...(target !== '' ? { target } : {}), buildArgs: s.buildArgs, noCache: s.noCache };
          tell(b, { kind: 'echo', text: buildCommandText(b, options) });
          await runOne(b, options, mode === 'step');
        }),
      );
    },
    [actors, name, runOne, tell],
  );

  const runTerminalBuild = useCallback(
    async (builder: BuilderKind, cmd: BuildCommand): Promise<readonly string[]> => {
      if (cmd.context !== '.' && cmd.context !== './') {
        return [`unable to prepare context: path "${cmd.context}" not found (the playground's build context is ".")`];
      }
      const scenario = scenarioRef.current;
      let dockerfileText: string | undefined;
      if (cmd.file !== undefined && cmd.file !== DOCKERFILE_PATH && cmd.file !== `./${DOCKERFILE_PATH}`) {
        const text = scenario.files[cmd.file.replace(/^\.\//, '')];
        if (text === undefined) {
          return builder === 'legacy'
            ? [`unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat /home/learner/app/${cmd.file}: no such file or directory`]
            : [`failed to solve with frontend dockerfile.v0: failed to read dockerfile: open /var/lib/docker/tmp/buildkit-mount/${cmd.file}: no such file or directory`];
        }
        dockerfileText = text;
      }
      const buildArgs = { ...cmd.buildArgs };
      await runOne(
        builder,
        { tags: [...cmd.tags], ...(cmd.target !== undefined ? { target: cmd.target } : {}), buildArgs, noCache: cmd.noCache, ...(dockerfileText !== undefined ? { dockerfileText } : {}) },
        false,
      );
      await waitForEnd(builder);
      return [];
    },
    [runOne, waitForEnd],
  );

  const runCommand = useCallback(
    async (builder: BuilderKind, line: string): Promise<readonly string[]> => {
      const cmd = parseTerminalCommand(line);
      const now = performance.now() - clockStart.current;
      switch (cmd.kind) {
        case 'empty':
          return [];
        case 'clear':
          tell(builder, { kind: 'clear' });
          return [];
        case 'help':
          return HELP_LINES;
        case 'error':
          return cmd.lines;
        case 'images':
          return formatImages(images, now);
        case 'history':
          return formatHistory(images, cmd.image, now);
        case 'inspect':
          return formatInspect(images, cmd.images).lines;
        case 'run':
          return formatRun(images, cmd.image, cmd.args).lines;
        case 'build':
          return runTerminalBuild(builder, cmd);
      }
    },
    [images, runTerminalBuild, tell],
  );

  const onTerminalMessage = useCallback((builder: BuilderKind, listener: (m: TerminalMessage) => void) => {
    const set = listeners.current.get(builder) ?? new Set();
    set.add(listener);
    listeners.current.set(builder, set);
    return () => {
      set.delete(listener);
    };
  }, []);

  const doReset = useCallback(async () => {
    setConfirmReset(false);
    clearScenario(props.lessonId);
    for (const b of ['legacy', 'buildkit'] as const) {
      actors[b].send({ type: 'build.reset' });
      tell(b, { kind: 'clear' });
    }
    await clientRef.current?.reset();
    setImages(EMPTY_STORE);
    pendingImage.current = {};
    dispatch({ type: 'builds.clear' });
    dispatch({ type: 'scenario.replace', scenario: start, status: 'Reset to the lesson\u2019s starting files; the build caches and images are gone.' });
    dispatch({ type: 'file.open', path: DOCKERFILE_PATH });
  }, [actors, props.lessonId, start, tell]);

  const share = useCallback(async () => {
    const url = await shareUrl(scenarioRef.current, window.location);
    setShareLink(url);
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch {
      // Clipboard access can be refused; the link is shown for copying by hand.
    }
    dispatch({ type: 'status', status: copied ? 'Share link copied to the clipboard.' : 'Share link ready below: copy it to share this scenario.' });
  }, []);

  const session: PlaygroundSession = {
    lessonId: props.lessonId,
    state,
    dispatch,
    actors,
    images,
    dark,
    richEditor,
    startBuild,
    runCommand,
    onTerminalMessage,
    requestReset: () => setConfirmReset(true),
    share,
    shareLink,
  };

  const choice = state.scenario.settings.builder;
  const builders = useMemo(() => buildersOf(choice), [choice]);
  const timing = state.timing;
  // The views render at low priority: a keystroke's own update (the editor, the markers) is never
  // held up by re-rendering graphs and layer lists; React drops stale view renders as typing goes on.
  const views = useDeferredValue(state.analysis?.views ?? NO_VIEWS);
  const recentBuilds = useMemo(() => builders.flatMap((b) => (state.builds[b] ? [state.builds[b]] : [])), [builders, state.builds]);

  return (
    <PlaygroundContext.Provider value={session}>
      <section className={`sc-playground${dark ? ' sc-dark' : ''}`} aria-label={props.title ?? 'Playground'} data-restored={restored ? 'true' : 'false'}>
        <BuildControls />
        <div className="sc-workbench">
          <FileTree />
          <EditorPane />
        </div>
        <p className="sc-status" role="status" aria-live="polite">
          {state.status}
          {timing ? (
            <span className="sc-timing" data-pipeline-ms={timing.pipelineMs.toFixed(1)} data-roundtrip-ms={timing.roundTripMs.toFixed(1)}>
              {' '}
              Checked and simulated in {timing.pipelineMs.toFixed(0)} ms.
            </span>
          ) : null}
        </p>
        <div className={`sc-terminals sc-cols-${builders.length}`}>
          {builders.map((b) => (
            <TerminalPane key={b} builder={b} primary={b === builders[0]} />
          ))}
        </div>
        <div className="sc-views">
          <StageGraphView views={views} actors={actors} />
          <SizeSummaryView views={views} />
          <CacheReport builds={recentBuilds} />
          <TimelineView views={views} />
          <LayerStackView views={views} />
        </div>
        {/* --- local agent panel (issue 5, src/islands/agent) --- */}
        <AgentPanel />
        {/* --- end local agent panel --- */}
        <ConfirmDialog
          open={confirmReset}
          title="Reset the playground?"
          message="Your edits to the Dockerfile and the build context, the build caches and the images of this session will be lost. The lesson's starting files come back."
          confirmLabel="Reset"
          onConfirm={() => void doReset()}
          onCancel={() => setConfirmReset(false)}
        />
      </section>
    </PlaygroundContext.Provider>
  );
}
