FROM debian:12-slim
ARG CURL_VERSION=7.88.1-10+deb12u8
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl=${CURL_VERSION} ./vendor/tool_1.0_amd64.deb \
    && rm -rf /var/lib/apt/lists/*
# nothing in the file says what $EXTRA holds
RUN apt-get install -y --no-install-recommends $EXTRA
RUN apt-get update
