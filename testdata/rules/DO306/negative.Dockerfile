FROM python:3.12-slim AS py
# already mounted
RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
# the cache is moved elsewhere: a mount at the default folder would catch nothing
ENV PIP_CACHE_DIR=/tmp/pip-cache
RUN pip install -r requirements.txt
# lists left for a later RUN: they are not a cache to move out of the image
FROM debian:12-slim AS lists
RUN apt-get update
RUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
# not root: its caches live in its own home
FROM node:22-slim
USER node
RUN npm ci
