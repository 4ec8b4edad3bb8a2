FROM busybox:1.28 AS base
WORKDIR /work
COPY src/ ./src/

# Generates documentation. It is broken today: nobody wrote docs/index.md yet.
FROM base AS docs
RUN echo "make-docs" && test -f docs/index.md

FROM base AS app
RUN cp src/app.txt /work/app.txt
CMD ["cat", "/work/app.txt"]
