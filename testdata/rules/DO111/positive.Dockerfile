# expect: 11:6 DO111
# expect: 11:21 DO111
# expect: 13:40 DO111
# expect: 15:17 DO111
# expect: 21:18 DO111
# expect: 24:11 DO111
ARG APP_VERSION=2.3.1
ARG JAR_DIR=build/libs

FROM eclipse-temurin:21-jre AS runtime
COPY ${JAR_DIR}/app-${APP_VERSION}.jar /opt/app/app.jar
ARG APP_VERSION
LABEL org.opencontainers.image.version=$APP_VERISON
# the platform ARGs must be declared in the stage
ADD agent-linux-${TARGETARCH}.tar.gz /opt/agent/

FROM scratch AS bundle
ARG BUNDLE_DIR=/bundle
ENV LANG=C.UTF-8
WORKDIR ${BUNDLE_DIR}
COPY config.json ${CONFIG_DIR}/
COPY <<EOF /etc/motd
Welcome to ${BUNDLE_DIR}
Built for ${VERSION_TAG}
EOF
