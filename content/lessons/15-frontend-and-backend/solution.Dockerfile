# The frontend: Node is needed to build it, never to serve it.
FROM node:20-alpine AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci
COPY web/ ./
RUN npm run build

# The backend: a static Go binary.
FROM golang:1.24-alpine AS api
WORKDIR /src
COPY api/go.mod ./
RUN go mod download
COPY api/ ./
RUN CGO_ENABLED=0 go build -o /out/server .

# One image: the server and the files it serves.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=api /out/server /app/server
COPY --from=web /web/dist /app/static
ENTRYPOINT ["/app/server"]
