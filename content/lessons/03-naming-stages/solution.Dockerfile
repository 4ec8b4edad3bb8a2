# Someone added this docs stage at the top of the file last week.
FROM busybox:1.28 AS docs
WORKDIR /docs
COPY docs/ ./

# The build stage. Its name does not change when stages move.
FROM busybox:1.28 AS build
WORKDIR /build
COPY src/ ./src/
RUN mkdir -p dist && cat src/header.txt src/message.txt > dist/app.txt

FROM busybox:1.28 AS runtime
WORKDIR /app
COPY --from=build /build/dist/app.txt ./app.txt
CMD ["cat", "/app/app.txt"]
