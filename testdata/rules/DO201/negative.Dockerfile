FROM debian:12-slim AS builder
RUN apt-get update && apt-get install -y --no-install-recommends build-essential && rm -rf /var/lib/apt/lists/*
RUN make -C /src

FROM debian:13-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl && apt-get dist-clean
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*
RUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \
    --mount=type=cache,target=/var/cache/apt,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends tzdata
COPY --from=builder /src/app /usr/local/bin/app
RUN <<EOF
set -eu
apt-get update
apt-get install -y --no-install-recommends jq
rm -rf /var/lib/apt/lists/*
EOF
ENTRYPOINT ["/usr/local/bin/app"]
