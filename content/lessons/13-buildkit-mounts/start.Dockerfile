FROM node:20-alpine
WORKDIR /app
# The registry token arrives as a build argument...
ARG NPM_TOKEN
COPY package.json package-lock.json ./
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci --omit=dev && rm .npmrc
COPY server.js ./
CMD ["node", "server.js"]
