// Deterministic synthetic Dockerfiles for scaling benchmarks: realistic multi-stage content
// (global ARGs, `AS` stages, COPY --from, continuations with comments inside, RUN and COPY
// heredocs, exec-form JSON, --mount flags, LABEL/ENV pairs), sized by lines or by stages.

const HEADER = [
  '# syntax=docker/dockerfile:1.7',
  '# A synthetic multi-stage build for parser and simulator benchmarks.',
  'ARG NODE_VERSION=20',
  'ARG ALPINE_VERSION=3.20',
  '',
];

// A build stage (about 31 lines) and its runtime stage (7 lines). `i` makes names unique; each
// build stage copies from the one before it, each runtime stage from its build stage.
function buildStage(i: number): string[] {
  const prev = i === 0 ? undefined : `build-${i - 1}`;
  return [
    `FROM node:\${NODE_VERSION}-alpine\${ALPINE_VERSION} AS build-${i}`,
    'WORKDIR /app',
    `ENV NODE_ENV=production \\`,
    `    APP_STAGE=${i} \\`,
    '    PATH=/app/node_modules/.bin:$PATH',
    'COPY package.json package-lock.json ./',
    'RUN --mount=type=cache,target=/root/.npm \\',
    '    # install only what production needs',
    '    npm ci --omit=dev && \\',
    '    npm cache clean --force',
    `RUN <<EOF`,
    'set -eux',
    'apk add --no-cache curl git tini',
    `echo "stage ${i}" > /etc/stage`,
    'EOF',
    `COPY <<-EOT /app/config-${i}.json`,
    `\t{"stage": ${i}, "debug": false, "name": "app-${i}"}`,
    'EOT',
    ...(prev ? [`COPY --from=${prev} --chown=node:node /app/dist /srv/${i - 1}`] : ['COPY . .']),
    'RUN ["npm", "run", "build", "--", "--mode=production"]',
    `LABEL org.opencontainers.image.title="app-${i}" \\`,
    '      org.opencontainers.image.version="1.0.0" \\',
    '      org.opencontainers.image.licenses="MIT"',
    'ARG BUILD_DATE',
    'ARG GIT_SHA=unknown',
    'EXPOSE 8080 9090/udp',
    'HEALTHCHECK --interval=30s --timeout=3s \\',
    '  CMD ["wget", "-qO-", "http://localhost:8080/health"]',
    'USER node',
    'VOLUME ["/data"]',
    '',
  ];
}

function runtimeStage(i: number): string[] {
  return [
    `FROM alpine:\${ALPINE_VERSION} AS runtime-${i}`,
    'RUN apk add --no-cache ca-certificates \\',
    '    && addgroup -S app && adduser -S app -G app',
    `COPY --from=build-${i} /app/dist /usr/share/app`,
    'ENTRYPOINT ["/sbin/tini", "--"]',
    'CMD ["node", "/usr/share/app/server.js"]',
    '',
  ];
}

/** A Dockerfile of exactly `lines` lines (padded with ENV lines after the last whole stage block). */
export function syntheticDockerfileByLines(lines: number): string {
  const out = [...HEADER];
  for (let i = 0; ; i++) {
    const block = [...buildStage(i), ...runtimeStage(i)];
    if (out.length + block.length > lines) break;
    out.push(...block);
  }
  if (out.length === HEADER.length) out.push('FROM alpine:3.20 AS tiny');
  for (let pad = 0; out.length < lines; pad++) out.push(`ENV PAD_${pad}=value-${pad}`);
  return out.slice(0, lines).join('\n') + '\n';
}

/** A Dockerfile with exactly `stages` FROMs, alternating build and runtime stages. */
export function syntheticDockerfileByStages(stages: number): string {
  const out = [...HEADER];
  for (let k = 0; k < stages; k++) out.push(...(k % 2 === 0 ? buildStage(k / 2) : runtimeStage((k - 1) / 2)));
  return out.join('\n') + '\n';
}

/**
 * A Dockerfile with exactly `stages` FROMs that both 20.10 builders can build from start to end
 * (no `# syntax=`, heredocs or --mount, which the engines reject or need online): a Go base stage,
 * then build stages that each start FROM the previous stage or the base and COPY --from the one
 * before, with WORKDIR, ARG and RUN steps the toolchain model knows, and a runtime stage that
 * copies the last few builds. Every stage is reachable from the last, so all of them run.
 * Context files it reads: `go.mod`, `go.sum`, `main.go` (see `syntheticBuildContext`).
 */
export function syntheticBuildableByStages(stages: number): string {
  const n = Math.max(1, Math.floor(stages));
  const out = [
    '# A synthetic multi-stage build both builders run in full (simulator benchmarks).',
    'ARG GO_VERSION=1.24',
    'ARG ALPINE_VERSION=3.20',
    '',
    'FROM golang:${GO_VERSION}-alpine AS base',
    'ARG GOFLAGS=-trimpath',
    'WORKDIR /src',
    'RUN apk add --no-cache git make',
    'COPY go.mod go.sum ./',
    'RUN go mod download',
    '',
  ];
  const builds = n >= 2 ? n - 2 : 0;
  for (let i = 1; i <= builds; i++) {
    const parent = i % 3 === 1 || i === 1 ? 'base' : `build-${i - 1}`;
    out.push(
      `FROM ${parent} AS build-${i}`,
      `ARG VERSION=1.0.${i}`,
      `WORKDIR /src/mod-${i}`,
      ...(i > 1 && parent === 'base' ? [`COPY --from=build-${i - 1} /out/ /deps/`] : []),
      'COPY main.go ./',
      `RUN go build -o /out/app-${i} . && echo "$VERSION" > /out/version-${i}`,
      `RUN mkdir -p /out/share && echo "module ${i}" > /out/share/mod-${i}.txt`,
      '',
    );
  }
  if (n >= 2) {
    const last = builds;
    out.push('FROM alpine:${ALPINE_VERSION} AS runtime', 'ARG VERSION=1.0.0', 'WORKDIR /app');
    if (last === 0) out.push('COPY --from=base /src/go.mod ./');
    for (let i = Math.max(1, last - 2); i <= last; i++) out.push(`COPY --from=build-${i} /out/ /app/`);
    out.push('RUN adduser -D app', 'USER app', 'ENTRYPOINT ["/app/app-' + Math.max(1, last) + '"]', '');
  }
  return out.join('\n');
}

/** The small build context `syntheticBuildableByStages` reads (path → text). */
export function syntheticBuildContext(): Record<string, string> {
  return {
    'go.mod': 'module example.com/app\n\ngo 1.24\n\nrequire golang.org/x/sync v0.8.0\n',
    'go.sum': 'golang.org/x/sync v0.8.0 h1:3NFvSEYkUoMifnESzZl15y791HH1qU2xm6eCJU5ZPXQ=\ngolang.org/x/sync v0.8.0/go.mod h1:Czt+wKu1gCyEFDUtn0jG5QVvpJ6rzVqr5aXyt9drQfk=\n',
    'main.go': 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hello")\n}\n',
    'README.md': '# app\n\nA tiny Go service.\n',
    '.dockerignore': '.git\n*.md\n',
  };
}
