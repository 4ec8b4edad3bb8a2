// Allocation sampling for the profile workloads (`--alloc`): V8's sampling heap profiler, counting
// objects that were collected too, summed per allocating function and mapped back to TypeScript.

import { Session } from 'node:inspector/promises';
import { locate } from './source-locations.ts';

interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  selfSize: number;
  children: SamplingNode[];
}

/** Runs `work` (which does `units` units: parses, pipelines) and prints the top allocation sites per unit. */
export async function sampleAllocations(label: string, units: number, unit: string, work: () => void, top = 25): Promise<void> {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  work();
  const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: SamplingNode } };
  session.disconnect();
  const bySite = new Map<string, number>();
  let total = 0;
  // A built-in (Map.prototype.set, an iterator's next) has no script: it is charged to the
  // nearest caller that has one, as `set ← caller  file:line`.
  const walk = (node: SamplingNode, caller: string) => {
    const frame = node.callFrame;
    const name = frame.functionName || '(anonymous)';
    const here = frame.url === '' ? '' : `${name}  ${locate(frame.url, frame.lineNumber, frame.columnNumber)}`;
    const key = here !== '' ? here : caller !== '' ? `${name} ← ${caller}` : name;
    bySite.set(key, (bySite.get(key) ?? 0) + node.selfSize);
    total += node.selfSize;
    for (const child of node.children) walk(child, here !== '' ? here : caller);
  };
  walk(profile.head, '');
  const mb = (bytes: number) => (bytes / units / 1e6).toFixed(2).padStart(7);
  console.log(`${label}: about ${mb(total).trim()} MB allocated per ${unit} (sampled), by allocating function:`);
  for (const [key, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${mb(bytes)} MB  ${key}`);
}
