# Stage "build": a stand-in toolchain and the sources it turns into dist/app.txt.
FROM busybox:1.28 AS build
WORKDIR /build
RUN mkdir -p /opt/toolchain && dd if=/dev/zero of=/opt/toolchain/compiler bs=1024 count=4096
COPY src/ ./src/
RUN mkdir -p dist && cat src/header.txt src/message.txt > dist/app.txt

# The final stage starts again from a clean busybox image.
FROM busybox:1.28
WORKDIR /app
COPY --from=build /build/dist/app.txt ./app.txt
CMD ["cat", "/app/app.txt"]
