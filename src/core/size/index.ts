// The size pipeline's public surface: base-image references and catalog, image skeletons the
// filesystem loads, the toolchain knowledge base behind simulated RUNs, and byte formatting.

/** Brands a byte count, sums byte counts, and formats them like the docker CLI. */
export { bytes, sumBytes, formatBytesLikeDocker, formatBytesHuman, humanSizeWithPrecision, formatGoG, type Bytes } from './bytes.ts';

/** Normalises FROM references as Docker does (`node` → `docker.io/library/node:latest`). */
export {
  normalizeImageReference,
  isScratchReference,
  familiarizeName,
  type NormalizedImageRef,
  type ImageRefError,
  type ImageRefResult,
} from './image-reference.ts';

/** Looks base images up in the sourced catalog and estimates unknown ones, flagged. */
export {
  resolveBaseImage,
  findCatalogImage,
  listCatalogImages,
  estimateUnknownImage,
  type CatalogImage,
  type BaseImageResolution,
  type UnknownImageEstimate,
} from './base-image-catalog.ts';

/** Describes the generated catalog records (see shared/data/README.md for every field). */
export type { CatalogRecord, CatalogOs, PackageManager } from './base-image-catalog-types.ts';

/** Resolves a FROM reference to a loadable skeleton: declared, scratch, catalog or estimated. */
export { loadBaseImage, type BaseImageOutcome, type LoadBaseImageOptions } from './base-image.ts';

/** Builds plain-data filesystem skeletons whose entry sizes sum exactly to the image size. */
export {
  declaredImageToSkeleton,
  skeletonToFileList,
  envRecordToList,
  sumEntrySizes,
  normalizeImagePath,
  utf8Length,
  SYNTHETIC_REMAINDER_PATH,
  SYNTHETIC_COMPONENT_NAME,
  DEFAULT_PATH,
  type ImageEntry,
  type ImageEntryType,
  type ImageSkeleton,
  type ImageDefaults,
  type SizeEstimate,
  type SizeBasis,
  type DeclaredImage,
  type DeclaredSkeletonResult,
  type SkeletonFileList,
} from './image-skeleton.ts';

/** Builds the skeleton of a catalog image (or of scratch) from its record. */
export { catalogImageToSkeleton, scratchSkeleton, DOCKER_CLEAN_APT_CONF } from './catalog-skeleton.ts';

/** Estimates what build-tool commands leave on disk, for the shell's external-command hook. */
export {
  estimateToolchainCommand,
  findToolchainRule,
  readPomInfo,
  sumEffectBytes,
  TOOLCHAIN_RULES,
  type ToolchainContext,
  type ToolchainEffect,
  type ToolchainFile,
  type ToolchainRule,
  type ToolCall,
  type PomInfo,
} from './toolchain-knowledge.ts';

/** Estimates the footprint of one apt or apk package by name. */
export { estimatePackage, SYNTHETIC_PACKAGE_DIR, type PackageEstimate, type PackageFamily } from './package-sizes.ts';

/** Lists every sourced figure the estimates use, with the on-disk ÷ compressed ratio. */
export { FIGURES, ON_DISK_PER_COMPRESSED, ON_DISK_PER_COMPRESSED_SOURCE, onDiskBytes, type SizeFigure, type FigureKind } from './size-figures.ts';

/** Splits, sums and compares layer sizes for history views and multi-stage comparisons. */
export {
  sumLayerSizes,
  estimateLayerDiskSizes,
  countSharedBaseLayers,
  formatHistorySizes,
  compareWithSingleStage,
  type HistoryRowInput,
  type SingleStageComparison,
} from './layer-sizes.ts';

/** Adapts the knowledge base to the shell's external-command hook without importing the filesystem. */
export {
  createToolchainResolver,
  type ExternalContextLike,
  type ExternalResultLike,
  type ToolchainHookAdapter,
} from './toolchain-hook.ts';
