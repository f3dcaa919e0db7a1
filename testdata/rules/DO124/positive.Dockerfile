# expect: 4:32 DO124
# expect: 6:57 DO124
FROM debian:12-slim
ENV JAVA_HOME=/opt/jdk-21 PATH=$JAVA_HOME/bin:$PATH
ENV APP_VERSION=1.0
ENV APP_VERSION=2.0 RELEASE_URL=https://example.com/app-${APP_VERSION}.tar.gz
