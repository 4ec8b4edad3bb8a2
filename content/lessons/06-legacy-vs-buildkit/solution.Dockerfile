FROM busybox:1.28 AS base
WORKDIR /work
COPY src/ ./src/

FROM base AS app
RUN cp src/app.txt /work/app.txt
CMD ["cat", "/work/app.txt"]

# Generates documentation. It is broken today: nobody wrote docs/index.md yet.
# Below the target, the legacy builder never reaches it.
FROM base AS docs
RUN echo "make-docs" && test -f docs/index.md
