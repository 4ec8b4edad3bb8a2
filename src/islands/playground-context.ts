// What every part of the playground island shares: one build session (state, the two builders'
// machines, the image store) and the actions that drive it.

import { createContext, useContext } from 'react';
import type { BuilderKind } from '../core/build/types.ts';
import type { BuildActor } from '../core/build/machine.ts';
import type { ImageStore } from '../core/terminal/index.ts';
import type { PlaygroundAction, PlaygroundState } from './playground-state.ts';

/** What a terminal prints that is not a build log. */
export type TerminalMessage = { readonly kind: 'echo'; readonly text: string } | { readonly kind: 'lines'; readonly lines: readonly string[] } | { readonly kind: 'clear' };

export type BuildMode = 'build' | 'rebuild' | 'step';

export interface PlaygroundSession {
  readonly lessonId: string;
  readonly state: PlaygroundState;
  readonly dispatch: (action: PlaygroundAction) => void;
  readonly actors: Readonly<Record<BuilderKind, BuildActor>>;
  readonly images: ImageStore;
  readonly dark: boolean;
  /** Whether Monaco may load (false on coarse-pointer devices: a text area instead). */
  readonly richEditor: boolean;
  /** Build, rebuild or step with the settings of the controls. */
  startBuild(mode: BuildMode): Promise<void>;
  /** Runs a terminal line for one builder's terminal; resolves when the prompt may return. */
  runCommand(builder: BuilderKind, line: string): Promise<readonly string[]>;
  /** Subscribes a terminal to non-log messages. */
  onTerminalMessage(builder: BuilderKind, listener: (m: TerminalMessage) => void): () => void;
  requestReset(): void;
  share(): Promise<void>;
  readonly shareLink: string | null;
}

export const PlaygroundContext = createContext<PlaygroundSession | null>(null);

/** Returns the playground session of the enclosing island. */
export function usePlayground(): PlaygroundSession {
  const session = useContext(PlaygroundContext);
  if (!session) throw new Error('usePlayground must be used inside <Playground>');
  return session;
}
