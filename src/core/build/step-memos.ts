// The simulator's memory of the steps it has derived, kept across simulations by each step's full
// inputs (the filesystem a step starts from by its layers' contents, not by object).
//
// RUN through the built-in shell model, COPY/ADD and WORKDIR are pure functions of their inputs,
// and the playground re-simulates on every keystroke with fresh build caches, so their layers are
// kept and handed back, as a content-addressed cache would: what a build reports (run or cached,
// and why) does not change, and a later step's input stays the same object from one simulation to
// the next (so the stacked filesystems' memoised reads carry over too, see Rootfs.withLayer).
//
// A store belongs to whoever creates it: the playground's pipeline dependencies make one per
// session (src/core/session/pipeline.ts), so sessions never see each other's steps and dropping
// the dependencies drops the memory. Callers that pass none share `defaultStepMemos`, one store
// for the process (the CLI, scenario replay, tests), as all simulations did before stores existed.

import type { Layer } from '../fs/layer.ts';
import type { Rootfs } from '../fs/layered-fs.ts';
import { hashStrings } from '../fs/hash.ts';
import { boundedMemo } from '../bounded-memo.ts';

/** A filesystem step that succeeded: its layer and what it printed. */
export interface LayerOutcome {
  readonly ok: true;
  readonly layer: Layer;
  readonly output: readonly string[];
  readonly estimated: boolean;
  readonly durationMs: number;
}

/** A COPY/ADD's layer and the destination paths it wrote, each with the source path it came from. */
export interface CopiedLayer {
  readonly layer: Layer;
  readonly written: readonly [string, string][];
}

/** Step outcomes remembered by their inputs; every map is bounded (see STEP_MEMO_LIMIT). */
export interface StepMemos {
  /** Successful RUN outcomes of the built-in executor (a failure is cheap to find again and never kept). */
  readonly runs: Map<string, LayerOutcome>;
  readonly copies: Map<string, CopiedLayer>;
  readonly workdirs: Map<string, Layer>;
  /** hashStrings by its parts: image ids and vertex keys hash a step's whole signature (a RUN's script included). */
  readonly hashes: Map<string, string>;
  /** Interned filesystem stacks: a stack's parent id and top layer's key → the stack's short id. */
  readonly stackIds: Map<string, string>;
  /** Each filesystem's stack id in this store (ids are the store's own, so the table is too). */
  readonly rootfsKeys: WeakMap<Rootfs, string>;
  /** The next stack id; ids are never reused, so forgetting `stackIds` only costs later memo misses. */
  nextStackId: number;
}

/** The bound of each step memo: room for a few 1,000-step files. */
export const STEP_MEMO_LIMIT = 4096;

/** Creates an empty store, as a simulator that has never derived a step has. */
export function createStepMemos(): StepMemos {
  return { runs: new Map(), copies: new Map(), workdirs: new Map(), hashes: new Map(), stackIds: new Map(), rootfsKeys: new WeakMap(), nextStackId: 0 };
}

/** The store of every simulation whose input names none. */
export const defaultStepMemos: StepMemos = createStepMemos();

/** Returns hashStrings(...parts), remembered by its (length-prefixed, so unambiguous) parts. */
export function hashRemembered(memos: StepMemos, parts: readonly string[]): string {
  // The playground asks for the same hashes on every keystroke, and a Map finds a string faster
  // than the FNV hash reads it.
  let key = '';
  for (const p of parts) key += `${p.length}:${p}`;
  // Three per step (image id, container id, vertex key).
  return boundedMemo(memos.hashes, STEP_MEMO_LIMIT * 4, key, () => hashStrings(...parts));
}

/**
 * Returns a filesystem's key in `memos`: a short id interned from its parent's id and its top
 * layer's key, so equal contents get equal ids and a key stays short however deep the stack (no
 * per-step copy of it).
 */
export function rootfsKey(memos: StepMemos, fs: Rootfs): string {
  const known = memos.rootfsKeys.get(fs);
  if (known !== undefined) return known;
  const pending: Rootfs[] = [];
  let below: Rootfs | undefined = fs;
  let base = '';
  while (below !== undefined) {
    const id = memos.rootfsKeys.get(below);
    if (id !== undefined) {
      base = id;
      break;
    }
    pending.push(below);
    below = below.below;
  }
  for (let i = pending.length - 1; i >= 0; i--) {
    const stack = pending[i] as Rootfs;
    const top = stack.layers[stack.layers.length - 1];
    const full = top === undefined ? '' : `${base}|${layerKey(top)}`;
    const id = boundedMemo(memos.stackIds, STEP_MEMO_LIMIT * 4, full, () => `s${memos.nextStackId++}`);
    memos.rootfsKeys.set(stack, id);
    base = id;
  }
  return base;
}

// A layer's key depends on nothing but the (immutable) layer, so it is kept with the layer for
// every store, like the digests kept with entries (fs/entry.ts): it holds no memory of steps.
const LAYER_KEYS = new WeakMap<Layer, string>();

// A layer's content digest leaves out which files are estimates; the key names them too.
function layerKey(layer: Layer): string {
  let key = LAYER_KEYS.get(layer);
  if (key === undefined) {
    const estimated: string[] = [];
    if (layer.estimated) for (const [path, change] of layer.changes) if (change.type === 'file' && change.estimated) estimated.push(path);
    key = `${layer.digest}${layer.symlinkSizing === 'zero' ? 'z' : ''}${estimated.length > 0 ? `e${hashStrings(...estimated.sort())}` : ''}`;
    LAYER_KEYS.set(layer, key);
  }
  return key;
}
