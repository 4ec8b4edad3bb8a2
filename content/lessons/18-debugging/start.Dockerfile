FROM busybox:1.28 AS build
WORKDIR /src
COPY src/ ./
RUN mkdir -p dist && cp version.txt dist/app.txt

FROM busybox:1.28
WORKDIR /app
COPY --from=build /build/dist/app.txt ./app.txt
CMD ["cat", "/app/app.txt"]
