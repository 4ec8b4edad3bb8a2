// The size pipeline's public surface: base-image references and catalog, image skeletons the
// filesystem loads, the toolchain knowledge base behind simulated RUNs, and byte formatting.

export {
  /** Brands a non-negative integer count of bytes. */
  bytes,
  /** Adds byte counts. */
  sumBytes,
  /** Formats bytes like `docker images` and `docker history` (decimal units, 3 significant digits). */
  formatBytesLikeDocker,
  /** Formats bytes like go-units HumanSize (4 significant digits). */
  formatBytesHuman,
  /** Formats bytes like go-units HumanSizeWithPrecision with any precision. */
  humanSizeWithPrecision,
  /** Formats a number like Go's `%.*g` (round half to even, exponent form past the precision). */
  formatGoG,
} from './bytes.ts';
export type { Bytes } from './bytes.ts';

export {
  /** Normalises an image reference like Docker (`node` → `docker.io/library/node:latest`). */
  normalizeImageReference,
  /** Tells whether a FROM argument is the reserved empty image `scratch`. */
  isScratchReference,
} from './image-reference.ts';
export {
  /** Shortens a normalised name the way the docker CLI prints it. */
  familiarName as familiarizeName,
} from '../image-ref/reference.ts';
export type { NormalizedImageRef, ImageRefError, ImageRefResult } from './image-reference.ts';

export {
  /** Resolves a FROM reference against the catalog (tags, aliases, digests, --platform notes). */
  resolveBaseImage,
  /** Finds a catalog image by reference, or undefined. */
  findCatalogImage,
  /** Lists every catalog image with the on-disk size the simulator uses. */
  listCatalogImages,
  /** Estimates an image the catalog does not know, by nearest tag or name pattern, flagged. */
  estimateUnknownImage,
} from './base-image-catalog.ts';
export type { CatalogImage, BaseImageResolution, UnknownImageEstimate } from './base-image-catalog.ts';
export type { CatalogRecord, CatalogOs, PackageManager } from './base-image-catalog-types.ts';

export {
  /** Resolves a FROM reference to a loadable skeleton: declared, scratch, catalog or (if asked) estimated. */
  loadBaseImage,
} from './base-image.ts';
export type { BaseImageOutcome, LoadBaseImageOptions } from './base-image.ts';

export {
  /** Turns a scenario's `images` declaration into a skeleton shaped like a catalog image's. */
  declaredImageToSkeleton,
  /** Flattens a skeleton to the scenario `images` shape plus its ENV, WORKDIR and USER. */
  skeletonToFileList,
  /** Turns an environment record into `KEY=value` strings. */
  envRecordToList,
  /** Sums the bytes skeleton entries count toward an image's size. */
  sumEntrySizes,
  /** Path of the synthetic file that holds a skeleton's unattributed bytes. */
  SYNTHETIC_REMAINDER_PATH,
  /** Name of the synthetic file that holds the bulk of a tool's install directory. */
  SYNTHETIC_COMPONENT_NAME,
  /** The PATH official images set (and BuildKit's default). */
  DEFAULT_PATH,
} from './image-skeleton.ts';
export {
  /** Cleans an absolute path (`//`, `.`, `..`, trailing slash). */
  normalizePath as normalizeImagePath,
} from '../fs/path.ts';
export {
  /** Counts the UTF-8 bytes of a string. */
  utf8Length,
} from '../fs/utf8.ts';
export type {
  ImageEntry,
  ImageEntryType,
  ImageSkeleton,
  ImageDefaults,
  SizeEstimate,
  SizeBasis,
  DeclaredImage,
  DeclaredSkeletonResult,
  SkeletonFileList,
} from './image-skeleton.ts';

export {
  /** Builds a catalog image's filesystem skeleton, summing exactly to its size. */
  catalogImageToSkeleton,
  /** Returns the empty skeleton of `FROM scratch`. */
  scratchSkeleton,
  /** Path of the apt config that makes official Debian/Ubuntu images delete downloaded .debs. */
  DOCKER_CLEAN_APT_CONF,
} from './catalog-skeleton.ts';

export {
  /** Estimates what a build-tool command leaves on disk, or null when no rule knows it. */
  estimateToolchainCommand,
  /** Finds the knowledge-base rule that answers for a command. */
  findToolchainRule,
  /** Reads artifactId, version, packaging and finalName from a pom.xml. */
  readPomInfo,
  /** Sums the bytes a toolchain effect writes. */
  sumEffectBytes,
  /** The knowledge base's command patterns, each with its source. */
  TOOLCHAIN_RULES,
} from './toolchain-knowledge.ts';
export type { ToolchainContext, ToolchainEffect, ToolchainFile, ToolchainRule, ToolCall, PomInfo } from './toolchain-knowledge.ts';

export {
  /** Makes a function of the shell's ResolveExternal shape from the knowledge base and an fs adapter. */
  createToolchainResolver,
} from './toolchain-hook.ts';
export type { ExternalContextLike, ExternalResultLike, ToolchainHookAdapter } from './toolchain-hook.ts';

export {
  /** Estimates one apt or apk package's footprint by name. */
  estimatePackage,
  /** Directory of the synthetic per-package payload files. */
  SYNTHETIC_PACKAGE_DIR,
} from './package-sizes.ts';
export type { PackageEstimate, PackageFamily } from './package-sizes.ts';

export {
  /** Every sourced (or explicitly unsourced) figure the estimates use. */
  FIGURES,
  /** Median on-disk ÷ compressed ratio (2.47, size-facts.md §5). */
  ON_DISK_PER_COMPRESSED,
  /** Citation for ON_DISK_PER_COMPRESSED. */
  ON_DISK_PER_COMPRESSED_SOURCE,
  /** Turns a figure into on-disk bytes. */
  onDiskBytes,
} from './size-figures.ts';
export type { SizeFigure, FigureKind } from './size-figures.ts';

export {
  /** Adds the sizes of layers. */
  sumLayerSizes,
  /** Splits a catalog image's on-disk size across its layers, summing exactly. */
  estimateLayerDiskSizes,
  /** Counts the leading layers two catalog images share. */
  countSharedBaseLayers,
  /** Formats the SIZE column of `docker history` rows. */
  formatHistorySizes,
  /** Compares a multi-stage result with shipping the builder stage. */
  compareWithSingleStage,
} from './layer-sizes.ts';
export type { HistoryRowInput, SingleStageComparison } from './layer-sizes.ts';
