FROM busybox:1.28 AS build
WORKDIR /build
COPY src/ ./src/
RUN mkdir -p dist && cp src/message.txt dist/app.txt

# Everything the build stage has, plus a helper to look around with.
FROM build AS debug
RUN mkdir -p /usr/local/bin && printf '#!/bin/sh\nls -la /build/dist\n' > /usr/local/bin/inspect && chmod +x /usr/local/bin/inspect
CMD ["inspect"]

FROM busybox:1.28 AS release
WORKDIR /app
COPY --from=build /build/dist/app.txt ./app.txt
CMD ["cat", "/app/app.txt"]
