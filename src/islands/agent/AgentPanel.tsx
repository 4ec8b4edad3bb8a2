// "Connect local agent": pairs the playground with `npx stagecraft agent` on the learner's
// machine, runs the playground's Dockerfile through their real Docker engine, streams the real
// log, and compares it side by side with the simulation (per step cached/ran, stages, outcome,
// size, time), highlighting every disagreement.
//
// Mounted inside the playground island (it reads the session through usePlayground). It never
// contacts the agent before the learner acts: pairing is a click (or opening the agent's pairing
// link), and a restored pairing is only checked in the tab that made it.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { BuildEvent } from '../../core/build/events.ts';
import type { BuilderKind } from '../../core/build/types.ts';
import { createLogRenderer } from '../../core/build/render/index.ts';
import { buildersOf } from '../../core/session/scenario.ts';
import { AgentError, agentBaseUrl, loadConnection, parsePairingCode, parsePairingHash, saveConnection, type AgentConnection } from '../../adapters/agent-link.ts';
import type { HealthResponse } from '../../protocol/index.ts';

// The protocol client (zod schemas, fetch) loads on the learner's first action, not with the page.
const client = () => import('../../adapters/agent-client.ts');
import { usePlayground } from '../playground-context.ts';
import { diffBuilds, summarize } from './compare.ts';
import './agent-panel.css';

type Phase = 'idle' | 'pairing' | 'paired' | 'running' | 'error';

interface RealRun {
  readonly builder: BuilderKind;
  events: BuildEvent[];
  lines: string[];
}

function describeError(error: unknown): string {
  if (error instanceof AgentError) return error.details.length > 0 ? `${error.message} ${error.details.join(' ')}` : error.message;
  if (error instanceof DOMException && error.name === 'AbortError') return 'Stopped.';
  return error instanceof Error ? error.message : String(error);
}

function dockerLine(health: HealthResponse): string {
  if (health.docker === null) return `Docker is not reachable from the agent${health.dockerError ? `: ${health.dockerError}` : ''}.`;
  const kit = health.docker.buildkit === 'buildx' ? 'BuildKit through buildx' : health.docker.buildkit === 'docker-build' ? 'BuildKit through docker build' : 'no BuildKit (install buildx)';
  return `Docker ${health.docker.server} (CLI ${health.docker.client}), legacy builder and ${kit}.`;
}

export function AgentPanel() {
  const session = usePlayground();
  const [phase, setPhase] = useState<Phase>('idle');
  const [connection, setConnection] = useState<AgentConnection | null>(null);
  const [health, setHealth] = useState<HealthResponse | null>(null);
  const [message, setMessage] = useState('');
  const [code, setCode] = useState('');
  const [runs, setRuns] = useState<RealRun[]>([]);
  const abortRef = useRef<AbortController | null>(null);
  const settings = session.state.scenario.settings;
  const builders = buildersOf(settings.builder);

  const connected = useCallback(async (conn: AgentConnection, note: string) => {
    setConnection(conn);
    saveConnection(conn);
    setPhase('paired');
    setMessage(note);
    try {
      setHealth(await (await client()).fetchHealth(conn.baseUrl));
    } catch (error) {
      setMessage(describeError(error));
    }
  }, []);

  // Opening the agent's pairing link (`#agent=PORT&pair=SECRET`) pairs at once; the fragment is
  // removed from the address bar before anything else. Otherwise a pairing made earlier in this
  // tab is restored.
  useEffect(() => {
    const fromLink = (): boolean => {
      const fromHash = parsePairingHash(window.location.hash);
      if (fromHash === null) return false;
      history.replaceState(null, '', window.location.pathname + window.location.search);
      const baseUrl = agentBaseUrl(fromHash.port);
      if (baseUrl === null) return false;
      setPhase('pairing');
      setMessage('Pairing with the agent from its link…');
      client()
        .then((c) => c.pairWithAgent(baseUrl, fromHash.secret))
        .then(
          (conn) => connected(conn, 'Paired with the agent from its link.'),
          (error: unknown) => {
            setPhase('error');
            setMessage(describeError(error));
          },
        );
      return true;
    };
    if (!fromLink()) {
      const saved = loadConnection();
      if (saved !== null) {
        setConnection(saved);
        setPhase('paired');
        setMessage('Paired earlier in this tab.');
      }
    }
    // The link opened in a tab already showing the playground only changes the fragment.
    const onHash = (): void => void fromLink();
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [connected]);

  const pairByCode = useCallback(async () => {
    const parsed = parsePairingCode(code);
    if (parsed === null) {
      setMessage('Type the code the agent printed, like 49731-K7QX-MB2P-9TZD.');
      return;
    }
    const baseUrl = agentBaseUrl(parsed.port);
    if (baseUrl === null) return;
    setPhase('pairing');
    setMessage('Pairing…');
    try {
      await connected(await (await client()).pairWithAgent(baseUrl, parsed.code), 'Paired.');
      setCode('');
    } catch (error) {
      setPhase('error');
      setMessage(describeError(error));
    }
  }, [code, connected]);

  const disconnect = useCallback(() => {
    abortRef.current?.abort();
    saveConnection(null);
    setConnection(null);
    setHealth(null);
    setRuns([]);
    setPhase('idle');
    setMessage('Forgot the pairing. The agent keeps running until you stop it (Ctrl-C removes its images).');
  }, []);

  const runForReal = useCallback(async () => {
    if (connection === null) return;
    const scenario = session.state.scenario;
    const abort = new AbortController();
    abortRef.current = abort;
    setPhase('running');
    setMessage('Simulating, then building on your Docker engine…');
    // The simulation of the same build, with each builder's cache, as the real engine keeps one.
    void session.startBuild('rebuild');
    const fresh: RealRun[] = [];
    setRuns([]);
    try {
      const { buildRequestFor, streamBuild } = await client();
      for (const builder of buildersOf(scenario.settings.builder)) {
        const run: RealRun = { builder, events: [], lines: [] };
        fresh.push(run);
        const renderer = createLogRenderer(builder, { color: 'none' });
        const request = buildRequestFor({
          builder,
          dockerfile: scenario.dockerfile,
          files: scenario.files,
          target: scenario.settings.target,
          buildArgs: scenario.settings.buildArgs,
          noCache: scenario.settings.noCache,
        });
        for await (const event of streamBuild(connection, request, abort.signal)) {
          run.events.push(event);
          run.lines.push(...renderer.push(event));
          setRuns(fresh.map((r) => ({ ...r, events: [...r.events], lines: [...r.lines] })));
        }
      }
      setMessage('Done: compare the real build with the simulation below.');
      setPhase('paired');
    } catch (error) {
      if (error instanceof AgentError && error.code === 'unauthorized') {
        saveConnection(null);
        setConnection(null);
        setPhase('error');
        setMessage('The agent no longer knows this page (it restarted, or the session expired). Pair again with its new code.');
        return;
      }
      setPhase(abort.signal.aborted ? 'paired' : 'error');
      setMessage(abort.signal.aborted ? 'Stopped: the agent killed the build.' : describeError(error));
    } finally {
      abortRef.current = null;
    }
  }, [connection, session]);

  const cleanup = useCallback(async () => {
    if (connection === null) return;
    try {
      const removed = await (await client()).cleanupAgentImages(connection);
      setMessage(`Removed ${removed.removedTags.length} image${removed.removedTags.length === 1 ? '' : 's'} the agent built. Nothing else was touched.`);
    } catch (error) {
      setMessage(describeError(error));
    }
  }, [connection]);

  const diffs = useMemo(
    () =>
      runs.map((run) => {
        const simulated = session.state.builds[run.builder];
        return { run, rows: diffBuilds(summarize(simulated?.events ?? []), summarize(run.events)) };
      }),
    [runs, session.state.builds],
  );

  const fileList = Object.keys(session.state.scenario.files);
  const busy = phase === 'running' || phase === 'pairing';

  return (
    <section className="sc-view sc-agent" aria-labelledby="sc-agent-title" data-testid="agent-panel" data-phase={phase}>
      <h3 id="sc-agent-title">Connect local agent</h3>
      {connection === null ? (
        <div className="sc-agent-explain" data-testid="agent-explanation">
          <p>
            Want to see what your own Docker does with this Dockerfile? Run the Stagecraft agent on your computer with <code>npx stagecraft agent</code> and pair this page with it using the code it prints.
          </p>
          <p>
            <strong>What a paired page can do on your machine:</strong> send the Dockerfile and the files shown here to the agent, which runs <code>docker build</code> with them (legacy builder or BuildKit). The build&rsquo;s{' '}
            <code>RUN</code> commands run in build containers on your computer, with network access, exactly like a build you start yourself, so only build Dockerfiles you trust. The page sees the log, the image size and the layers.
          </p>
          <p>
            <strong>What it cannot do:</strong> run containers, read or write your files, use your secrets or SSH keys, download from URLs through <code>ADD</code>, or touch images it did not build. The agent listens on 127.0.0.1 only, answers only
            this site, and removes its images when you stop it (Ctrl-C).
          </p>
          <div className="sc-agent-pair">
            <label htmlFor="sc-agent-code">Pairing code</label>
            <input
              id="sc-agent-code"
              data-testid="agent-code"
              value={code}
              autoComplete="off"
              spellCheck={false}
              placeholder="49731-K7QX-MB2P-9TZD"
              onChange={(e) => setCode(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') void pairByCode();
              }}
            />
            <button type="button" data-testid="agent-pair" disabled={busy || code.trim() === ''} onClick={() => void pairByCode()}>
              Pair
            </button>
          </div>
        </div>
      ) : (
        <div className="sc-agent-connected">
          <p data-testid="agent-status">
            Paired with the agent at <code>{connection.baseUrl}</code>
            {health ? ` (agent ${health.agentVersion}). ${dockerLine(health)}` : '.'}
          </p>
          <p className="sc-agent-sends">
            <strong>Run for real</strong> sends the Dockerfile{fileList.length > 0 ? ` and ${fileList.length} file${fileList.length === 1 ? '' : 's'} (${fileList.slice(0, 6).join(', ')}${fileList.length > 6 ? ', …' : ''})` : ''} and builds with{' '}
            {builders.map((b) => (b === 'legacy' ? 'the legacy builder' : 'BuildKit')).join(' and ')}
            {settings.target.trim() !== '' ? `, --target ${settings.target.trim()}` : ''}.
          </p>
          <div className="sc-agent-actions">
            <button type="button" data-testid="agent-run" disabled={busy} onClick={() => void runForReal()}>
              Run for real
            </button>
            <button type="button" data-testid="agent-stop" disabled={phase !== 'running'} onClick={() => abortRef.current?.abort()}>
              Stop
            </button>
            <button type="button" data-testid="agent-cleanup" disabled={busy} onClick={() => void cleanup()}>
              Remove agent images
            </button>
            <button type="button" data-testid="agent-forget" onClick={disconnect}>
              Forget pairing
            </button>
          </div>
        </div>
      )}
      <p className="sc-agent-message" role="status" aria-live="polite" data-testid="agent-message">
        {message}
      </p>
      {diffs.map(({ run, rows }) => (
        <div key={run.builder} className="sc-agent-run">
          <h4>{run.builder === 'legacy' ? 'Legacy builder' : 'BuildKit'}: real log</h4>
          <pre className="sc-agent-log" data-testid="agent-log" data-builder={run.builder} tabIndex={0} aria-label={`Real ${run.builder} log`}>
            {run.lines.join('\n')}
          </pre>
          <table className="sc-agent-diff" data-testid="agent-diff" data-builder={run.builder}>
            <caption>
              Simulation and your engine, side by side{rows.some((r) => r.agree === false) ? ` — ${rows.filter((r) => r.agree === false).length} disagreement(s) highlighted` : ' — they agree'}
            </caption>
            <thead>
              <tr>
                <th scope="col">What</th>
                <th scope="col">Simulated</th>
                <th scope="col">Real</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key} data-agree={row.agree === null ? 'info' : String(row.agree)} className={row.agree === false ? 'sc-agent-mismatch' : undefined}>
                  <th scope="row">{row.label}</th>
                  <td>{row.simulated}</td>
                  <td>
                    {row.real}
                    {row.agree === false ? <span className="sc-agent-flag"> ≠ differs</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}

export default AgentPanel;
