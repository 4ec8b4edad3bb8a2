import { describe, expect, test } from 'vitest';
import {
  bytes,
  compareWithSingleStage,
  countSharedBaseLayers,
  estimateLayerDiskSizes,
  findCatalogImage,
  formatHistorySizes,
  listCatalogImages,
  sumLayerSizes,
} from '../../../src/core/size/index.ts';

describe('layer sizes', () => {
  test('estimated per-layer on-disk sizes sum exactly to every image size', () => {
    for (const image of listCatalogImages()) {
      const layers = estimateLayerDiskSizes(image);
      expect(layers).toHaveLength(image.layerCount);
      expect(layers.reduce((a, b) => a + b, 0)).toBe(image.layerCount === 0 ? 0 : image.sizeBytes);
    }
  });

  test('tomcat:10.1-jdk17 shares its first four layers with eclipse-temurin:17-jdk', () => {
    const tomcat = findCatalogImage('tomcat:10.1-jdk17');
    const temurin = findCatalogImage('eclipse-temurin:17-jdk');
    if (!tomcat || !temurin) throw new Error('catalog entries missing');
    expect(countSharedBaseLayers(tomcat, temurin).layers).toBe(4);
  });

  test('history sizes and layer sums use docker units', () => {
    const rows = [{ createdBy: 'COPY app.jar', size: bytes(17_600_000) }, { createdBy: 'CMD', size: bytes(0) }];
    expect(formatHistorySizes(rows)).toEqual(['17.6MB', '0B']);
    expect(sumLayerSizes(rows)).toBe(17_600_000);
  });

  test('a multi-stage result is compared with shipping the builder stage', () => {
    const comparison = compareWithSingleStage({ finalBytes: bytes(100), builderStageBytes: bytes(900), finalOwnLayerBytes: bytes(10) });
    expect(comparison).toMatchObject({ singleStageBytes: 910, savedBytes: 810 });
    expect(comparison.ratio).toBeCloseTo(9.1);
  });
});
