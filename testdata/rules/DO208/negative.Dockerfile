FROM debian:12-slim
WORKDIR /build
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && curl -fsSLo /tmp/tool.tgz https://example.com/tool.tgz \
    && tar -xzf /tmp/tool.tgz -C /opt \
    && rm -rf /var/lib/apt/lists/* /tmp/tool.tgz
COPY requirements.txt /app/
# nothing earlier wrote /app/build or /var/log: removing them is harmless
RUN rm -rf /app/build /var/log/*.log
