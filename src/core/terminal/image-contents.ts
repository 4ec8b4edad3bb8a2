// The text of the final image's files whose bytes the simulator knows exactly: what a build copied
// from the context or another stage, and what the shell model wrote in a RUN (`echo hi > /a.txt`,
// `printf`, `cat > f <<EOF`, `cp`). Base-image files and toolchain outputs are synthetic or flagged
// `estimated` in the layered filesystem, so they never appear here: the terminal says it does not
// know them instead of inventing contents. Text the shell model only approximated (a guess mark,
// FileEntry.guess in src/core/fs/entry.ts: `ls -l` times, a step with a command it did not run) is
// collected too; the file's provenance carries the mark, so the terminal prints a note with it.
// Output of commands it did not model at all (`date > /stamp`) is left out like base-image files.
//
// Collected once per image entering the terminal's store (a build the learner ran), never per
// keystroke, and as plain strings so it survives the worker's postMessage.

import type { FileProvenance, FinalImage } from '../build/types.ts';
import { finalImageRootfs } from '../build/simulate.ts';
import { guessOf, isInventedText } from '../fs/entry.ts';
import { Rootfs } from '../fs/layered-fs.ts';
import { decodeUtf8 } from '../fs/utf8.ts';

/** Larger files are left out (the terminal is for looking, not for paging through a bundle). */
export const MAX_KNOWN_FILE_BYTES = 64 * 1024;
/** Stop collecting after this many bytes in all, so one image cannot flood the store. */
export const MAX_KNOWN_TOTAL_BYTES = 1024 * 1024;

/**
 * Collects the text of the final image's regular files (and of symlinks to them) whose contents
 * the simulation knows exactly or approximated (FileProvenance.guess says which), by absolute path;
 * empty for an image without its filesystem (a structured clone).
 */
export function collectKnownContents(image: FinalImage): Record<string, string> {
  const fs = finalImageRootfs(image);
  const out: Record<string, string> = {};
  if (fs === undefined) return out;
  let byPath: Map<string, FileProvenance> | undefined;
  let total = 0;
  for (const f of image.files) {
    if (f.type === 'dir' || !isWrittenByBuild(f)) continue;
    let entry = fs.lookup(f.path);
    if (entry?.type === 'symlink') {
      const r = fs.resolve(f.path, { follow: true });
      byPath ??= new Map(image.files.map((g) => [g.path, g]));
      const target = r.ok ? byPath.get(r.value.path) : undefined;
      // A link's own provenance has no guess mark, so it shows only exactly known text.
      entry = r.ok && target !== undefined && isWrittenByBuild(target) && target.guess === undefined ? r.value.entry : undefined;
    }
    if (entry?.type !== 'file' || entry.body.kind !== 'bytes') continue;
    if (entry.guess === 'unknown' || isInventedText(entry)) continue;
    const data = entry.body.data;
    if (data.length > MAX_KNOWN_FILE_BYTES || total + data.length > MAX_KNOWN_TOTAL_BYTES) continue;
    // A NUL byte means binary data, which cat would dump raw; the terminal shows none of it.
    if (data.includes(0)) continue;
    out[f.path] = decodeUtf8(data);
    total += data.length;
  }
  return out;
}

// Base-image text (/etc/os-release, /etc/passwd of a catalog image) is a plausible skeleton, not the
// image's real bytes, so neither it nor a COPY --from that brings it in counts as known.
function isWrittenByBuild(f: FileProvenance): boolean {
  return f.origin.kind === 'step' && f.copiedFrom?.kind !== 'base';
}

/**
 * Collects the final image's paths whose entry or absence a RUN step decided on a condition the
 * shell model could only guess (Layer.uncertainPaths): a later layer that changes a path exactly
 * settles it. Files written that way carry their own mark (FileProvenance.guess) and are not listed.
 */
export function collectUncertainPaths(image: FinalImage): string[] {
  const fs = finalImageRootfs(image);
  if (!(fs instanceof Rootfs)) return [];
  const uncertain = new Set<string>();
  for (const layer of fs.layers) {
    if (uncertain.size > 0) for (const path of layer.changes.keys()) uncertain.delete(path);
    for (const path of layer.uncertainPaths) uncertain.add(path);
  }
  return [...uncertain].filter((path) => guessOf(fs.lookup(path)) === undefined).sort();
}
