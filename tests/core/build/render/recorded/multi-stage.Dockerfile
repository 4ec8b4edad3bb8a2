ARG BASE=local/busybox:1
FROM ${BASE} AS base
WORKDIR /
RUN echo out1 && echo err1 >&2 && echo out2 && sleep 0.2 && echo err2 >&2
ENV X=1
COPY a.txt /a.txt

FROM base AS second
LABEL k=v
RUN echo second

FROM local/busybox:1
COPY --from=second /a.txt /b.txt
CMD ["sh"]
