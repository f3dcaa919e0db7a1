# expect: 7:5 DO603
# a multi-stage file whose final stage is named as an SDK: the tools are its point (info)
FROM alpine:3.20 AS installer
RUN wget -qO /tmp/sdk.tar.gz https://example.com/sdk-8.0.tar.gz \
    && mkdir -p /sdk && tar -xzf /tmp/sdk.tar.gz -C /sdk && rm /tmp/sdk.tar.gz
FROM alpine:3.20 AS sdk
RUN apk add --no-cache \
    build-base cmake
COPY --from=installer /sdk /usr/share/sdk
