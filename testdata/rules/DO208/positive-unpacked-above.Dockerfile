# expect: 13:12 DO208
# expect: 14:12 DO208
# An archive unpacked into /usr/src may or may not hold what a later RUN removes; the patches
# removed at line 13 were written by the COPY at line 11, which is named (its layer keeps them),
# and the docs removed at line 14 can only have come from the archive.
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates patch \
    && rm -rf /var/lib/apt/lists/*
RUN curl -fsSL -o /tmp/tool.tar.gz https://example.com/tool-2.4.tar.gz \
    && mkdir -p /usr/src && tar -xzf /tmp/tool.tar.gz -C /usr/src && rm /tmp/tool.tar.gz
COPY patches/ /usr/src/tool-2.4/.patches/
WORKDIR /usr/src/tool-2.4
RUN rm -rf .patches
RUN rm -rf /usr/src/tool-2.4/docs
