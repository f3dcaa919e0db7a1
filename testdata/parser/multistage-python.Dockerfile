# syntax=docker/dockerfile:1.7
# check=skip=JSONArgsRecommended

ARG PYTHON_VERSION=3.12
ARG BASE_IMAGE=python:${PYTHON_VERSION}-slim

FROM ${BASE_IMAGE} AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
RUN apt-get update \
    # build tools for the C extensions
    && apt-get install -y --no-install-recommends \
        build-essential \
        libpq-dev \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN --mount=type=cache,target=/root/.cache/pip \
    pip wheel --wheel-dir /wheels -r requirements.txt

FROM ${BASE_IMAGE} AS runtime
ARG APP_USER=app
RUN useradd --create-home --uid 10001 ${APP_USER}
COPY --from=builder /wheels /wheels
RUN pip install --no-cache-dir /wheels/* && rm -rf /wheels
WORKDIR /home/${APP_USER}/app
COPY --chown=${APP_USER}:${APP_USER} . .
USER ${APP_USER}
EXPOSE 8000/tcp
HEALTHCHECK --interval=30s --timeout=3s \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8000/health')"]
CMD gunicorn --bind 0.0.0.0:8000 app:create_app()
