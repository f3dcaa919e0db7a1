# expect: 5:1 DO306
# expect: 9:1 DO306
# the RUNs remove the lists they download, but not in a way the fix can drop alone: reported, no fix
FROM debian:12-slim
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends ca-certificates curl; \
    rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/* /tmp/*
# the lists stay for a later RUN: not a cache to move
RUN apt-get update && apt-get install -y --no-install-recommends make
