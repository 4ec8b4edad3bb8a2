// The local/busybox:1 file list, copied from the conformance scenarios' scenario.json `images`.
import { rootfsFromFileList, type ImageFileList, type WorkingFs } from '../../../src/core/fs/index.ts';

const APPLET_LINKS = ['sh', 'ls', 'cat', 'echo', 'mkdir', 'cp', 'mv', 'rm', 'dd', 'head', 'wc', 'sleep', 'true', 'false', 'touch', 'printf', 'test', 'env'];

// `satisfies` keeps sizeBytes required, so the list is also a build test's declared image.
export const BUSYBOX_FILE_LIST = {
  sizeBytes: 1982382,
  dirs: ['/bin', '/etc', '/tmp'],
  files: { '/bin/busybox': 1982256 },
  symlinks: Object.fromEntries(APPLET_LINKS.map((name) => [`/bin/${name}`, 'busybox'])),
} satisfies ImageFileList;

/** A fresh working layer on local/busybox:1, as one RUN step gets it. */
export function busyboxWorkingFs(): WorkingFs {
  return rootfsFromFileList('local/busybox:1', BUSYBOX_FILE_LIST).edit();
}
