# A global ARG: declared before the first FROM.
ARG VERSION=1.4.2

FROM busybox:1.28
WORKDIR /app
# An expensive step that does not care about the version (4 MiB of "dependencies").
RUN dd if=/dev/zero of=/app/deps.bin bs=1024 count=4096
# Declared again inside the stage, after the expensive step.
ARG VERSION
ENV APP_VERSION=$VERSION
CMD ["sh", "-c", "echo version $APP_VERSION"]
