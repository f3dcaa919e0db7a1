FROM debian:12-slim
ARG version=1.4.2
ENV APP_HOME=/opt/app
RUN echo "$version" > /etc/app-version \
 && mkdir -p "$APP_HOME"
RUN cat <<EOF > /etc/app.conf
home=$APP_HOME
EOF
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN if [[ -d "$APP_HOME" ]]; then curl -fsSL https://example.com/x.sh | sh; fi
RUN ["/bin/sh", "-c", "echo \"$version\""]
