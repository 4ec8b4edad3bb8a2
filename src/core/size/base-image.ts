// One entry point for the build engine: a FROM reference in, a loadable image skeleton out.
// Scenario-declared images come first (they are what the recordings used), then scratch, then the
// catalog; an unknown reference is either reported (scenarios: the engine raises image-not-found)
// or estimated and flagged (the playground).

import { estimateUnknownImage, resolveBaseImage, type UnknownImageEstimate } from './base-image-catalog.ts';
import { catalogImageToSkeleton, scratchSkeleton } from './catalog-skeleton.ts';
import { declaredImageToSkeleton, type DeclaredImage, type ImageSkeleton } from './image-skeleton.ts';
import { normalizeImageReference, type ImageRefError, type NormalizedImageRef } from './image-reference.ts';

export type BaseImageOutcome =
  | {
      readonly kind: 'found';
      readonly skeleton: ImageSkeleton;
      readonly from: 'declared' | 'catalog' | 'scratch';
      readonly notes: readonly string[];
    }
  | {
      readonly kind: 'estimated';
      readonly skeleton: ImageSkeleton;
      readonly estimate: UnknownImageEstimate;
      readonly notes: readonly string[];
    }
  | { readonly kind: 'not-found'; readonly ref: NormalizedImageRef; readonly notes: readonly string[] }
  | { readonly kind: 'invalid'; readonly error: ImageRefError };

export interface LoadBaseImageOptions {
  /** A scenario's `images` block, keyed by reference as written there (`local/busybox:1`). */
  readonly declaredImages?: Readonly<Record<string, DeclaredImage>>;
  /** `--platform` of the FROM instruction, if any. */
  readonly platform?: string | null;
  /** Playground: estimate unknown images instead of reporting them as not found. */
  readonly estimateUnknown?: boolean;
}

function canonicalOf(text: string): string | null {
  const result = normalizeImageReference(text);
  return result.ok ? result.ref.canonical : null;
}

// distroless publishes `:nonroot` tags whose config sets USER 65532 over the same filesystem.
function withTagDefaults(skeleton: ImageSkeleton, ref: NormalizedImageRef): ImageSkeleton {
  if (skeleton.os === 'distroless' && ref.tag.startsWith('nonroot')) {
    return { ...skeleton, defaults: { ...skeleton.defaults, user: '65532' } };
  }
  return skeleton;
}

/**
 * Resolves a FROM reference to a base-image skeleton: declared scenario images, then scratch,
 * then the catalog, then (only when asked) a flagged estimate for an unknown image.
 */
export function loadBaseImage(text: string, options: LoadBaseImageOptions = {}): BaseImageOutcome {
  const resolution = resolveBaseImage(text, options.platform ?? null);
  if (resolution.kind === 'invalid') return resolution;
  if (resolution.kind === 'scratch') return { kind: 'found', skeleton: scratchSkeleton(), from: 'scratch', notes: resolution.notes };

  const declared = options.declaredImages ?? {};
  for (const [name, image] of Object.entries(declared)) {
    if (canonicalOf(name) === resolution.ref.canonical) {
      const { skeleton, problems } = declaredImageToSkeleton(resolution.ref.canonical, image);
      return { kind: 'found', skeleton, from: 'declared', notes: [...resolution.notes, ...problems] };
    }
  }

  if (resolution.kind === 'catalog') {
    const skeleton = catalogImageToSkeleton(resolution.image, resolution.ref.canonical);
    return { kind: 'found', skeleton: withTagDefaults(skeleton, resolution.ref), from: 'catalog', notes: resolution.notes };
  }
  if (!options.estimateUnknown) return { kind: 'not-found', ref: resolution.ref, notes: resolution.notes };
  const estimate = estimateUnknownImage(resolution.ref);
  const skeleton = catalogImageToSkeleton(estimate.basedOn, resolution.ref.canonical, estimate.size);
  return { kind: 'estimated', skeleton: withTagDefaults(skeleton, resolution.ref), estimate, notes: [...resolution.notes, estimate.rule] };
}
