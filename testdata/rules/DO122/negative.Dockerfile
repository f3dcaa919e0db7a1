FROM composer:2 AS composer
FROM golang:1.22 AS builder
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 go build -o /out/app ./cmd/app

FROM php:8.3-fpm-alpine
COPY --from=composer /usr/bin/composer /usr/bin/composer
COPY --from=mlocati/php-extension-installer:2 /usr/bin/install-php-extensions /usr/local/bin/
COPY --from=Builder /out/app /usr/local/bin/app
COPY --from=1 /out/app /usr/local/bin/app2
COPY --from=busybox:1.36 /bin/busybox /bin/busybox
RUN --mount=type=bind,from=builder,source=/out,target=/mnt/out cp /mnt/out/app /usr/local/bin/app3
# a named build context (docker build --build-context templates=./tpl)
COPY --from=templates /redis.yml /etc/redis.yml
