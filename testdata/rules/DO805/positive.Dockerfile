# expect: 10:6 DO805
# expect: 12:6 DO805
# expect: 13:6 DO805
FROM python:3.12-slim AS build
USER builder

FROM python:3.12-slim
ARG APP_USER=app
RUN useradd --uid 10001 --no-log-init app
USER app
COPY --chown=app . /app
USER app:app
USER ${APP_USER}
