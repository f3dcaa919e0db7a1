FROM debian:12-slim
ARG USER_ID=1000
RUN useradd -l -u 1000001 -m app
RUN useradd --no-log-init -u 2000000 -m worker
RUN useradd -u ${USER_ID} -m builder
RUN useradd -u ${UNKNOWN_UID} -m other
RUN useradd -m plain
