# Nothing but what the script needs: a shell, taken from the busybox image.
FROM scratch
COPY --from=busybox:1.28 /bin/busybox /bin/busybox
WORKDIR /app
COPY run.sh .
CMD ["/bin/busybox", "sh", "/app/run.sh"]
