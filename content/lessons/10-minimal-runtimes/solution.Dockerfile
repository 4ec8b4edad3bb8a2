FROM golang:1.24-alpine AS build
WORKDIR /src
COPY go.mod ./
COPY cmd/ ./cmd/
# No cgo: a static binary that needs no C library at run time.
RUN CGO_ENABLED=0 go build -o /out/server ./cmd/server

# scratch: an empty filesystem. The binary is the whole image.
FROM scratch
COPY --from=build /out/server /server
EXPOSE 8080
ENTRYPOINT ["/server"]
