// Removing what the agent built, and nothing else (agent-security.md §3.8). Never a prune:
// `docker image prune`, `system prune` and `builder prune` would take the learner's own images and
// cache with them. The agent removes:
// - its own tags (`stagecraft-agent/<session>:<n>`), with `docker image rm <tag>` and no `-f`: when
//   the learner has tagged the same image themselves, only our name goes and their tag survives;
// - legacy intermediate images this agent's builds created (ids from ` ---> <id>` lines of steps
//   that ran), only while they are still untagged, again without `-f` (Docker refuses to remove
//   an image another image is built on, so nothing the learner built on top can break).

import { runToEnd, type DockerRunner } from './runner.ts';

/** The label on every image the agent builds. */
export const AGENT_LABEL = 'io.stagecraft.agent';
/** The label carrying the agent session that built the image. */
export const SESSION_LABEL = 'io.stagecraft.session';
/** Repository namespace of the agent's tags. */
export const TAG_NAMESPACE = 'stagecraft-agent/';

/** The tag of build `n` of a session. */
export function agentTag(session: string, n: number): string {
  return `${TAG_NAMESPACE}${session}:${n}`;
}

export interface CleanupJournal {
  readonly tags: readonly string[];
  readonly intermediateIds: readonly string[];
}

export interface CleanupResult {
  readonly removedTags: readonly string[];
  readonly removedIds: readonly string[];
}

/** Removes the journal's images; with `sweep`, also any image carrying both our label and our tag namespace. */
export async function cleanupImages(runner: DockerRunner, journal: CleanupJournal, sweep = false): Promise<CleanupResult> {
  const tags = new Set(journal.tags.filter((t) => t.startsWith(TAG_NAMESPACE)));
  if (sweep) {
    const listed = await runToEnd(runner, ['images', '--filter', `label=${AGENT_LABEL}=1`, '--format', '{{.Repository}}:{{.Tag}}']);
    for (const ref of listed.stdout.trim().split('\n')) if (ref.startsWith(TAG_NAMESPACE)) tags.add(ref);
  }
  const removedTags: string[] = [];
  for (const tag of tags) {
    const r = await runToEnd(runner, ['image', 'rm', tag]);
    if (r.code === 0) removedTags.push(tag);
  }
  const removedIds: string[] = [];
  const pending = [...journal.intermediateIds].reverse();
  for (let round = 0; round < 3 && pending.length > 0; round++) {
    for (const id of [...pending]) {
      const inspect = await runToEnd(runner, ['image', 'inspect', '--format', '{{json .RepoTags}}', id]);
      if (inspect.code !== 0) {
        pending.splice(pending.indexOf(id), 1);
        continue;
      }
      let repoTags: unknown;
      try {
        repoTags = JSON.parse(inspect.stdout.trim());
      } catch {
        repoTags = ['?'];
      }
      if (Array.isArray(repoTags) && repoTags.length > 0) {
        // Someone tagged it: not ours to remove any more.
        pending.splice(pending.indexOf(id), 1);
        continue;
      }
      const r = await runToEnd(runner, ['image', 'rm', id]);
      if (r.code === 0) {
        removedIds.push(id);
        pending.splice(pending.indexOf(id), 1);
      }
    }
  }
  return { removedTags, removedIds };
}
