# uv's cache is in /root/.cache/uv: a cache mount there keeps the wheels out of the layer
FROM python:3.12-slim
COPY --from=ghcr.io/astral-sh/uv:0.4.20 /uv /usr/local/bin/uv
RUN --mount=type=cache,target=/root/.cache/uv uv pip install --system vllm==0.5.4
