ARG PYTHON_VERSION=3.12
ARG REGISTRY=registry.example.com:5000
ARG VARIANT=slim
FROM python:${PYTHON_VERSION}-${VARIANT} AS build
RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt
FROM ${REGISTRY}/platform/base:1.0 AS runtime
COPY --from=build /wheels /wheels
FROM build AS test
FROM scratch
COPY --from=runtime /wheels /wheels
