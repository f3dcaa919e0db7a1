ARG PYTHON_VERSION=3.12
ARG APP_VERSION=2.3.1

FROM python:${PYTHON_VERSION}-slim AS base
# the python image sets PYTHON_VERSION in its ENV; this stage's FROM uses it too
LABEL python.version=$PYTHON_VERSION
ARG APP_VERSION
ARG TARGETARCH
ENV APP_HOME=/srv/app \
    PIP_NO_CACHE_DIR=1
WORKDIR $APP_HOME
COPY wheels/app-${APP_VERSION}-py3-none-any.whl /tmp/
COPY vendor/bin/tool-${TARGETARCH} /usr/local/bin/tool
# the base image sets HOME and LANG: unknown here, so not reported
COPY --chown=${APP_USER:-root} settings.toml ${HOME}/.config/app/
RUN pip install /tmp/app-${APP_VERSION}-py3-none-any.whl && echo "$UNDECLARED_IN_SHELL"
EXPOSE ${PORT}

FROM base AS test
# APP_VERSION is inherited from the stage this one is built on
COPY tests/ ${APP_HOME}/tests-${APP_VERSION}/

FROM scratch AS export
ARG OUT=/out
ENV PATH=/bin:$PATH
COPY --from=base ${OUT:-/out} ${OUT}/
COPY <<'EOF' /run.sh
#!/bin/sh
exec "$@" --home "$HOME"
EOF

FROM golang:1.22 AS gobuild
# the golang image sets GOPATH; PATH is two edits away, not a typo
WORKDIR $GOPATH/src/example.com/app
ARG TOOL_MAJOR=1
# take TOOL_MINOR from the base image's ENV when it has one
ARG TOOL_MINOR=$TOOL_MINOR
LABEL tool.version=${TOOL_MAJOR}.${TOOL_MINOR}
