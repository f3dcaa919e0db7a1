FROM debian:12-slim
RUN curl -fsSL https://go.dev/dl/go1.22.5.linux-amd64.tar.gz | tar -xz -C /usr/local
RUN --mount=type=bind,source=vendor/jdk-21.tar.gz,target=/tmp/jdk.tgz tar -xzf /tmp/jdk.tgz -C /opt
ADD vendor/jre-21.tar.gz /opt/
