// Looking base images up in the generated catalog (base-image-catalog.data.ts), with the on-disk
// size the simulator uses for each, and estimates for references the catalog does not know.

import { BASE_IMAGE_RECORDS } from './base-image-catalog.data.ts';
import type { CatalogRecord } from './base-image-catalog-types.ts';
import { bytes, type Bytes } from './bytes.ts';
import type { SizeEstimate } from './image-skeleton.ts';
import {
  isScratchReference,
  normalizeImageReference,
  type ImageRefError,
  type NormalizedImageRef,
} from './image-reference.ts';
import { FIGURES, ON_DISK_PER_COMPRESSED, ON_DISK_PER_COMPRESSED_SOURCE } from './size-figures.ts';

/** A catalog record with the on-disk size and layer count the simulator uses for it. */
export interface CatalogImage {
  readonly record: CatalogRecord;
  /** Canonical `name:tag` of the record's own tag. */
  readonly name: string;
  readonly sizeBytes: Bytes;
  readonly size: SizeEstimate;
  readonly layerCount: number;
  readonly layerCountEstimated: boolean;
  /** On-disk ÷ compressed for this image: its own when both figures describe one build, else the median. */
  readonly onDiskRatio: number;
}

export type BaseImageResolution =
  | { readonly kind: 'scratch'; readonly notes: readonly string[] }
  | {
      readonly kind: 'catalog';
      readonly ref: NormalizedImageRef;
      readonly image: CatalogImage;
      /** `alias`: the tag was recorded as pointing at this image on the record's date only. */
      readonly matchedBy: 'tag' | 'alias';
      readonly notes: readonly string[];
    }
  | { readonly kind: 'unknown'; readonly ref: NormalizedImageRef; readonly notes: readonly string[] }
  | { readonly kind: 'invalid'; readonly error: ImageRefError };

const SCRATCH_IMAGE = 'scratch';

function recordName(record: CatalogRecord): string {
  const result = normalizeImageReference(record.image);
  return result.ok ? result.ref.name : record.image;
}

function describeSize(record: CatalogRecord): { sizeBytes: Bytes; size: SizeEstimate; ratio: number } {
  const sameBuildRatio =
    record.uncompressedBytes !== null && record.compressedBytes && record.uncompressedSameBuild !== false
      ? record.uncompressedBytes / record.compressedBytes
      : null;
  const ratio = sameBuildRatio ?? ON_DISK_PER_COMPRESSED;
  if (record.os === 'scratch') {
    return { sizeBytes: bytes(0), ratio, size: { estimated: false, basis: 'empty', source: record.source } };
  }
  if (record.uncompressedBytes !== null) {
    const size: SizeEstimate = {
      estimated: record.approximate,
      basis: 'on-disk',
      source: record.uncompressedSource ?? record.source,
      ...(record.approximate
        ? { note: 'the source gave a rounded figure' }
        : record.uncompressedSameBuild === false
          ? { note: 'the on-disk figure was measured on another build of this tag than the layer record' }
          : {}),
    };
    return { sizeBytes: bytes(record.uncompressedBytes), size, ratio };
  }
  if (record.compressedBytes !== null) {
    return {
      sizeBytes: bytes(record.compressedBytes * ON_DISK_PER_COMPRESSED),
      ratio,
      size: {
        estimated: true,
        basis: 'from-compressed',
        source: `${record.source}; × ${ON_DISK_PER_COMPRESSED} (${ON_DISK_PER_COMPRESSED_SOURCE})`,
        note: `no on-disk figure was recorded; compressed ${record.compressedBytes} B × ${ON_DISK_PER_COMPRESSED}`,
      },
    };
  }
  // Only distroless java17-debian12 lacks both figures; its record names java-debian10:11 as the proxy.
  const proxy = /java/.test(record.image) ? FIGURES.distrolessJavaOnDisk : FIGURES.distrolessBaseOnDisk;
  return {
    sizeBytes: bytes(proxy.bytes),
    ratio,
    size: { estimated: true, basis: 'proxy', source: proxy.source, note: 'no sourced size for this image; a close relative stands in' },
  };
}

function toCatalogImage(record: CatalogRecord): CatalogImage {
  const { sizeBytes, size, ratio } = describeSize(record);
  const tag = record.os === 'scratch' ? '' : `:${record.tag}`;
  return {
    record,
    name: record.os === 'scratch' ? SCRATCH_IMAGE : `${recordName(record)}${tag}`,
    sizeBytes,
    size,
    // Missing layer counts (distroless, .NET baselines) are not sourced anywhere: counted as one.
    layerCount: record.layers ?? 1,
    layerCountEstimated: record.layers === null,
    onDiskRatio: ratio,
  };
}

interface IndexEntry {
  readonly image: CatalogImage;
  readonly matchedBy: 'tag' | 'alias';
}

let index: Map<string, IndexEntry> | null = null;
let allImages: CatalogImage[] | null = null;

/** Lists every catalog image with its simulator size. */
export function listCatalogImages(): readonly CatalogImage[] {
  allImages ??= BASE_IMAGE_RECORDS.map(toCatalogImage);
  return allImages;
}

function catalogIndex(): Map<string, IndexEntry> {
  if (index) return index;
  const built = new Map<string, IndexEntry>();
  const images = listCatalogImages();
  // A record's own tag beats another record's alias; between aliases the newer record wins
  // (aliases describe the record's date only, shared/data/README.md).
  for (const image of images) {
    if (image.record.os === 'scratch') continue;
    built.set(`${recordName(image.record)}:${image.record.tag}`, { image, matchedBy: 'tag' });
  }
  const byDate = [...images].sort((a, b) => (a.record.observedDate ?? '').localeCompare(b.record.observedDate ?? ''));
  for (const image of byDate) {
    for (const alias of image.record.aliases) {
      const key = `${recordName(image.record)}:${alias}`;
      const existing = built.get(key);
      if (existing?.matchedBy === 'tag') continue;
      built.set(key, { image, matchedBy: 'alias' });
    }
  }
  index = built;
  return built;
}

/**
 * Resolves a FROM reference against the catalog the way Docker names images: `node:20`,
 * `library/node:20` and `docker.io/library/node:20` are one image; `@sha256:` digests are ignored
 * for sizes; `--platform` is noted because every figure is linux/amd64.
 */
export function resolveBaseImage(text: string, platform: string | null = null): BaseImageResolution {
  const platformMatch = /^--platform=(\S*)\s+(.*)$/s.exec(text.trim());
  const imageText = platformMatch ? (platformMatch[2] ?? '') : text;
  const plat = platformMatch ? (platformMatch[1] ?? null) : platform;
  const notes: string[] = [];
  if (plat !== null && plat !== 'linux/amd64' && plat !== '$BUILDPLATFORM' && plat !== '$TARGETPLATFORM') {
    notes.push(`--platform=${plat}: catalog sizes are linux/amd64 figures`);
  }
  if (isScratchReference(imageText)) return { kind: 'scratch', notes };
  const normalized = normalizeImageReference(imageText, plat);
  if (!normalized.ok) return { kind: 'invalid', error: normalized.error };
  const ref = normalized.ref;
  if (ref.digest !== null) notes.push(`digest ${ref.digest} ignored: sizes are looked up by tag (${ref.tag})`);
  const hit = catalogIndex().get(ref.canonical);
  if (!hit) return { kind: 'unknown', ref, notes };
  if (hit.matchedBy === 'alias') {
    notes.push(`${ref.familiarName}:${ref.tag} pointed at ${hit.image.record.image}:${hit.image.record.tag} on ${hit.image.record.observedDate ?? 'the record date'}; tags move over time`);
  }
  return { kind: 'catalog', ref, image: hit.image, matchedBy: hit.matchedBy, notes };
}

/** Finds a catalog image by reference, or undefined when the catalog does not know it. */
export function findCatalogImage(text: string): CatalogImage | undefined {
  const resolution = resolveBaseImage(text);
  return resolution.kind === 'catalog' ? resolution.image : undefined;
}

/** An estimate for an image the catalog does not know, always flagged as such. */
export interface UnknownImageEstimate {
  /** The catalog image the estimate copies size and filesystem layout from. */
  readonly basedOn: CatalogImage;
  readonly sizeBytes: Bytes;
  readonly size: SizeEstimate;
  /** The rule that chose `basedOn`, in words. */
  readonly rule: string;
}

type Variant = 'alpine' | 'slim' | 'chiseled' | 'full';

function variantOf(tag: string): Variant {
  if (/alpine/.test(tag)) return 'alpine';
  if (/chiseled/.test(tag)) return 'chiseled';
  if (/slim/.test(tag)) return 'slim';
  return 'full';
}

// A JDK tag must not be estimated from a JRE one (192 MB vs 47 MB compressed for Temurin 17).
function javaKindOf(tag: string): 'jdk' | 'jre' | '' {
  return /jdk/.test(tag) ? 'jdk' : /jre/.test(tag) ? 'jre' : '';
}

function versionOf(tag: string): number | null {
  const match = /^v?(\d+)(?:\.(\d+))?/.exec(tag);
  if (!match) return null;
  return Number(match[1]) * 1000 + Number(match[2] ?? 0);
}

function catalogImageFor(text: string): CatalogImage {
  const image = findCatalogImage(text);
  if (!image) throw new Error(`catalog is missing ${text}, which the unknown-image rules rely on`);
  return image;
}

/**
 * Estimates an image the catalog does not know: another tag of the same repository and variant
 * when there is one (`node:22-alpine` → `node:20-alpine`), else a rule of thumb by name
 * (distroless, chiseled, `*alpine*`, `*slim*`, busybox, otherwise a Debian base), never silently.
 */
export function estimateUnknownImage(ref: NormalizedImageRef): UnknownImageEstimate {
  const variant = variantOf(ref.tag);
  const siblings = listCatalogImages().filter(
    (image) =>
      image.record.os !== 'scratch' &&
      recordName(image.record) === ref.name &&
      variantOf(image.record.tag) === variant &&
      javaKindOf(image.record.tag) === javaKindOf(ref.tag),
  );
  if (siblings.length > 0) {
    const wanted = versionOf(ref.tag);
    const ranked = [...siblings].sort((a, b) => {
      if (wanted !== null) {
        const da = Math.abs((versionOf(a.record.tag) ?? Number.MAX_SAFE_INTEGER) - wanted);
        const db = Math.abs((versionOf(b.record.tag) ?? Number.MAX_SAFE_INTEGER) - wanted);
        if (da !== db) return da - db;
      }
      return (b.record.observedDate ?? '').localeCompare(a.record.observedDate ?? '');
    });
    const basedOn = ranked[0] as CatalogImage;
    const rule = `nearest catalog tag of the same repository and variant (${variant}): ${ref.familiarName}:${basedOn.record.tag}`;
    return {
      basedOn,
      sizeBytes: basedOn.sizeBytes,
      rule,
      size: { estimated: true, basis: 'nearest-tag', source: basedOn.size.source, note: `${ref.familiarName}:${ref.tag} is not in the catalog; ${rule}` },
    };
  }
  const path = ref.path;
  let template: string;
  let rule: string;
  if (/(^|\/)distroless\//.test(path)) {
    if (/static/.test(path)) template = 'gcr.io/distroless/static-debian12:latest';
    else if (/java/.test(path)) template = 'gcr.io/distroless/java-debian10:11';
    else template = 'gcr.io/distroless/base-debian10:latest';
    rule = `distroless image: sized like ${template}`;
  } else if (variant === 'chiseled') {
    template = 'mcr.microsoft.com/dotnet/runtime-deps:8.0-jammy-chiseled';
    rule = 'chiseled Ubuntu image: sized like the smallest chiseled catalog image (a lower bound)';
  } else if (variant === 'alpine' || /(^|\/)alpine$/.test(path)) {
    template = 'alpine:3.7';
    rule = 'Alpine-based image: the Alpine base alone (a lower bound; size-facts.md §5 shows alpine variants of builder images are 5.6–8.3× smaller than the full ones)';
  } else if (variant === 'slim') {
    template = 'debian:bookworm-slim';
    rule = 'slim image: the Debian slim base alone (a lower bound)';
  } else if (/busybox/.test(path)) {
    template = 'busybox:1.28';
    rule = 'busybox image: sized like busybox:1.28';
  } else {
    template = 'debian:stretch';
    rule = 'no hint in the name: a full Debian base (a lower bound; official builder images are 2.5–8× larger)';
  }
  const basedOn = catalogImageFor(template);
  return {
    basedOn,
    sizeBytes: basedOn.sizeBytes,
    rule,
    size: { estimated: true, basis: 'name-pattern', source: basedOn.size.source, note: `${ref.familiarName}:${ref.tag} is not in the catalog; ${rule}` },
  };
}
