FROM local/busybox:1 AS slow
RUN echo start && sleep 2 && echo end

FROM local/busybox:1 AS bad
RUN sleep 0.5 && exit 4

FROM scratch
COPY --from=slow /bin/sh /a
COPY --from=bad /bin/sh /b
