# expect: 7:1 DO117
# expect: 10:1 DO117
# expect: 13:1 DO117

# Build arguments
# Python release used by both stages
ARG PYTHON_VERSION=3.12

# dependencies
FROM python:${PYTHON_VERSION}-slim AS deps
RUN pip wheel --no-cache-dir -w /wheels -r requirements.txt
# final image
FROM python:${PYTHON_VERSION}-slim AS runtime
COPY --from=deps /wheels /wheels
