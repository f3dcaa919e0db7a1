# syntax=docker/dockerfile:1
FROM debian:bookworm
RUN <<EOF
set -e
apt-get update
apt-get install -y --no-install-recommends jq
rm -rf /var/lib/apt/lists/*
EOF
RUN <<EOF
echo '{"ok": true}' > /status.json
jq .ok /status.json > /status.txt
EOF
