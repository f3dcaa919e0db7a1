FROM debian:12-slim
RUN set -eux; \
    apt-get update; \
    # install only what the service needs
    apt-get install -y --no-install-recommends \
        ca-certificates \
        curl; \
    rm -rf /var/lib/apt/lists/*

ENV APP_HOME=/srv/app \
    APP_PORT=8080
WORKDIR $APP_HOME
RUN <<EOF
set -e

echo "empty lines in a heredoc body are fine"
EOF
