# Someone added this docs stage at the top of the file last week.
FROM busybox:1.28
WORKDIR /docs
COPY docs/ ./

# The build stage. It used to be the first stage: number 0.
FROM busybox:1.28
WORKDIR /build
COPY src/ ./src/
RUN mkdir -p dist && cat src/header.txt src/message.txt > dist/app.txt

FROM busybox:1.28
WORKDIR /app
COPY --from=0 /build/dist/app.txt ./app.txt
CMD ["cat", "/app/app.txt"]
