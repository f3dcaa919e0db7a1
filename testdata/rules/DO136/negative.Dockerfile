FROM debian:12-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN ln -s /usr/bin/python3 /usr/local/bin/python
FROM gcr.io/distroless/base-debian12:debug
# adds /bin/sh to an image without one (ln -s fails when it exists)
RUN ["/busybox/ln", "-s", "/busybox/sh", "/bin/sh"]
RUN ln -s /busybox/sh /bin/sh
