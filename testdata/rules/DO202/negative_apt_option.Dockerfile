FROM debian:bookworm-slim
# apt reads no/off/0/false as false for a boolean option
RUN apt-get update \
    && apt-get -o APT::Install-Recommends=no install -y ca-certificates \
    && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y --option=APT::Install-Recommends=0 curl && rm -rf /var/lib/apt/lists/*
