FROM busybox:1.28 AS build
WORKDIR /build
COPY src/ ./src/
RUN mkdir -p dist && cp src/message.txt dist/app.txt

# Your turn: a stage named debug, built on top of the build stage.

FROM busybox:1.28 AS release
WORKDIR /app
COPY --from=build /build/dist/app.txt ./app.txt
CMD ["cat", "/app/app.txt"]
