# syntax=docker/dockerfile:1
FROM busybox
RUN --mount=type=cache,target=/var/cache/demo echo fetched > /var/cache/demo/item \
    && cp /var/cache/demo/item /item-copy
RUN mkdir -p /data && echo plain > /data/plain
