import { describe, expect, test } from 'vitest';
import { bytes, formatBytesHuman, formatBytesLikeDocker, formatGoG } from '../../../src/core/size/index.ts';

describe('sizes print like the docker CLI (go-units HumanSizeWithPrecision)', () => {
  // Each of these was checked against `docker images` on Engine 20.10 with images of that exact size.
  test.each([
    [0, '0B'],
    [999, '999B'],
    [100_500, '100kB'],
    [999_600, '1e+03kB'],
    [1_005_000, '1MB'],
    [12_345_678, '12.3MB'],
  ])('%d bytes show as %s in docker images', (size, expected) => {
    expect(formatBytesLikeDocker(bytes(size))).toBe(expected);
  });

  test('the busybox base image shows as 1.98MB', () => {
    expect(formatBytesLikeDocker(bytes(1_982_382))).toBe('1.98MB');
  });

  test('gigabyte images keep three significant digits', () => {
    expect(formatBytesLikeDocker(bytes(1_450_000_000))).toBe('1.45GB');
    expect(formatBytesLikeDocker(bytes(823_543_661))).toBe('824MB');
  });

  test('HumanSize keeps four significant digits', () => {
    expect(formatBytesHuman(bytes(1_982_382))).toBe('1.982MB');
    expect(formatBytesHuman(bytes(2048))).toBe('2.048kB');
  });

  test('Go %g rounds exact ties to even, unlike toPrecision', () => {
    expect(formatGoG(12.5, 2)).toBe('12');
    expect(formatGoG(13.5, 2)).toBe('14');
    expect((12.5).toPrecision(2)).toBe('13');
  });

  test('Go %g switches to exponent form for small values too', () => {
    expect(formatGoG(0.0000123, 3)).toBe('1.23e-05');
    expect(formatGoG(0.5, 3)).toBe('0.5');
  });
});
