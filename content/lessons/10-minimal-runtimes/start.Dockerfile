FROM golang:1.24-alpine
WORKDIR /src
COPY go.mod ./
COPY cmd/ ./cmd/
RUN go build -o /usr/local/bin/server ./cmd/server
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/server"]
