# expect: 7:51 DO904
# expect: 10:46 DO904
# expect: 11:48 DO904
FROM debian:12-slim
ARG TOOLS="git make"
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl ca-certificates=20230311 \
    && rm -rf /var/lib/apt/lists/*
# a release is not a version; a variable is judged by its value
RUN apt-get install -y -t bookworm-backports golang/bookworm-backports
RUN apt-get install -y --no-install-recommends $TOOLS
