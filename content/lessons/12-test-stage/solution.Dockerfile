FROM golang:1.24-alpine AS build
WORKDIR /src
COPY go.mod ./
COPY cmd/ ./cmd/
RUN CGO_ENABLED=0 go build -o /out/server ./cmd/server

# Runs the tests on the build stage's files. Built only when asked for: --target test.
FROM build AS test
RUN go test ./...

FROM scratch AS release
COPY --from=build /out/server /server
ENTRYPOINT ["/server"]
