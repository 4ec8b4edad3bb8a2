// The playground lints on every keystroke, and the linter keeps a few lookups across lints
// (.dockerignore matchers and their verdicts, parsed image references, base-image tools, keyword
// casing). These tests lint the same text under different inputs, in both orders, so a lookup kept
// under the wrong key shows as a wrong finding.
import { describe, expect, test } from 'vitest';
import { findingsOf } from './lint-helpers.ts';

const copy = '# check=experimental=CopyIgnoredFile\nFROM alpine:3.19\nCOPY ./tmp/a.txt src/b.txt /app/\n';

describe('lint results do not depend on earlier lints', () => {
  test('each .dockerignore text gets its own CopyIgnoredFile verdicts, whatever was linted before', () => {
    const tmp = () => findingsOf(copy, 'CopyIgnoredFile', { dockerignore: 'tmp\n' }).map((f) => f.message);
    const src = () => findingsOf(copy, 'CopyIgnoredFile', { dockerignore: 'src\n' }).map((f) => f.message);
    const none = () => findingsOf(copy, 'CopyIgnoredFile', { dockerignore: 'other\n' });
    for (let round = 0; round < 2; round++) {
      expect(tmp()).toEqual(['Attempting to Copy file "tmp/a.txt" that is excluded by .dockerignore']);
      expect(src()).toEqual(['Attempting to Copy file "src/b.txt" that is excluded by .dockerignore']);
      expect(none()).toEqual([]);
    }
  });

  test('an untagged base image is flagged each time, and a tagged one never, in either order', () => {
    for (let round = 0; round < 2; round++) {
      expect(findingsOf('FROM node\n', 'stagecraft/unpinned-base-image')).toHaveLength(1);
      expect(findingsOf('FROM node:22\n', 'stagecraft/unpinned-base-image')).toEqual([]);
    }
  });

  test('keyword casing is judged per file: the majority of this file, not of files linted before', () => {
    const lower = 'from alpine:3.19\nrun echo a\nRUN echo b\n';
    const upper = 'FROM alpine:3.19\nRUN echo a\nrun echo b\n';
    for (let round = 0; round < 2; round++) {
      expect(findingsOf(lower, 'ConsistentInstructionCasing').map((f) => f.message)).toEqual(["Command 'RUN' should match the case of the command majority (lowercase)"]);
      expect(findingsOf(upper, 'ConsistentInstructionCasing').map((f) => f.message)).toEqual(["Command 'run' should match the case of the command majority (uppercase)"]);
    }
  });

  test('a final stage on golang is flagged for its toolchain, one on alpine is not, in either order', () => {
    const golang = 'FROM golang:1.22\nRUN echo hi\n';
    const alpine = 'FROM alpine:3.19\nRUN echo hi\n';
    for (let round = 0; round < 2; round++) {
      expect(findingsOf(golang, 'stagecraft/build-tools-in-final-stage')).toHaveLength(1);
      expect(findingsOf(alpine, 'stagecraft/build-tools-in-final-stage')).toEqual([]);
    }
  });
});
