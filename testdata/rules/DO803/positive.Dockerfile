# checked with trusted-registries = ["registry.example.com", "*.gcr.io"] (see tests/rules/test_parity_rules.py)
ARG BASE_REGISTRY=quay.io
FROM registry.example.com/base/python:3.12-slim AS app
COPY --from=ghcr.io/astral-sh/uv:0.4 /uv /usr/local/bin/uv
FROM ${BASE_REGISTRY}/prometheus/node-exporter:v1.8.1 AS exporter
FROM node:20-alpine AS web
FROM gcr.io/distroless/python3-debian12 AS final
COPY --from=app /app /app
RUN --mount=type=bind,from=docker.io/library/busybox:1.36,source=/bin/busybox,target=/busybox /busybox true
