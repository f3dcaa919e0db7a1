# Build arguments

# PYTHON_VERSION is the Python release used by both stages
ARG PYTHON_VERSION=3.12

# deps builds the wheels
FROM python:${PYTHON_VERSION}-slim AS deps
RUN pip wheel --no-cache-dir -w /wheels -r requirements.txt
# hadolint ignore=DL3006
FROM python:${PYTHON_VERSION}-slim AS runtime
COPY --from=deps /wheels /wheels
