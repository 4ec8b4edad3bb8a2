// `stagecraft agent`: runs the local build agent (src/agent/server.ts) until Ctrl-C.

import type { Command } from '../main.ts';
import { checkAllowedOrigin, DEV_ORIGINS, siteOriginFromEnv } from '../../agent/config.ts';
import { createProcessRunner, defaultDockerBinary } from '../../agent/runner.ts';
import { startAgent } from '../../agent/server.ts';

const USAGE = `Usage: stagecraft agent [--port N] [--allow-origin URL]... [--dev] [--site-origin URL]
                        [--docker PATH] [--build-timeout SECONDS]

Runs the Stagecraft local agent: the site can then run your Dockerfile through your own Docker
engine (both builders) and compare it with the simulation, step by step.

It listens on 127.0.0.1 only and answers pages from the allowed origins only, after pairing with
the one-time code it prints. What a paired page can do: send a Dockerfile and a few files, have
them built by \`docker build\` (RUN commands execute in build containers, with network access, like
any build you run), stream the log, and remove the images the agent built. Nothing else: no
\`docker run\`, no access to your files, no other images.

Options:
  --port N               listen on port N (default: a free port)
  --site-origin URL      the site's origin (default $STAGECRAFT_SITE_ORIGIN or https://stagecraft.dev)
  --allow-origin URL     also allow this exact origin (https://…, or http://localhost:PORT); repeatable
  --dev                  also allow the dev site: ${DEV_ORIGINS.join(', ')}
  --docker PATH          the docker CLI to run (default $STAGECRAFT_DOCKER, /usr/bin/docker, or docker)
  --build-timeout S      stop a build after S seconds (default 300)`;

export const command: Command = {
  name: 'agent',
  summary: 'run the local agent: real docker builds for the site, beside the simulation',
  usage: USAGE,
  async run(args, io) {
    let port = 0;
    let siteOrigin = siteOriginFromEnv();
    const extra: string[] = [];
    let dev = false;
    let docker: string | undefined;
    let timeoutS = 300;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i] ?? '';
      const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
      const value = (): string => {
        if (inline !== undefined) return inline;
        i++;
        const next = args[i];
        if (next === undefined) throw new Error(`${flag} needs a value`);
        return next;
      };
      try {
        switch (flag) {
          case '--port': {
            const n = Number(value());
            if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error('--port takes a number from 0 to 65535');
            port = n;
            break;
          }
          case '--allow-origin':
            extra.push(value());
            break;
          case '--site-origin':
            siteOrigin = value();
            break;
          case '--dev':
            dev = true;
            break;
          case '--docker':
            docker = value();
            break;
          case '--build-timeout': {
            const n = Number(value());
            if (!(n > 0)) throw new Error('--build-timeout takes a positive number of seconds');
            timeoutS = n;
            break;
          }
          case '--host':
            throw new Error('the agent only listens on 127.0.0.1; there is no --host');
          default:
            throw new Error(`unknown option ${arg}`);
        }
      } catch (error) {
        io.stderr(`stagecraft agent: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
        return 2;
      }
    }
    const origins: string[] = [];
    for (const value of [siteOrigin, ...extra, ...(dev ? DEV_ORIGINS : [])]) {
      const checked = checkAllowedOrigin(value);
      if ('error' in checked) {
        io.stderr(`stagecraft agent: refused origin ${checked.error}\n`);
        return 2;
      }
      if (!origins.includes(checked.origin)) origins.push(checked.origin);
    }
    const runner = createProcessRunner(defaultDockerBinary(docker));
    const pairingOrigin = dev ? (DEV_ORIGINS[0] ?? siteOrigin) : (extra.length > 0 ? checkOrigin(extra[0] ?? siteOrigin) : siteOrigin);
    let agent;
    let started = false;
    let pending: string | null = null;
    const showPairing = (text: string): void => {
      if (started) io.stdout(text);
      else pending = text;
    };
    try {
      agent = await startAgent({
        runner,
        allowedOrigins: origins,
        port,
        pairingPage: `${pairingOrigin}/playground/`,
        buildTimeoutMs: timeoutS * 1000,
        log: (line) => io.stderr(`[agent ${new Date().toISOString().slice(11, 19)}] ${line}\n`),
        onPairingCode: (p) => showPairing(`\nPair the site with this agent (single use, expires in 10 minutes):\n  open   ${p.link}\n  or enter the code  ${p.code}\n`),
      });
    } catch (error) {
      io.stderr(`stagecraft agent: cannot listen: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
    io.stdout(`Stagecraft agent on ${agent.url}  (Ctrl-C to stop)\n`);
    io.stdout(`Docker CLI: ${runner.binary}\nAllowed origins: ${origins.join(', ')}\n`);
    for (const o of extra) io.stderr(`warning: also allowing ${o}: any page from it can ask for builds once paired\n`);
    started = true;
    if (pending !== null) io.stdout(pending);
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        io.stdout('\nStopping: removing the images this agent built…\n');
        void agent.close().then(resolve, resolve);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};

function checkOrigin(value: string): string {
  const checked = checkAllowedOrigin(value);
  return 'origin' in checked ? checked.origin : value;
}

export default command;
