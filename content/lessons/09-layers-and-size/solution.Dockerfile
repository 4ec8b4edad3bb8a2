FROM debian:bookworm-slim
# One RUN: the package lists are downloaded, used and deleted before the layer is written.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
CMD ["curl", "--version"]
