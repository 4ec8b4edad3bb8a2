// The shape of one generated catalog record (see base-image-catalog.data.ts and
// shared/data/README.md for the meaning of every field).

export type CatalogOs = 'debian' | 'ubuntu' | 'alpine' | 'busybox' | 'distroless' | 'ubuntu-chiseled' | 'scratch';

export type PackageManager = 'apt' | 'apk' | 'none';

/** One base image as recorded in shared/data/base-images.json, reduced to what the simulator uses. */
export interface CatalogRecord {
  /** Repository as published: `node`, `gcr.io/distroless/static-debian12`, `mcr.microsoft.com/dotnet/sdk`. */
  readonly image: string;
  readonly tag: string;
  /** Other tags that named the same image when the record was made (tags move over time). */
  readonly aliases: readonly string[];
  readonly os: CatalogOs;
  readonly osVersion: string | null;
  /** Registry pull size: the sum of the gzip-compressed layer blobs. */
  readonly compressedBytes: number | null;
  /** On-disk size, what `docker images` shows (`.Size`). */
  readonly uncompressedBytes: number | null;
  /** The source gave only a rounded figure. */
  readonly approximate: boolean;
  readonly layers: number | null;
  /** Compressed bytes per layer, in order; sums to compressedBytes. */
  readonly layerSizes: readonly number[] | null;
  readonly hasShell: boolean;
  readonly hasPackageManager: PackageManager;
  /** Notable tools in the image: jdk, jre, maven, gradle, go, node, npm, yarn, python, pip, gcc, … */
  readonly contains: readonly string[];
  readonly source: string;
  readonly uncompressedSource: string | null;
  readonly uncompressedSameBuild: boolean | null;
  readonly observedDate: string | null;
  readonly notes: string | null;
}
