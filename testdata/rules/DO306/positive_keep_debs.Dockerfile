# expect: 6:1 DO306
# docker-clean turned off, as Docker's documentation shows: the downloaded .debs are kept, and mounted
FROM ubuntu:24.04
RUN rm -f /etc/apt/apt.conf.d/docker-clean \
    && echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/keep-cache
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*
