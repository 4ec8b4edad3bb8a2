import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { makeFile, makeSymlink, makeSyntheticFile, Rootfs, type FsView, type Layer } from '../../../src/core/fs/index.ts';

type Op =
  | { kind: 'write'; path: string; size: number }
  | { kind: 'mkdir'; path: string }
  | { kind: 'remove'; path: string }
  | { kind: 'link'; path: string; target: string }
  | { kind: 'chmod'; path: string }
  | { kind: 'commit' };

const name = fc.constantFrom('a', 'b', 'c');
const path = fc.array(name, { minLength: 1, maxLength: 3 }).map((parts) => `/${parts.join('/')}`);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('write' as const), path, size: fc.integer({ min: 0, max: 5000 }) }),
  fc.record({ kind: fc.constant('mkdir' as const), path }),
  fc.record({ kind: fc.constant('remove' as const), path }),
  fc.record({ kind: fc.constant('link' as const), path, target: fc.constantFrom('a', '/b', '../c', 'x/y') }),
  fc.record({ kind: fc.constant('chmod' as const), path }),
  fc.constant({ kind: 'commit' as const }),
);

// A plain model: the visible tree as a Map, and every layer's bytes as the sum of what it wrote.
function expectedVisible(fs: FsView): Map<string, string> {
  const out = new Map<string, string>();
  for (const [rel, , entry] of fs.walk('/')) out.set(`/${rel}`, entry.type === 'file' ? `file:${entry.size}` : entry.type);
  return out;
}

describe('layered filesystem properties', () => {
  test('random operation sequences: image size is the sum of layer sizes, each layer counts exactly what it holds, and flattening agrees with reading through layers', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        let fs = Rootfs.empty();
        let working = fs.edit();
        const layers: Layer[] = [];
        const commit = (): void => {
          const { layer, rootfs } = working.commit();
          layers.push(layer);
          fs = rootfs;
          working = fs.edit();
        };
        for (const o of ops) {
          switch (o.kind) {
            case 'write':
              working.writeFile(o.path, o.size % 2 ? makeSyntheticFile(o.size, 'zero') : makeFile('x'.repeat(o.size % 50)));
              break;
            case 'mkdir':
              working.mkdir(o.path, { parents: true });
              break;
            case 'remove':
              working.remove(o.path, { recursive: true });
              break;
            case 'link':
              if (working.lookup(o.path.replace(/\/[^/]*$/, '') || '/')?.type === 'dir' && !working.lstat(o.path)) working.setEntry(o.path, makeSymlink(o.target));
              break;
            case 'chmod':
              working.changeMeta(o.path, { mode: 0o600 });
              break;
            case 'commit':
              commit();
          }
        }
        const before = expectedVisible(working);
        commit();
        // Reading the committed stack shows exactly what the working layer showed.
        expect(expectedVisible(fs)).toEqual(before);
        // A stack rebuilt from the same layers (fresh snapshots) reads the same.
        expect(expectedVisible(Rootfs.fromLayers(layers))).toEqual(before);
        let total = 0;
        for (const layer of layers) {
          let own = 0;
          for (const change of layer.changes.values()) {
            if (change.type === 'file') own += change.size;
            if (change.type === 'symlink') own += change.target.length;
          }
          expect(layer.size).toBe(own);
          total += own;
        }
        expect(fs.size).toBe(total);
      }),
      { numRuns: 200 },
    );
  });

  test('a stack deeper than the snapshot interval (16) reads like a plain model of the same operations', () => {
    let fs = Rootfs.empty();
    const model = new Map<string, string>();
    for (let i = 0; i < 40; i++) {
      const w = fs.edit();
      const dir = `/d${i % 3}`;
      w.mkdir(dir, { parents: true });
      model.set(dir, 'dir');
      w.writeFile(`${dir}/f${i}`, makeFile(String(i)));
      model.set(`${dir}/f${i}`, `file:${String(i).length}`);
      if (i % 5 === 4) {
        const gone = `/d${(i + 1) % 3}`;
        w.remove(gone, { recursive: true });
        for (const key of [...model.keys()]) if (key === gone || key.startsWith(`${gone}/`)) model.delete(key);
      }
      fs = w.commit().rootfs;
      expect(expectedVisible(fs)).toEqual(new Map([...model].sort(([a], [b]) => (a < b ? -1 : 1))));
    }
    expect(fs.layers).toHaveLength(40);
  });
});
