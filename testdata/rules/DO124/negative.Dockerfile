FROM debian:12-slim
ENV JAVA_HOME=/opt/jdk-21
ENV PATH=$JAVA_HOME/bin:$PATH
ENV PATH=/opt/tools/bin:$PATH LANG=C.UTF-8
ARG VERSION=2.0
ENV VERSION=$VERSION RELEASE_URL=https://example.com/app-${VERSION}.tar.gz
ENV APP_VERSION=2.0
ENV APP_VERSION=2.0 RELEASE_URL=https://example.com/app-${APP_VERSION}.tar.gz
