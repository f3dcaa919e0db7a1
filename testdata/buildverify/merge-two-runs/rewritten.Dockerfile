FROM debian:bookworm
RUN mkdir -p /opt/tool && printf 'tool 1.0\n' > /opt/tool/VERSION \
    && chmod 0640 /opt/tool/VERSION && ln -s /opt/tool/VERSION /opt/version && useradd --uid 1500 --create-home tool
