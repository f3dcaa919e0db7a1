# expect: 4:5 DO132
# expect: 7:5 DO132
FROM ubuntu:24.04
RUN apt update \
    && apt install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
RUN apt upgrade -y
