// The files a builder bind-mounts into every RUN container: /etc/hosts, /etc/resolv.conf and (legacy
// builder only) /etc/hostname. Their text comes from the daemon and the build host, and none of it
// ever reaches the image: verified on Engine 20.10 with local/busybox:1 (`docker save` of images
// whose RUN steps read and wrote them; the layers hold no /etc/hosts, /etc/resolv.conf or
// /etc/hostname, and a file the image has there is neither shown during RUN nor replaced).
//
// - Legacy builder: the step runs in an ordinary container, so moby mounts the container's own
//   writable files (daemon/container_operations_unix.go setupContainerMountsRoot / libnetwork
//   sandbox): /etc/hosts (localhost lines plus `172.17.0.x <container id>`), the host's filtered
//   /etc/resolv.conf, and /etc/hostname (`<container id>`). Writes succeed but vanish with the
//   container; the next RUN sees fresh files.
// - BuildKit: the runc executor mounts /etc/hosts and /etc/resolv.conf read-only (executor/oci/
//   mounts.go; the hosts text is the constant `defaultHosts` of executor/oci/hosts.go, the hostname
//   `buildkitsandbox`), so writing them fails with "Read-only file system"; /etc/hostname is not
//   mounted: the image's own file (or none) is what RUN sees, and writes to it persist.

import { makeFile, withGuess, type FileEntry, type WorkingFs } from '../fs/index.ts';
import { BUILDKIT_HOSTS, LEGACY_CONTAINER_ID_STAND_IN, LEGACY_HOSTS, RESOLV_CONF_STAND_IN } from './container-files.ts';

/** Which builder runs the step; undefined when the caller did not say. */
export type RunBuilder = 'legacy' | 'buildkit';

interface MountedFile {
  readonly path: string;
  readonly entry: FileEntry;
  readonly readOnly: boolean;
}

// Entries are immutable values, so each builder's are made once (their digests are not free).
const hostDependent = (text: string): FileEntry => withGuess(makeFile(text), 'host-dependent');
const BUILDKIT_MOUNTS: readonly MountedFile[] = [
  { path: '/etc/hosts', entry: makeFile(BUILDKIT_HOSTS), readOnly: true },
  { path: '/etc/resolv.conf', entry: hostDependent(RESOLV_CONF_STAND_IN), readOnly: true },
];
// Unknown builder: the legacy builder's mounts (Engine 20.10's default builder); the hosts text is
// then a stand-in either way.
const LEGACY_MOUNTS: readonly MountedFile[] = [
  { path: '/etc/hosts', entry: hostDependent(LEGACY_HOSTS), readOnly: false },
  { path: '/etc/resolv.conf', entry: hostDependent(RESOLV_CONF_STAND_IN), readOnly: false },
  { path: '/etc/hostname', entry: hostDependent(`${LEGACY_CONTAINER_ID_STAND_IN}\n`), readOnly: false },
];

/** What mountRuntimeFiles mounted, to tell afterwards whether the script wrote to them. */
export interface MountedRuntimeFiles {
  readonly files: readonly MountedFile[];
}

/** Mounts the builder's runtime files over the step's working layer (only where /etc exists). */
export function mountRuntimeFiles(fs: WorkingFs, builder: RunBuilder | undefined): MountedRuntimeFiles {
  const files = (builder === 'buildkit' ? BUILDKIT_MOUNTS : LEGACY_MOUNTS).filter((m) => fs.mountFile(m.path, m.entry, { readOnly: m.readOnly }));
  return { files };
}

/**
 * Unmounts them and returns notes for the learner: writes that vanished with the container, and,
 * when the builder was not given, what BuildKit would have done instead.
 */
export function unmountRuntimeFiles(fs: WorkingFs, mounted: MountedRuntimeFiles, builder: RunBuilder | undefined): string[] {
  const notes: string[] = [];
  for (const m of mounted.files) {
    if (fs.mountAt(m.path)?.entry === m.entry) continue;
    notes.push(`${m.path} is mounted by the builder during RUN: what the step wrote there is not in the image`);
    if (builder === undefined) notes.push(`${m.path}: BuildKit mounts it read-only (the write fails there) or not at all (/etc/hostname); the simulator assumed the legacy builder`);
  }
  fs.unmountAll();
  return notes;
}
