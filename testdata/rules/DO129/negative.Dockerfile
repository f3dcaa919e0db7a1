FROM debian:12-slim AS fetch
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /opt

FROM fetch AS inherits
# SHELL is inherited from the stage this one is built on
RUN curl -fsSL https://example.com/b | tar -xz -C /opt

FROM debian:12-slim
RUN set -eux -o pipefail; curl -fsSL https://example.com/c | tar -xz -C /opt
RUN bash -c 'set -o pipefail; curl -fsSL https://example.com/d | tar -xz -C /opt'
RUN echo "a || b" && test -f /etc/os-release || exit 1
RUN ["/bin/bash", "-o", "pipefail", "-c", "curl -fsSL https://example.com/e | tar -xz -C /opt"]

FROM mcr.microsoft.com/powershell:7.4-ubuntu-22.04
SHELL ["pwsh", "-Command"]
RUN Get-ChildItem | Select-Object -First 1

FROM alpine:3.20
# busybox's sh knows pipefail (hadolint wants bash, zsh or ash by name)
SHELL ["/bin/sh", "-o", "pipefail", "-c"]
RUN wget -qO- https://example.com/f | tar -xz -C /opt

FROM debian:12-slim AS yes
# pipefail would fail this RUN: yes dies of SIGPIPE when the installer stops reading
RUN yes | /opt/vendor/install.sh
