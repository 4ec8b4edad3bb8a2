// The benchmark groups `npm run bench` knows, in the order it runs them. To add one, write
// `groups/<name>.ts` exporting a `BenchGroup` (see harness.ts) and add a row here; groups load
// lazily, so a group whose code is missing or broken does not stop the others.

import type { BenchGroup } from './harness.ts';

export interface GroupEntry {
  readonly name: string;
  readonly summary: string;
  load(): Promise<BenchGroup>;
}

export const groups: readonly GroupEntry[] = [
  {
    name: 'parser',
    summary: 'parseDockerfile vs dockerfile-ast on the corpus (MB/s), and growth on 1k/10k/100k-line files',
    load: async () => (await import('./groups/parser.ts')).parserGroup,
  },
  {
    name: 'simulator',
    summary: 'parse + lint + plan + simulate both builders on the largest corpus file (< 2 ms), and growth with 10/50/200 stages',
    load: async () => (await import('./groups/simulator.ts')).simulatorGroup,
  },
];
