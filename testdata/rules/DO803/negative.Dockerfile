ARG BASE_REGISTRY=registry.example.com
FROM ${BASE_REGISTRY}/base/python:3.12-slim AS app
FROM scratch AS empty
FROM us-docker.pkg.dev.gcr.io/project/tools:1.0 AS tools
FROM eu.gcr.io/distroless/python3-debian12 AS final
COPY --from=app /app /app
COPY --from=tools /bin/tool /usr/local/bin/tool
