// The layered virtual filesystem behind the build simulator: entries, layers with whiteouts, image
// root filesystems, the build context with .dockerignore, COPY/ADD planning and content digests.

export {
  /** Builds a regular file with real content. */
  makeFile,
  /** Builds a regular file with a size and a content fingerprint instead of bytes. */
  makeSyntheticFile,
  /** Builds a directory entry. */
  makeDir,
  /** Builds a symlink entry. */
  makeSymlink,
  /** Copies an entry with new mode or owner. */
  withMeta,
  /** Returns a file's real bytes, or undefined for a synthetic body. */
  fileBytes,
  /** Returns a file made of the first bytes of another. */
  sliceFile,
  /** Concatenates files as `cat a b` does (the result keeps its parts' strongest guess mark). */
  concatFiles,
  /** The guess mark of a file entry (undefined for exactly known contents). */
  guessOf,
  /** Marks a file entry as guessed (and estimated). */
  withGuess,
  /** The weaker knowledge of two guess marks. */
  strongerGuess,
  /** True for knowledge-base output (estimated, no guess mark): invented text, never marked or shown. */
  isInventedText,
  /** Digests an entry's type, mode, owner, size, link target and content (never mtime). */
  entryDigest,
  /** Counts the bytes a symlink's target takes. */
  symlinkBytes,
  /** Default permission bits of a new file (0644). */
  DEFAULT_FILE_MODE,
  /** Default permission bits of a new directory (0755). */
  DEFAULT_DIR_MODE,
} from './entry.ts';
export type { ContentGuess, Entry, EntryMeta, EntryOptions, FileBody, FileEntry, DirEntry, SymlinkEntry } from './entry.ts';

export {
  /** An immutable layer: changed entries, whiteouts and hidden paths, with its size and digest. */
  Layer,
  /** Builds a frozen layer from paths and entries. */
  layerFromEntries,
  /** The whiteout marker stored for deleted paths. */
  WHITEOUT,
} from './layer.ts';
export type { LayerChange, LayerOptions, SymlinkSizing, Whiteout } from './layer.ts';

export {
  /** Read access (resolve, stat, list, walk, readFile) shared by `Rootfs` and `WorkingFs`. */
  FsView,
  /** An immutable stack of layers: an image or stage root filesystem. */
  Rootfs,
  /** A mutable working layer on a `Rootfs` that records one step's changes. */
  WorkingFs,
} from './layered-fs.ts';
export type { FsErrorCode, FsResult, ResolvedPath, SetEntryOptions } from './layered-fs.ts';

export {
  /** Cleans a path like Go's path.Clean, against a working directory when relative. */
  normalizePath,
  /** Returns a clean path's parent directory. */
  parentPath,
  /** Returns a clean path's last segment. */
  baseName,
  /** Joins a directory and a relative name into a clean path. */
  joinPath,
  /** Tells whether a path is at or below another. */
  isPathWithin,
  /** Returns a path relative to one of its ancestors. */
  relativePath,
} from './path.ts';

export {
  /** Plans a COPY/ADD into the changes to write or the engine's error. */
  planCopy,
  /** Writes a COPY plan's changes into a working layer. */
  applyCopy,
  /** Expands a glob source pattern against a filesystem. */
  expandGlob,
  /** Resolves a `--chown` value to numeric ids using the destination's account files. */
  parseChown,
} from './copy.ts';
export type { CopyBuilder, CopyChange, CopyError, CopyErrorKind, CopiedSource, CopyPlan, CopyRequest, CopySourceKind } from './copy.ts';

export {
  /** Matches one path segment against a Go filepath.Match pattern. */
  matchSegment,
  /** Tells whether a string contains glob metacharacters. */
  hasGlobMeta,
} from './glob.ts';

export {
  /** Parses .dockerignore text into patterns. */
  parseDockerignore,
  /** Decides which context paths .dockerignore excludes (Docker's patternmatcher rules). */
  DockerignoreMatcher,
} from './dockerignore.ts';
export type { IgnorePattern } from './dockerignore.ts';

export {
  /** Builds the build-context filesystem with .dockerignore applied. */
  createBuildContext,
} from './context.ts';
export type { BuildContext, BuildContextOptions, ContextFileSpec } from './context.ts';

export {
  /** Builds a base image's single layer from its file list. */
  layerFromFileList,
  /** Builds a base image's root filesystem from its file list. */
  rootfsFromFileList,
} from './image.ts';
export type { ImageFileList } from './image.ts';

export {
  /** Digests a file or directory tree for cache keys (names, metadata, content; never mtime). */
  digestPath,
  /** Combines several digests into one, in order. */
  combineDigests,
} from './digest.ts';

export {
  /** Encodes a string as UTF-8 bytes. */
  encodeUtf8,
  /** Decodes UTF-8 bytes into a string. */
  decodeUtf8,
  /** Counts a string's UTF-8 bytes. */
  utf8Length,
} from './utf8.ts';

export {
  /** A running 64-bit FNV-1a hasher for deterministic digests. */
  Hasher,
  /** Hashes strings into a 16-hex-digit digest. */
  hashStrings,
  /** Hashes bytes into a 16-hex-digit digest. */
  hashBytes,
} from './hash.ts';
