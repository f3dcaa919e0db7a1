# the packages come from a command's output, known only to the build
FROM php:8.3-fpm-alpine
RUN set -eux; \
    extDir="$(php -r 'echo ini_get("extension_dir");')"; \
    runDeps="$( \
        scanelf --needed --nobanner --format '%n#p' --recursive "$extDir" \
            | tr ',' '\n' \
            | sort -u \
            | awk '{ print "so:" $1 }' \
    )"; \
    apk add --no-network --virtual .phpexts-rundeps $runDeps
