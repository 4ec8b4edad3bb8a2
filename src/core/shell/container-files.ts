// The texts of the files an engine mounts into a container (see runtime-mounts.ts for where each
// comes from). Kept free of imports: the playground terminal's page bundle uses them for `docker run`.

/** BuildKit's fixed /etc/hosts (executor/oci/hosts.go defaultHosts; 77 bytes, verified). */
export const BUILDKIT_HOSTS = '127.0.0.1\tlocalhost buildkitsandbox\n::1\tlocalhost ip6-localhost ip6-loopback\n';

/** BuildKit's container hostname (executor/oci/hosts.go defaultHostname; `hostname` prints it, verified). */
export const BUILDKIT_HOSTNAME = 'buildkitsandbox';

/**
 * Stands in for the legacy builder's container id, which is random per step and is the container's
 * hostname (the text that uses it is marked host-dependent).
 */
export const LEGACY_CONTAINER_ID_STAND_IN = '0123456789ab';

/**
 * A stand-in for moby's /etc/hosts of a container (a legacy RUN step, or `docker run`) on the default
 * bridge (libnetwork/etchosts Build): the first container gets 172.17.0.2 (verified text, with
 * another id; the address depends on the daemon).
 */
export const LEGACY_HOSTS = [
  '127.0.0.1\tlocalhost',
  '::1\tlocalhost ip6-localhost ip6-loopback',
  'fe00::0\tip6-localnet',
  'ff00::0\tip6-mcastprefix',
  'ff02::1\tip6-allnodes',
  'ff02::2\tip6-allrouters',
  `172.17.0.2\t${LEGACY_CONTAINER_ID_STAND_IN}`,
  '',
].join('\n');

/**
 * A stand-in for the host's /etc/resolv.conf as both builders and `docker run` pass it on: without
 * localhost nameservers, falling back to Google's public DNS when none is left (libnetwork/resolvconf
 * FilterResolvDNS, defaultIPv4Dns).
 */
export const RESOLV_CONF_STAND_IN = 'nameserver 8.8.8.8\nnameserver 8.8.4.4\n';
