// The build controls: builder, target, build args, no-cache, and Build / Rebuild / Step /
// Play-Pause / Reset / Share, driven through the build machines of the session.

import { useEffect, useId, useState } from 'react';
import { useSelector } from '@xstate/react';
import type { BuildSnapshot } from '../core/build/machine.ts';
import { buildersOf, type BuilderChoice } from '../core/session/scenario.ts';
import { usePlayground } from './playground-context.ts';
import { formatBuildArgs, parseBuildArgs } from './build-args.ts';

type Phase = 'idle' | 'planning' | 'playing' | 'paused' | 'done';

function phaseOf(s: BuildSnapshot): Phase {
  if (s.matches({ active: { running: 'paused' } })) return 'paused';
  if (s.matches({ active: 'running' })) return 'playing';
  if (s.matches('active')) return 'planning';
  if (s.matches('idle')) return 'idle';
  return 'done';
}

export function BuildControls() {
  const { state, dispatch, actors, startBuild, requestReset, share, shareLink } = usePlayground();
  const settings = state.scenario.settings;
  const id = useId();
  const legacyPhase = useSelector(actors.legacy, phaseOf);
  const buildkitPhase = useSelector(actors.buildkit, phaseOf);
  const builders = buildersOf(settings.builder);
  const phases = builders.map((b) => (b === 'legacy' ? legacyPhase : buildkitPhase));
  const playing = phases.some((p) => p === 'playing' || p === 'planning');
  const paused = phases.some((p) => p === 'paused');
  const [argsText, setArgsText] = useState(formatBuildArgs(settings.buildArgs));
  useEffect(() => setArgsText(formatBuildArgs(settings.buildArgs)), [settings.buildArgs]);

  const stages = state.analysis?.stages ?? [];
  const named = stages.filter((s) => s.name !== undefined);
  const last = stages[stages.length - 1];
  const lastLabel = last ? (last.name ?? `stage ${last.index}`) : 'none yet';
  const targetKnown = settings.target === '' || named.some((s) => s.name === settings.target.toLowerCase());

  const togglePlay = (): void => {
    for (const b of builders) actors[b].send({ type: paused ? 'build.resume' : 'build.pause' });
  };

  return (
    <div className="sc-controls">
      <div className="sc-control-group" role="group" aria-label="Build settings">
        <label htmlFor={`${id}-builder`}>Builder</label>
        <select
          id={`${id}-builder`}
          data-testid="builder-select"
          value={settings.builder}
          onChange={(e) => dispatch({ type: 'settings.change', settings: { builder: e.target.value as BuilderChoice } })}
        >
          <option value="legacy">Legacy builder</option>
          <option value="buildkit">BuildKit</option>
          <option value="both">Both, side by side</option>
        </select>
        <label htmlFor={`${id}-target`}>Target</label>
        <select id={`${id}-target`} data-testid="target-select" value={settings.target} onChange={(e) => dispatch({ type: 'settings.change', settings: { target: e.target.value } })}>
          <option value="">Last stage ({lastLabel})</option>
          {named.map((s) => (
            <option key={s.index} value={s.name}>
              {s.name}
            </option>
          ))}
          {!targetKnown ? <option value={settings.target}>{settings.target} (no such stage)</option> : null}
        </select>
        <label htmlFor={`${id}-args`}>Build args</label>
        <input
          id={`${id}-args`}
          data-testid="build-args"
          type="text"
          spellCheck={false}
          placeholder="NAME=value …"
          value={argsText}
          onChange={(e) => setArgsText(e.target.value)}
          onBlur={() => dispatch({ type: 'settings.change', settings: { buildArgs: parseBuildArgs(argsText) } })}
          onKeyDown={(e) => {
            if (e.key === 'Enter') dispatch({ type: 'settings.change', settings: { buildArgs: parseBuildArgs(argsText) } });
          }}
        />
        <span className="sc-check">
          <input id={`${id}-nocache`} type="checkbox" data-testid="no-cache" checked={settings.noCache} onChange={(e) => dispatch({ type: 'settings.change', settings: { noCache: e.target.checked } })} />
          <label htmlFor={`${id}-nocache`}>--no-cache</label>
        </span>
      </div>
      <div className="sc-control-group" role="group" aria-label="Build">
        <button type="button" className="sc-primary" data-testid="build-button" onClick={() => void startBuild('build')} title="Build on a fresh engine (empty cache)">
          Build
        </button>
        <button type="button" data-testid="rebuild-button" onClick={() => void startBuild('rebuild')} title="Build again, reusing this session's cache">
          Rebuild
        </button>
        <button type="button" data-testid="step-button" onClick={() => void startBuild('step')} title="Start paused, or play the next step">
          Step
        </button>
        <button type="button" data-testid="play-pause-button" onClick={togglePlay} disabled={!playing && !paused} aria-pressed={playing}>
          {paused ? 'Play' : 'Pause'}
        </button>
      </div>
      <div className="sc-control-group" role="group" aria-label="Scenario">
        <button type="button" data-testid="share-button" onClick={() => void share()}>
          Share
        </button>
        <button type="button" data-testid="reset-button" onClick={requestReset}>
          Reset
        </button>
      </div>
      {shareLink ? (
        <div className="sc-share">
          <label htmlFor={`${id}-share`}>Share link</label>
          <input id={`${id}-share`} data-testid="share-url" type="text" readOnly value={shareLink} onFocus={(e) => e.currentTarget.select()} />
        </div>
      ) : null}
    </div>
  );
}
