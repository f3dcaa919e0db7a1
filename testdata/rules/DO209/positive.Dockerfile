# expect: 6:5 DO209
# expect: 8:5 DO209
FROM debian:12-slim
WORKDIR /opt
RUN wget -q -O /tmp/go.tgz https://go.dev/dl/go1.22.5.linux-amd64.tar.gz
RUN tar -C /usr/local -xzf /tmp/go.tgz && rm /tmp/go.tgz
COPY vendor/jdk-21.tar.gz /tmp/
RUN tar -xzf /tmp/jdk-21.tar.gz -C /opt
