# The compiler runs natively on the machine that builds...
FROM --platform=$BUILDPLATFORM golang:1.24-alpine AS build
# ...and produces a binary for the platform the image is for.
ARG TARGETOS
ARG TARGETARCH
WORKDIR /src
COPY go.mod main.go ./
RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/hello .

FROM scratch
COPY --from=build /out/hello /hello
ENTRYPOINT ["/hello"]
