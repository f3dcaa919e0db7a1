# expect: 11:6 DO805
# expect: 14:6 DO805
# expect: 15:6 DO805
# expect: 19:6 DO805
FROM python:3.12-slim AS build
USER builder

FROM python:3.12-slim
ARG APP_USER=app
RUN useradd --uid 10001 --no-log-init app
USER app
COPY --chown=app . /app
COPY --from=build /usr/local/lib /usr/local/lib
USER app:app
USER ${APP_USER}

# a stage nothing uses is another image (docker build --target debug)
FROM python:3.12-slim AS debug
USER debugger
