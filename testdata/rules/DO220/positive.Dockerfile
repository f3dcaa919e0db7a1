# expect: 5:5 DO220
# expect: 6:5 DO220
FROM debian:12-slim
ARG APP_UID=1000001
RUN useradd -u 1000001 -m app
RUN useradd --uid "$APP_UID" -m worker
