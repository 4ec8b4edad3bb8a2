// `npm run bench [-- GROUP…] [--quick] [--list]`: runs benchmark groups and prints PASS/FAIL per
// target. Exits 1 when any target fails, 0 otherwise (SKIP, e.g. code not written yet, is not a
// failure). Numbers depend on the machine; compare runs on the same one.

import os from 'node:os';
import { loadPerCpu, type BenchContext, type Check } from './harness.ts';
import { groups } from './registry.ts';

function usage(): string {
  const rows = groups.map((group) => `  ${group.name.padEnd(12)} ${group.summary}`).join('\n');
  return `usage: npm run bench -- [GROUP…] [--quick] [--list]\n\ngroups:\n${rows}`;
}

async function main(argv: readonly string[]): Promise<number> {
  const flags = new Set(argv.filter((arg) => arg.startsWith('--')));
  const names = argv.filter((arg) => !arg.startsWith('--'));
  if (flags.has('--list') || flags.has('--help')) {
    console.log(usage());
    return 0;
  }
  const unknownFlags = [...flags].filter((flag) => flag !== '--quick');
  const unknownGroups = names.filter((name) => !groups.some((group) => group.name === name));
  if (unknownFlags.length > 0 || unknownGroups.length > 0) {
    console.error(`unknown ${[...unknownFlags, ...unknownGroups].join(', ')}\n\n${usage()}`);
    return 2;
  }
  const selected = names.length === 0 ? groups : groups.filter((group) => names.includes(group.name));
  const context: BenchContext = { options: { quick: flags.has('--quick') }, log: (line = '') => console.log(line) };

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`Stagecraft benchmarks: node ${process.version}, ${os.platform()} ${os.arch()}, ${os.cpus().length} × ${cpu}`);
  const load = loadPerCpu();
  console.log(
    `load average ${(os.loadavg()[0] ?? 0).toFixed(1)} (${load.toFixed(1)} per CPU)` +
      (load > 1 ? ': the machine is busy; wall-clock times are inflated, CPU times less so' : ''),
  );
  const results: { group: string; checks: readonly Check[] }[] = [];
  for (const entry of selected) {
    console.log(`\n== ${entry.name}: ${entry.summary}`);
    let checks: readonly Check[];
    try {
      const group = await entry.load();
      checks = await group.run(context);
    } catch (error) {
      console.log(`  crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      checks = [{ name: 'group ran to completion', status: 'FAIL', detail: 'crashed' }];
    }
    console.log('');
    for (const c of checks) console.log(`  ${c.status.padEnd(4)}  ${c.name}: ${c.detail}`);
    results.push({ group: entry.name, checks });
  }

  const all = results.flatMap((result) => result.checks);
  const failed = all.filter((c) => c.status === 'FAIL').length;
  const skipped = all.filter((c) => c.status === 'SKIP').length;
  const passed = all.length - failed - skipped;
  console.log(`\n${failed > 0 ? 'FAIL' : 'PASS'}: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
