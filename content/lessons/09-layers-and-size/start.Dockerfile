FROM debian:bookworm-slim
RUN apt-get update
RUN apt-get install -y --no-install-recommends curl
# Clean up the package lists... in a layer of its own.
RUN rm -rf /var/lib/apt/lists/*
CMD ["curl", "--version"]
