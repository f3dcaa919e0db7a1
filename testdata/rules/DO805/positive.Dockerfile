# expect: 8:6 DO805
# expect: 10:6 DO805
FROM python:3.12-slim AS build
USER builder

FROM python:3.12-slim
RUN useradd --uid 10001 --no-log-init app
USER app
COPY --chown=app . /app
USER app:app
