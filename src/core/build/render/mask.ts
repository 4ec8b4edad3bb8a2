// Masks what differs between two runs of the same build (ids, digests, timings, transfer sizes),
// so a simulated log can be compared line for line with a real engine's.

/**
 * Masks a `docker build` log (either builder): drops carriage returns, replaces digests, 12-hex
 * ids, timings and transfer amounts with placeholders, renumbers BuildKit's `#N` by first
 * appearance, and collapses a status printed mid-transfer before its `done` line.
 */
export function maskBuildLog(text: string): string {
  const lines = text.replace(/\r/g, '').split('\n');
  const numbers = new Map<string, number>();
  const masked = lines.map((raw) => {
    let line = raw;
    const vertex = /^#(\d+) /.exec(line);
    if (vertex !== null) {
      const original = vertex[1] ?? '';
      if (!numbers.has(original)) numbers.set(original, numbers.size + 1);
      line = `#${numbers.get(original) ?? 0} ${line.slice(vertex[0].length)}`;
      line = line
        .replace(/^(#\d+) DONE \d+(\.\d+)?s$/, '$1 DONE <t>')
        .replace(/^(#\d+) \d+\.\d+ /, '$1 <t> ')
        .replace(/(transferring (?:dockerfile|context):) \S+/, '$1 <bytes>')
        .replace(/(?: \d+\.\d+s)? done$/, ' done');
    }
    return line
      .replace(/sha256:[0-9a-f]{64}/g, 'sha256:<digest>')
      .replace(/^ ---> [0-9a-f]{12}$/, ' ---> <id>')
      .replace(/Running in [0-9a-f]{12}$/, 'Running in <id>')
      .replace(/intermediate container [0-9a-f]{12}$/, 'intermediate container <id>')
      .replace(/^Successfully built [0-9a-f]{12}$/, 'Successfully built <id>');
  });
  // A status printed while still in progress (`#1 transferring dockerfile:`) and again when done.
  const collapsed = masked.filter((line, index) => {
    const next = masked[index + 1];
    if (next === undefined || line.endsWith(' done')) return true;
    const status = /^(#\d+ (?:transferring \w+:|writing image|exporting layers))/.exec(line);
    return !(status !== null && next.startsWith(status[1] ?? '') && next.endsWith(' done'));
  });
  return collapsed.join('\n');
}
