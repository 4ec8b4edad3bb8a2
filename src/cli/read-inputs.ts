// The arguments of the commands that take Dockerfiles (`parse`, `lint`): options may come before,
// between or after the files, as `--name value` or `--name=value`; `--` ends the options; `-` is a
// file (standard input); any other argument starting with `-` is an unknown option.

/** Takes one option's value (calling `value` consumes it); returns a usage error, or `undefined` when accepted. */
export type OptionHandler = (value: () => string | undefined) => string | undefined;

/** Walks `args`, handing each known option to its handler; returns the files, or a usage error. */
export function readFileArguments(
  args: readonly string[],
  options: Readonly<Record<string, OptionHandler>>,
): { readonly files: readonly string[] } | string {
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const handler = Object.hasOwn(options, name) ? options[name] : undefined;
    if (handler !== undefined) {
      const error = handler(() => (eq < 0 ? args[++i] : arg.slice(eq + 1)));
      if (error !== undefined) return error;
    } else if (arg === '--') {
      files.push(...args.slice(i + 1));
      break;
    } else if (arg.startsWith('-') && arg !== '-') {
      return `unknown option '${arg}'`;
    } else {
      files.push(arg);
    }
  }
  return files.length === 0 ? 'no Dockerfile given' : { files };
}
