// The build-args field: `A=1 B="two words"` ↔ a record, as `--build-arg` pairs.

/** Parses `A=1 B="two words"` into build args; words without `=` are ignored. */
export function parseBuildArgs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|'([^']*)'|\S*)/g;
  for (const m of text.matchAll(re)) {
    if (m[1]) out[m[1]] = m[3] ?? m[4] ?? m[2] ?? '';
  }
  return out;
}

/** Formats build args for the text field. */
export function formatBuildArgs(args: Readonly<Record<string, string>>): string {
  return Object.entries(args)
    .map(([k, v]) => (/[\s"']/.test(v) || v === '' ? `${k}="${v}"` : `${k}=${v}`))
    .join(' ');
}
