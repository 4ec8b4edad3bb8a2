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
