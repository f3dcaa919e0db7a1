# the archive unpacked after `cd /srv` is not the one copied to the WORKDIR
FROM debian:12-slim
WORKDIR /opt
COPY vendor/jre-21.tar.gz ./
RUN cd /srv && curl -fsSLO https://example.com/jre-21.tar.gz && tar -xzf jre-21.tar.gz && rm jre-21.tar.gz
