// Plugs the size module's toolchain knowledge base (apt-get, apk, npm, mvn, go build, …) into the
// shell model's external-command hook, reading and writing the RUN step's working layer.

import { createToolchainResolver } from '../size/toolchain-hook.ts';
import { SYNTHETIC_REMAINDER_PATH } from '../size/image-skeleton.ts';
import type { ExternalContext, ResolveExternal } from '../shell/interpreter.ts';
import { createRunStepExecutor } from '../shell/run-step.ts';
import { makeFile, makeSymlink, makeSyntheticFile } from '../fs/entry.ts';
import { decodeUtf8 } from '../fs/utf8.ts';
import { normalizePath, parentPath } from '../fs/path.ts';
import { matchSource } from './copy.ts';
import type { RunExecutor } from './run-executor.ts';

function onPath(name: string, ctx: ExternalContext): boolean {
  if (name.includes('/')) return ctx.fs.exists(normalizePath(name, ctx.cwd));
  const path = ctx.env['PATH'] ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
  return path.split(':').some((dir) => dir !== '' && ctx.fs.exists(`${dir}/${name}`));
}

/** Makes the shell's external-command hook answer build tools from the knowledge base. */
export function createToolchainHook(): ResolveExternal {
  const resolve = createToolchainResolver<ExternalContext>({
    view: (ctx) => ({
      readFile: (path) => {
        const r = ctx.fs.readFile(path, ctx.cwd);
        return r.ok && r.value.body.kind === 'bytes' ? decodeUtf8(r.value.body.data) : null;
      },
      fileExists: (path) => ctx.fs.exists(path, ctx.cwd),
      listDir: (path) => {
        const r = ctx.fs.list(path, ctx.cwd);
        return r.ok ? r.value : null;
      },
    }),
    apply: (effect, ctx) => {
      for (const pattern of effect.removes) {
        for (const p of matchSource(ctx.fs, normalizePath(pattern, ctx.cwd))) ctx.fs.remove(p, { recursive: true });
      }
      for (const f of effect.files) {
        const path = normalizePath(f.path, ctx.cwd);
        if (ctx.fs.stat(parentPath(path))?.type !== 'dir') ctx.fs.mkdir(parentPath(path), { parents: true });
        const mode = f.mode ?? (f.isExecutable ? 0o755 : 0o644);
        const entry = f.symlinkTo !== undefined
          ? makeSymlink(f.symlinkTo)
          : f.content !== undefined
            ? { ...makeFile(f.content, { mode }), estimated: true }
            : makeSyntheticFile(f.size, `${effect.rule}:${path}:${f.size}`, { mode, estimated: true });
        ctx.fs.setEntry(path, entry);
      }
    },
    hasCommand: (name, ctx) => onPath(name, ctx),
  });
  return (argv, ctx) => resolve(argv, ctx);
}

/** The RUN executor the simulator uses by default: the shell model with the toolchain hook. */
export function createDefaultRunExecutor(): RunExecutor {
  const exec = createRunStepExecutor({
    resolveExternal: createToolchainHook(),
    // Catalog images list only notable files (the rest is one synthetic remainder): PATH lookups
    // then give the image the benefit of the doubt. Declared images list every file.
    knownFiles: (inv) => (inv.fs.exists(SYNTHETIC_REMAINDER_PATH) ? 'partial' : 'complete'),
  });
  return (inv) => exec(inv);
}
