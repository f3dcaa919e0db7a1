# expect: 6:1 DO104
# expect: 13:1 DO104
FROM debian:12-slim
RUN set -eux; \
    apt-get update; \

    apt-get install -y --no-install-recommends \
        ca-certificates \
        curl; \
    rm -rf /var/lib/apt/lists/*
ENV APP_HOME=/srv/app \
    APP_USER=app \
    
    APP_PORT=8080
WORKDIR $APP_HOME
