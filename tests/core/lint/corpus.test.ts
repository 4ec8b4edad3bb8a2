import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseDockerfile } from '../../../src/core/dockerfile/parser.ts';
import { runLintRules } from '../../../src/core/lint/lint.ts';
import { applyQuickFix } from '../../../src/core/lint/text-edits.ts';

const corpusDir = '/work/shared/corpus/dockerfiles';
const files = readdirSync(corpusDir).sort();

describe('the Dockerfile corpus', () => {
  test('every corpus file lints without a rule throwing', () => {
    const failures: string[] = [];
    for (const file of files) {
      const dockerfile = parseDockerfile(readFileSync(path.join(corpusDir, file), 'utf8'));
      try {
        runLintRules(dockerfile);
      } catch (e) {
        failures.push(`${file}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  test('every finding points inside its file and every quick fix applies', () => {
    const problems: string[] = [];
    for (const file of files) {
      const source = readFileSync(path.join(corpusDir, file), 'utf8');
      for (const f of runLintRules(parseDockerfile(source))) {
        if (f.range[0] < 0 || f.range[1] > source.length || f.range[0] > f.range[1]) problems.push(`${file}: ${f.rule} range ${f.range.join('-')}`);
        if (f.fix) {
          const edits = [...f.fix.edits].sort((a, b) => a.range[0] - b.range[0]);
          for (let i = 1; i < edits.length; i++) {
            if ((edits[i]?.range[0] ?? 0) < (edits[i - 1]?.range[1] ?? 0)) problems.push(`${file}: ${f.rule} overlapping edits`);
          }
          applyQuickFix(source, f.fix);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test('on every corpus file, applying a quick fix leaves fewer findings of that rule', () => {
    const unresolved: string[] = [];
    for (const file of files) {
      const source = readFileSync(path.join(corpusDir, file), 'utf8');
      const found = runLintRules(parseDockerfile(source));
      const tried = new Set<string>();
      for (const f of found) {
        if (!f.fix || tried.has(f.rule)) continue;
        tried.add(f.rule);
        const before = found.filter((g) => g.rule === f.rule).length;
        const after = runLintRules(parseDockerfile(applyQuickFix(source, f.fix))).filter((g) => g.rule === f.rule).length;
        if (after >= before) unresolved.push(`${file}:${f.line} ${f.rule}: ${f.fix.title}`);
      }
    }
    expect(unresolved).toEqual([]);
  });

  test('linting the largest corpus file stays well under a millisecond budget per keystroke', () => {
    const largest = files
      .map((file) => ({ file, size: readFileSync(path.join(corpusDir, file)).length }))
      .sort((a, b) => b.size - a.size)[0];
    const dockerfile = parseDockerfile(readFileSync(path.join(corpusDir, largest?.file ?? ''), 'utf8'));
    for (let i = 0; i < 300; i++) runLintRules(dockerfile);
    const times: number[] = [];
    for (let i = 0; i < 100; i++) {
      const start = performance.now();
      runLintRules(dockerfile);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    // The lower decile, so a busy machine does not fail the test; quadratic work would.
    const p10 = times[Math.floor(times.length / 10)] ?? 0;
    expect(p10).toBeLessThan(1);
  });
});
