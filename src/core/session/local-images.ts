// Base images that exist on a learner's machine but in no registry, declared so the playground
// simulates them with their real contents and size instead of an estimate.

import type { DeclaredImage } from '../build/base-images.ts';

const APPLETS = ['sh', 'ls', 'cat', 'echo', 'mkdir', 'cp', 'mv', 'rm', 'dd', 'head', 'wc', 'sleep', 'true', 'false', 'touch', 'printf', 'test', 'env'];

/**
 * `local/busybox:1`, the base of the local agent's real builds: shared/tools/setup-docker.sh
 * imports busybox-static's /bin/busybox (1,982,256 bytes) plus one symlink per applet, and
 * `docker image inspect local/busybox:1 --format '{{.Size}}'` is 1,982,382 (each 7-byte link
 * target counts). Declared exactly as every conformance scenario declares it.
 */
export const LOCAL_AGENT_IMAGES: Readonly<Record<string, DeclaredImage>> = {
  'local/busybox:1': {
    sizeBytes: 1_982_382,
    dirs: ['/bin', '/etc', '/tmp'],
    files: { '/bin/busybox': 1_982_256 },
    symlinks: Object.fromEntries(APPLETS.map((a) => [`/bin/${a}`, 'busybox'])),
  },
};
