// Small helpers for lint tests: parse and lint a Dockerfile, pick a rule's findings, read the
// text a finding points at, and check that its quick fix makes the finding go away.

import { expect } from 'vitest';
import { parseDockerfile } from '../../../src/core/dockerfile/parser.ts';
import { runLintRules } from '../../../src/core/lint/lint.ts';
import { applyQuickFix } from '../../../src/core/lint/text-edits.ts';
import type { LintFinding, LintOptions } from '../../../src/core/lint/types.ts';

/** Strips the common indentation of a template literal and its first newline. */
export function dedent(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)?.[0].length ?? 0));
  return lines.map((l) => l.slice(indent)).join('\n');
}

export function lint(source: string, options: LintOptions = {}): LintFinding[] {
  return runLintRules(parseDockerfile(source), options);
}

export function findingsOf(source: string, rule: string, options: LintOptions = {}): LintFinding[] {
  return lint(source, options).filter((f) => f.rule === rule);
}

/** The source text a finding points at. */
export function textAt(source: string, finding: LintFinding | undefined): string {
  if (!finding) throw new Error('no finding');
  return source.slice(finding.range[0], finding.range[1]);
}

/** Applies the finding's quick fix and checks the rule no longer fires on the result. */
export function expectFixResolves(source: string, finding: LintFinding | undefined, options: LintOptions = {}): string {
  if (!finding?.fix) throw new Error(`no quick fix on ${finding?.rule ?? 'missing finding'}`);
  const fixed = applyQuickFix(source, finding.fix);
  expect(findingsOf(fixed, finding.rule, options), `after "${finding.fix.title}":\n${fixed}`).toEqual([]);
  return fixed;
}
