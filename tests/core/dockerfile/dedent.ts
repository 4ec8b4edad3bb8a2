/**
 * A template tag for inline Dockerfiles: drops the first newline and the common indentation, so
 * tests can indent their text with the code. Tabs and trailing spaces inside are kept.
 */
export function dedent(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((out, part, i) => out + part + (i < values.length ? String(values[i]) : ''), '');
  const text = raw.startsWith('\n') ? raw.slice(1) : raw;
  const lines = text.split('\n');
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^ */.exec(line)?.[0].length ?? 0);
  const indent = indents.length > 0 ? Math.min(...indents) : 0;
  return lines
    .map((line) => line.slice(Math.min(indent, /^ */.exec(line)?.[0].length ?? 0)))
    .join('\n')
    .replace(/\n[ ]*$/, '\n');
}
