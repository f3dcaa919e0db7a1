FROM alpine:3.20
ARG VERSION=1.4.2
ARG GIT_SHA
LABEL org.opencontainers.image.source="https://github.com/example/app" \
      org.opencontainers.image.licenses="Apache-2.0 OR MIT" \
      org.opencontainers.image.version=${VERSION} \
      org.opencontainers.image.revision=${GIT_SHA} \
      org.opencontainers.image.created=2024-05-01T12:00:00+02:00 \
      org.opencontainers.image.authors=ops@example.com \
      org.opencontainers.image.title="a title"
