# expect: 8:10 SC2086
# expect: 8:10 SC2154
# expect: 9:13 SC2046
# expect: 19:4 SC3010
FROM debian:12-slim
ARG version=1.4.2
# $release is a typo of $version (declared ARGs are known to ShellCheck)
RUN echo $release > /etc/app-release \
 && tar xzf $(ls /tmp/*.tar.gz) -C /opt \
 && echo "$version" > /etc/app-version
RUN set -eux; \
    # build the docs
    mkdir -p /srv/docs; \
    make -C /srv/docs html
COPY <<'EOF' /etc/motd
welcome
EOF
RUN <<SCRIPT
if [[ -d /opt/app ]]; then echo yes; fi
SCRIPT
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN if [[ -n $version ]]; then echo ok; fi
