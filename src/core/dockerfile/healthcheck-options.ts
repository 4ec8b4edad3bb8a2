// HEALTHCHECK CMD's options from its validated flags, as BuildKit's `parseHealthcheck`
// (frontend/dockerfile/instructions/parse.go) reads them: durations with `parseOptInterval`
// (Go's time.ParseDuration; 0 means "the default", anything else must be at least 1ms) and
// `--retries` with strconv.ParseInt (bit size 32; negative is an error, 0 the default). The
// instruction layer reports the problems during the parse; the node makes the options again from
// its flags when they are first read, so the two cannot disagree.

import type { SourceRange } from '../diagnostics.ts';
import type { Flag, HealthcheckOptions } from './ast.ts';
import { stringFlag } from './flags.ts';
import { goQuote } from './go-text.ts';
import { parseGoDuration, parseGoInt } from './go-values.ts';

/** A rejected option: the flag's range, the learner's message and BuildKit's text. */
export type HealthcheckProblem = (range: SourceRange, message: string, engine: string) => void;

const DURATIONS = [
  ['interval', 'intervalMs'],
  ['timeout', 'timeoutMs'],
  ['start-period', 'startPeriodMs'],
  ['start-interval', 'startIntervalMs'],
] as const;

/** The options `flags` set; each rejected value goes to `problem` (when given) and is left out. */
export function healthcheckOptions(flags: readonly Flag[], problem: HealthcheckProblem | undefined): HealthcheckOptions {
  const options: { -readonly [K in keyof HealthcheckOptions]: HealthcheckOptions[K] } = {};
  for (const [flagName, key] of DURATIONS) {
    const flag = stringFlag(flags, flagName);
    if (!flag || flag.value === '') continue;
    const parsed = parseGoDuration(flag.value);
    if ('error' in parsed) {
      problem?.(flag.range, `--${flagName} takes a duration such as 30s, 1m30s or 500ms, not "${flag.value}".`, parsed.error);
      continue;
    }
    if (parsed.nanos === 0) continue;
    if (parsed.nanos < 1e6) {
      problem?.(flag.range, `--${flagName} must be at least 1ms (or 0 for the default).`, `Interval ${goQuote(flagName)} cannot be less than 1ms`);
      continue;
    }
    options[key] = parsed.nanos / 1e6;
  }
  const retries = stringFlag(flags, 'retries');
  if (retries && retries.value !== '') {
    const parsed = parseGoInt(retries.value, 32);
    if ('error' in parsed) {
      problem?.(retries.range, `--retries takes a whole number, not "${retries.value}".`, parsed.error);
    } else if (parsed.value < 0) {
      problem?.(retries.range, '--retries cannot be negative.', `--retries cannot be negative (${parsed.value})`);
    } else if (parsed.value > 0) {
      options.retries = parsed.value;
    }
  }
  return options;
}
