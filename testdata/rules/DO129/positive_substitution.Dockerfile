# expect: 7:5 DO129
# the pipe starts at ldd: php runs in a command substitution inside ldd's argument, apart from the pipe
FROM php:8.3-fpm
RUN apt-get update \
    && apt-get install -y --no-install-recommends libzip-dev \
    && rm -rf /var/lib/apt/lists/*
RUN ldd "$(php -r 'echo ini_get("extension_dir");')"/*.so \
        | awk '/=>/ { print $(NF-1) }' \
        | sort -u \
        | xargs -r dpkg-query --search
