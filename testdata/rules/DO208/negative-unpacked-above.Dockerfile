# The resolver file is copied into the tree the archive was unpacked into, used, and removed in
# the same RUN: nothing of it stays in an earlier layer.
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates \
    && rm -rf /var/lib/apt/lists/*
RUN curl -fsSL -o /tmp/rootfs.tar.gz https://example.com/rootfs-1.2.tar.gz \
    && mkdir -p /srv/rootfs && tar -xzf /tmp/rootfs.tar.gz -C /srv/rootfs && rm /tmp/rootfs.tar.gz
WORKDIR /srv
RUN set -eux; \
    cp -L /etc/resolv.conf rootfs/etc/; \
    chroot rootfs /bin/sh -c 'getent hosts example.com'; \
    rm rootfs/etc/resolv.conf
