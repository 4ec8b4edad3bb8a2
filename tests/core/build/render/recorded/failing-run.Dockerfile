FROM local/busybox:1
RUN echo one && echo two && exit 3
