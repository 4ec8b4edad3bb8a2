FROM golang:1.24-alpine AS build
WORKDIR /src
COPY go.mod ./
COPY cmd/ ./cmd/
# Tests and build in one step: every image build runs the tests.
RUN go test ./... && CGO_ENABLED=0 go build -o /out/server ./cmd/server

FROM scratch AS release
COPY --from=build /out/server /server
ENTRYPOINT ["/server"]
