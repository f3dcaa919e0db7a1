FROM python:3.12-slim AS build
USER builder

FROM python:3.12-slim
ARG APP_UID=10001
RUN useradd --uid 10001 --no-log-init app
USER 10001
COPY --chown=10001 . /app
COPY --from=build /usr/local/lib /usr/local/lib
USER ${APP_UID}:${APP_UID}
USER 10001:10001
USER ${RUNTIME_UID}
