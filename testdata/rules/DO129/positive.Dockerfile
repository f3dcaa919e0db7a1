# expect: 6:5 DO129
# expect: 9:5 DO129
# expect: 16:13 DO129
# expect: 19:5 DO129
FROM debian:12-slim AS fetch
RUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /opt \
    && ls /opt
# pipefail set after the pipe comes too late
RUN wget -qO- https://example.com/key.asc | gpg --dearmor > /usr/share/keyrings/example.gpg; \
    set -o pipefail

FROM alpine:3.20
SHELL ["/bin/ash", "-o", "pipefail", "-c"]
RUN wget -qO- https://example.com/a | sha256sum
SHELL ["/bin/sh", "-c"]
RUN set -e; wget -qO- https://example.com/b | sha256sum

FROM alpine:3.20 AS checksum
RUN echo "0123456789abcdef  /tmp/app.tgz" | sha256sum -c -
