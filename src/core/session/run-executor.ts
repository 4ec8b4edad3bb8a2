// The RUN executor the playground builds with: the shell model on the stage's working layer, with
// build tools it cannot run (mvn, npm, go, pip, apt-get…) answered by the size module's toolchain
// knowledge base, whose files are written as estimates. Mirrors the adapter in
// tests/core/size/shell-integration.test.ts, which is how the size module documents its wiring.

import type { RunExecutor } from '../build/run-executor.ts';
import { createRunStepExecutor, globInFs, type ExternalContext } from '../shell/index.ts';
import { createToolchainResolver } from '../size/index.ts';
import { decodeUtf8, fileBytes, makeFile, makeSymlink, makeSyntheticFile } from '../fs/index.ts';
import { parentPath } from '../fs/path.ts';

const resolveExternal = createToolchainResolver<ExternalContext>({
  view: (ctx) => ({
    readFile: (path) => {
      const r = ctx.fs.readFile(path);
      const data = r.ok ? fileBytes(r.value) : undefined;
      return data ? decodeUtf8(data) : null;
    },
    fileExists: (path) => ctx.fs.exists(path),
    listDir: (path) => {
      const r = ctx.fs.list(path);
      return r.ok ? r.value : null;
    },
  }),
  apply: (effect, ctx) => {
    for (const pattern of effect.removes) {
      for (const path of /[*?[]/.test(pattern) ? globInFs(ctx.fs, pattern, '/') : [pattern]) ctx.fs.remove(path, { recursive: true });
    }
    for (const f of effect.files) {
      ctx.fs.mkdir(parentPath(f.path), { parents: true });
      if (f.symlinkTo !== undefined) ctx.fs.setEntry(f.path, makeSymlink(f.symlinkTo));
      else {
        const mode = f.mode ?? 0o644;
        ctx.fs.writeFile(
          f.path,
          f.content !== undefined ? makeFile(f.content, { mode }) : makeSyntheticFile(f.size, `estimate:${f.path}`, { mode, estimated: true }),
          { keepMeta: false },
        );
      }
    }
  },
  hasCommand: (name, ctx) => (ctx.env['PATH'] ?? '').split(':').some((dir) => ctx.fs.exists(`${dir}/${name}`)),
  failWhenMissing: true,
});

/** Creates the RUN executor used by playground builds (shell model + toolchain knowledge base). */
export function createPlaygroundRunExecutor(): RunExecutor {
  // Catalog images list only some of their files, so unknown paths are not proof of absence.
  const run = createRunStepExecutor({ resolveExternal, knownFiles: 'partial' });
  return (invocation) => {
    const outcome = run(invocation);
    return { exitCode: outcome.exitCode, output: outcome.output, estimated: outcome.estimated, durationMs: outcome.durationMs };
  };
}
