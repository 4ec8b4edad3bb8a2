# A whole Debian userland to run one shell script.
FROM debian:bookworm-slim
WORKDIR /app
COPY run.sh .
CMD ["/bin/sh", "/app/run.sh"]
