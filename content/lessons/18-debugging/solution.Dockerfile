FROM busybox:1.28 AS build
WORKDIR /src
COPY src/ ./
RUN mkdir -p dist && cp version.txt dist/app.txt

FROM busybox:1.28
WORKDIR /app
# WORKDIR /src in the build stage: that is where dist/ is.
COPY --from=build /src/dist/app.txt ./app.txt
CMD ["cat", "/app/app.txt"]
