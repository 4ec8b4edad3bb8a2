// The `stagecraft` command: a thin shell over src/core. Each subcommand lives in its own module
// under ./commands and is loaded only when asked for, so `stagecraft parse` never pays for the agent.

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  /** Runs the command; resolves to the process exit status (0 ok, 1 findings/errors, 2 usage). */
  readonly run: (args: readonly string[], io: CliIo) => Promise<number>;
}

type CommandLoader = () => Promise<Command>;

const commands: Record<string, { summary: string; load: CommandLoader }> = {
  parse: { summary: 'Parse Dockerfiles as BuildKit does: diagnostics, AST as JSON, or BuildKit\'s AST dump', load: async () => (await import('./commands/parse.ts')).command },
  lint: { summary: 'Check Dockerfiles: BuildKit build checks plus multi-stage advice', load: async () => (await import('./commands/lint.ts')).command },
  replay: { summary: 'Replay a recorded scenario through the simulator', load: async () => (await import('./commands/replay.ts')).command },
  build: { summary: 'Simulate docker build (legacy or BuildKit) and show layers and file origins', load: async () => (await import('./commands/build.ts')).command },
  agent: { summary: 'Run the local agent: real docker builds for the site, beside the simulation', load: async () => (await import('./commands/agent.ts')).command },
};

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

function helpText(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const rows = Object.entries(commands)
    .map(([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`)
    .join('\n');
  return [
    'stagecraft: the Docker multi-stage build simulator',
    '',
    'Usage: stagecraft <command> [options]',
    '',
    'Commands:',
    rows,
    '',
    'Run `stagecraft <command> --help` for a command\'s options.',
    '',
  ].join('\n');
}

/** Runs the CLI with the given arguments and resolves to the exit status. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(helpText());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout('stagecraft 0.1.0\n');
    return 0;
  }
  const entry = commands[name];
  if (!entry) {
    io.stderr(`stagecraft: unknown command '${name}'\n\n${helpText()}`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.usage}\n`);
    return 0;
  }
  return command.run(rest, io);
}
