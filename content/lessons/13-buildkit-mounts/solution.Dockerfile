FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json ./
# The token is a file for this one RUN (docker build --secret id=npmrc,src=$HOME/.npmrc),
# and npm's download cache lives in a cache mount, not in a layer.
RUN --mount=type=secret,id=npmrc,target=/app/.npmrc \
    --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev
COPY server.js ./
CMD ["node", "server.js"]
