// Per-layer arithmetic for `docker history`-style views and size comparisons.

import type { CatalogImage } from './base-image-catalog.ts';
import { bytes, formatBytesLikeDocker, type Bytes } from './bytes.ts';

/** Adds the sizes of layers (or any sized rows). */
export function sumLayerSizes(layers: readonly { readonly size: Bytes }[]): Bytes {
  return bytes(layers.reduce((total, layer) => total + layer.size, 0));
}

/**
 * Splits a catalog image's on-disk size across its layers in proportion to their compressed sizes
 * (largest-remainder rounding, so the parts sum exactly to the image size). An estimate: layers
 * compress differently, and only the totals are recorded.
 */
export function estimateLayerDiskSizes(image: CatalogImage): Bytes[] {
  const total = image.sizeBytes;
  const compressed = image.record.layerSizes;
  const count = Math.max(image.layerCount, 0);
  if (count === 0) return [];
  const weights = compressed && compressed.length === count ? compressed : Array.from({ length: count }, (_, i) => (i === 0 ? 1 : 0));
  const weightSum = weights.reduce((a, b) => a + b, 0) || 1;
  const exact = weights.map((w) => (total * w) / weightSum);
  const floors = exact.map(Math.floor);
  let rest = total - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((value, i) => ({ i, frac: value - Math.floor(value) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (rest <= 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    rest -= 1;
  }
  return floors.map((value) => bytes(value));
}

/**
 * Counts the leading layers two catalog images have in common, judged by identical compressed
 * layer sizes (repo-info records no digests per layer; equal sizes at equal positions on the
 * same base are how shared/data/README.md identifies shared bases).
 */
export function countSharedBaseLayers(a: CatalogImage, b: CatalogImage): { readonly layers: number; readonly compressedBytes: Bytes } {
  const left = a.record.layerSizes ?? [];
  const right = b.record.layerSizes ?? [];
  let layers = 0;
  let shared = 0;
  while (layers < left.length && layers < right.length && left[layers] === right[layers]) {
    shared += left[layers] ?? 0;
    layers += 1;
  }
  return { layers, compressedBytes: bytes(shared) };
}

/** A row of a `docker history`-style table. */
export interface HistoryRowInput {
  readonly createdBy: string;
  readonly size: Bytes;
}

/** Formats the SIZE column of `docker history` rows (same units as `docker images`). */
export function formatHistorySizes(rows: readonly HistoryRowInput[]): string[] {
  return rows.map((row) => formatBytesLikeDocker(row.size));
}

/** What a multi-stage build saves over shipping the builder stage itself. */
export interface SingleStageComparison {
  readonly finalBytes: Bytes;
  /** The builder stage's image with the final stage's own additions (what one stage would ship). */
  readonly singleStageBytes: Bytes;
  readonly savedBytes: Bytes;
  /** singleStage ÷ final; Infinity for an empty final image. */
  readonly ratio: number;
}

/**
 * Compares a multi-stage result with its single-stage equivalent: the builder stage's full size
 * plus the layers the final stage adds other than the artifacts it copies from the builder
 * (those already exist in the builder stage).
 */
export function compareWithSingleStage(input: {
  readonly finalBytes: Bytes;
  readonly builderStageBytes: Bytes;
  /** Final-stage layers that are not COPY --from the builder (config files, a RUN, …). */
  readonly finalOwnLayerBytes: Bytes;
}): SingleStageComparison {
  const single = bytes(input.builderStageBytes + input.finalOwnLayerBytes);
  return {
    finalBytes: input.finalBytes,
    singleStageBytes: single,
    savedBytes: bytes(Math.max(0, single - input.finalBytes)),
    ratio: input.finalBytes === 0 ? Number.POSITIVE_INFINITY : single / input.finalBytes,
  };
}
