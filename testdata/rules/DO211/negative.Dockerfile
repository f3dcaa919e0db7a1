FROM ubuntu:22.04
RUN apt-get update && apt-get install -y --only-upgrade openssl && rm -rf /var/lib/apt/lists/*
RUN apk upgrade --no-cache musl || true
