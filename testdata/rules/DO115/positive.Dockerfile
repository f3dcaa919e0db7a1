# expect: 7:6 DO115
# expect: 9:6 DO115
# expect: 11:6 DO115
ARG PYTHON_VERSION
ARG BASE_IMAGE=
ARG REGISTRY=Registry.Example.com:5000
FROM python:${PYTHON_VERSION}-slim AS build
RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt
FROM ${BASE_IMAGE} AS runtime
COPY --from=build /wheels /wheels
FROM ${REGISTRY}/Platform/base:1.0
