import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

// The pipeline runs in the browser, in a worker and in the CLI alike, so it may import only its
// own modules and xstate. The compiler fence (src/core/tsconfig.json) catches DOM and Node
// globals; this catches package imports that would drag a runtime along.
const coreRoot = path.resolve(__dirname, '../../src/core');
const allowedPackages = new Set(['xstate']);

function listSourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return listSourceFiles(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

describe('src/core fence', () => {
  test('core modules import nothing but each other and xstate', () => {
    const offenders: string[] = [];
    for (const file of listSourceFiles(coreRoot)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'";]*?from\s*['"]([^'"]+)['"]/g)) {
        const specifier = match[1] ?? '';
        if (specifier.startsWith('.')) continue;
        if (allowedPackages.has(specifier.split('/')[0] ?? '')) continue;
        offenders.push(`${path.relative(coreRoot, file)} imports '${specifier}'`);
      }
    }
    expect(offenders, 'src/core must stay pure: move this code to src/adapters, src/cli or src/agent').toEqual([]);
  });
});
