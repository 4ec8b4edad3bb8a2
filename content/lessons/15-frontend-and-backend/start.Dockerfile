FROM golang:1.24-alpine AS api
WORKDIR /src
COPY api/go.mod ./
RUN go mod download
COPY api/ ./
RUN CGO_ENABLED=0 go build -o /out/server .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=api /out/server /app/server
# Your turn: build web/ in a stage of its own and copy its dist/ to /app/static.
ENTRYPOINT ["/app/server"]
