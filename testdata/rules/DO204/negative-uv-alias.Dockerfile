# uv accepts pip's --no-cache-dir as an alias of --no-cache (since uv 0.1.3): no cache is kept
FROM python:3.12-slim
COPY --from=ghcr.io/astral-sh/uv:0.4.20 /uv /usr/local/bin/uv
RUN uv pip install --system --no-cache-dir flask==3.0.3
