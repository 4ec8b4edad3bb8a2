import { describe, expect, test } from 'vitest';
import { dedent, expectFixResolves, findingsOf, lint, textAt } from './lint-helpers.ts';

describe('stagecraft/copy-from-unknown-stage', () => {
  const src = dedent`
    FROM golang:1.22 AS build
    RUN go build -o /out/app .
    FROM alpine:3.19
    COPY --from=buidl /out/app /app
  `;

  test('a --from that is a typo of a stage name is flagged at the value with the closest stage', () => {
    const [f] = findingsOf(src, 'stagecraft/copy-from-unknown-stage');
    expect(f?.source).toBe('stagecraft');
    expect(f?.message).toContain("treats 'buidl' as an image");
    expect(f?.message).toContain("Did you mean the stage 'build'?");
    expect(textAt(src, f)).toBe('buidl');
    expect(expectFixResolves(src, f)).toContain('COPY --from=build /out/app /app');
  });

  test('a stage defined later is flagged; an image or an earlier stage is fine', () => {
    const later = 'FROM alpine:3.19\nCOPY --from=build /x /x\nFROM alpine:3.19 AS build\n';
    const [f] = findingsOf(later, 'stagecraft/copy-from-unknown-stage');
    expect(f?.message).toContain('defined after this stage');
    expect(findingsOf('FROM alpine:3.19\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\n', 'stagecraft/copy-from-unknown-stage')).toEqual([]);
    expect(findingsOf(src.replace('buidl', 'build'), 'stagecraft/copy-from-unknown-stage')).toEqual([]);
  });
});

describe('stagecraft rules and the check directive', () => {
  test('RUN --mount from= with a typo is flagged at the value', () => {
    const src = 'FROM alpine:3.19 AS deps\nRUN echo x > /x\nFROM alpine:3.19\nRUN --mount=type=bind,from=dpes,target=/d cat /d/x\n';
    const [f] = findingsOf(src, 'stagecraft/copy-from-unknown-stage');
    expect(textAt(src, f)).toBe('dpes');
    expect(expectFixResolves(src, f)).toContain('from=deps,');
  });

  test('# check=skip=stagecraft/<rule> silences one of our rules like a BuildKit one', () => {
    expect(findingsOf('# check=skip=stagecraft/unpinned-base-image\nFROM node\n', 'stagecraft/unpinned-base-image')).toEqual([]);
    expect(findingsOf('FROM alpine:3.19\n# check=skip=stagecraft/apt-lists-not-cleaned\nRUN apt-get install -y curl\n', 'stagecraft/apt-lists-not-cleaned')).toEqual([]);
  });
});

describe('stagecraft/unused-stage', () => {
  const src = dedent`
    FROM alpine:3.19 AS test
    RUN echo testing
    FROM alpine:3.19 AS build
    RUN mkdir /out && echo app > /out/app
    FROM alpine:3.19
    COPY --from=build /out/app /app
  `;

  test('a stage the target does not need is reported at its name, naming the legacy builder', () => {
    const found = findingsOf(src, 'stagecraft/unused-stage');
    expect(found.map((f) => textAt(src, f))).toEqual(['test']);
    expect(found[0]?.severity).toBe('info');
    expect(found[0]?.message).toContain('legacy builder still builds it');
  });

  test('with --target test nothing before it is unused', () => {
    expect(findingsOf(src, 'stagecraft/unused-stage', { target: 'test' })).toEqual([]);
  });
});

describe('stagecraft/unpinned-base-image', () => {
  test('an untagged image is flagged and the fix adds a version placeholder', () => {
    const src = 'FROM node\nCMD ["node"]\n';
    const [f] = findingsOf(src, 'stagecraft/unpinned-base-image');
    expect(textAt(src, f)).toBe('node');
    expect(f?.message).toContain("'node' has no tag");
    expect(expectFixResolves(src, f)).toBe('FROM node:VERSION\nCMD ["node"]\n');
  });

  test('the latest tag is flagged and replaced', () => {
    const src = 'FROM node:latest AS build\n';
    const [f] = findingsOf(src, 'stagecraft/unpinned-base-image');
    expect(textAt(src, f)).toBe('node:latest');
    expect(expectFixResolves(src, f)).toBe('FROM node:VERSION AS build\n');
  });

  test('tags, digests, scratch and stage references are fine', () => {
    const src = 'FROM node:20 AS a\nFROM node@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\nFROM scratch\nFROM a\n';
    expect(findingsOf(src, 'stagecraft/unpinned-base-image')).toEqual([]);
  });
});

describe('stagecraft/build-tools-in-final-stage', () => {
  test('a single-stage Go build ships the Go toolchain: flagged at the image', () => {
    const src = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app\nCMD ["/app"]\n';
    const [f] = findingsOf(src, 'stagecraft/build-tools-in-final-stage');
    expect(textAt(src, f)).toBe('golang:1.22');
    expect(f?.message).toContain('the Go toolchain');
  });

  test('installing a compiler in the final stage is flagged at the package', () => {
    const src = 'FROM debian:12\nRUN apt-get update && apt-get install -y gcc make && rm -rf /var/lib/apt/lists/*\n';
    const [f] = findingsOf(src, 'stagecraft/build-tools-in-final-stage');
    expect(textAt(src, f)).toBe('gcc');
    expect(f?.message).toContain('installs gcc, make');
  });

  test('building in an earlier stage and shipping a small image is fine', () => {
    const src = 'FROM golang:1.22 AS build\nRUN go build -o /app\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\n';
    expect(findingsOf(src, 'stagecraft/build-tools-in-final-stage')).toEqual([]);
  });

  test('a full node image ships gcc: the advice is its -slim or -alpine variant', () => {
    const src = 'FROM node:20\nCOPY dist /app\nCMD ["node", "/app/server.js"]\n';
    const [f] = findingsOf(src, 'stagecraft/build-tools-in-final-stage');
    expect(textAt(src, f)).toBe('node:20');
    expect(f?.message).toContain('-slim or -alpine variant');
  });

  test('a node runtime image is fine unless the final stage builds with npm', () => {
    expect(findingsOf('FROM node:20-alpine\nCOPY dist /app\nCMD ["node", "/app/server.js"]\n', 'stagecraft/build-tools-in-final-stage')).toEqual([]);
    const building = 'FROM node:20-alpine\nCOPY . .\nRUN npm ci && npm run build\n';
    expect(findingsOf(building, 'stagecraft/build-tools-in-final-stage')).toHaveLength(1);
  });
});

describe('stagecraft/copy-whole-build-stage', () => {
  test('COPY --from=build / / is flagged at the source', () => {
    const src = 'FROM alpine:3.19 AS build\nRUN echo x > /x\nFROM alpine:3.19\nCOPY --from=build / /\n';
    const [f] = findingsOf(src, 'stagecraft/copy-whole-build-stage');
    expect(f?.message).toContain('whole filesystem');
    expect(f?.range).toEqual([src.indexOf('/ /'), src.indexOf('/ /') + 1]);
  });

  test('copying the directory that holds the sources is flagged; copying the output is fine', () => {
    const src = dedent`
      FROM node:20 AS build
      WORKDIR /app
      COPY . .
      RUN npm ci && npm run build
      FROM nginx:1.27
      COPY --from=build /app /usr/share/nginx/html
    `;
    const [f] = findingsOf(src, 'stagecraft/copy-whole-build-stage');
    expect(textAt(src, f)).toBe('/app');
    expect(findingsOf(src.replace('/app /usr', '/app/dist /usr'), 'stagecraft/copy-whole-build-stage')).toEqual([]);
  });
});

describe('stagecraft/cache-busting-copy-order', () => {
  test('COPY . . before npm ci is flagged at the source and the fix copies the manifest and installs first', () => {
    const src = dedent`
      FROM node:20 AS build
      WORKDIR /app
      COPY . .
      RUN npm ci
      RUN npm run build
    `;
    const [f] = findingsOf(src, 'stagecraft/cache-busting-copy-order');
    expect(textAt(src, f)).toBe('.');
    expect(f?.line).toBe(3);
    const fixed = expectFixResolves(src, f);
    expect(fixed).toBe('FROM node:20 AS build\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n');
  });

  test('for Maven the fix adds a dependency:go-offline step after copying pom.xml', () => {
    const src = 'FROM maven:3.9-eclipse-temurin-17 AS build\nWORKDIR /src\nCOPY . .\nRUN mvn -B package -DskipTests\n';
    const [f] = findingsOf(src, 'stagecraft/cache-busting-copy-order');
    const fixed = expectFixResolves(src, f);
    expect(fixed).toContain('COPY pom.xml ./\nRUN mvn dependency:go-offline\nCOPY . .\n');
  });

  test('pip install -r copies that requirements file first', () => {
    const src = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n';
    const [f] = findingsOf(src, 'stagecraft/cache-busting-copy-order');
    expect(expectFixResolves(src, f)).toContain('COPY requirements.txt ./\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n');
  });

  test('copying the manifest before the sources is fine', () => {
    const src = 'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n';
    expect(findingsOf(src, 'stagecraft/cache-busting-copy-order')).toEqual([]);
  });
});

describe('stagecraft/apt-lists-not-cleaned', () => {
  test('apt-get install without removing the lists is flagged and the fix removes them in the same RUN', () => {
    const src = 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n';
    const [f] = findingsOf(src, 'stagecraft/apt-lists-not-cleaned');
    expect(textAt(src, f)).toBe('apt-get install');
    expect(expectFixResolves(src, f)).toBe('FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n');
  });

  test('cleaning in the same RUN, or installing in a build stage that is only copied from, is fine', () => {
    expect(findingsOf('FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n', 'stagecraft/apt-lists-not-cleaned')).toEqual([]);
    const build = 'FROM debian:12 AS build\nRUN apt-get update && apt-get install -y curl\nFROM debian:12\nCOPY --from=build /usr/bin/curl /usr/bin/curl\n';
    expect(findingsOf(build, 'stagecraft/apt-lists-not-cleaned')).toEqual([]);
  });
});

describe('stagecraft/secret-arg-in-run', () => {
  const src = 'FROM node:20\nARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc && npm ci\n';

  test('a secret-looking ARG used by RUN is flagged at the use and the fix switches to a secret mount', () => {
    const [f] = findingsOf(src, 'stagecraft/secret-arg-in-run');
    expect(textAt(src, f)).toBe('NPM_TOKEN');
    expect(f?.line).toBe(3);
    const fixed = expectFixResolves(src, f);
    expect(fixed).toBe('FROM node:20\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc && npm ci\n');
    expect(findingsOf(fixed, 'SecretsUsedInArgOrEnv')).toEqual([]);
  });

  test('an ordinary ARG, or a secret ARG no RUN uses, is fine', () => {
    expect(findingsOf('FROM node:20\nARG NODE_ENV\nRUN echo $NODE_ENV\n', 'stagecraft/secret-arg-in-run')).toEqual([]);
    expect(findingsOf('FROM node:20\nARG NPM_TOKEN\nRUN echo hi\n', 'stagecraft/secret-arg-in-run')).toEqual([]);
  });
});

describe('findings', () => {
  test('are sorted by range and carry line and column', () => {
    const found = lint('FROM node\nMAINTAINER me\nCMD node x\n');
    const starts = found.map((f) => f.range[0]);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(found.every((f) => f.line >= 1 && f.column >= 1)).toBe(true);
  });
});
