# syntax=docker/dockerfile:1
FROM debian:bookworm-slim
RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends ca-certificates curl
rm -rf /var/lib/apt/lists/*
EOF
COPY <<-'CONF' /etc/app/app.conf
	listen = 0.0.0.0:8080
	log_level = ${LOG_LEVEL}
	CONF
RUN python3 - <<'PY' && echo done
import sys
print(sys.version)
PY
RUN cat <<A >/tmp/a <<B >/tmp/b
first
A
second
B
COPY --chmod=0755 <<SCRIPT /usr/local/bin/entrypoint.sh
#!/bin/sh
exec "$@"
SCRIPT
ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]
