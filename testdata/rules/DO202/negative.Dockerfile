FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y -o APT::Install-Recommends=false curl && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get remove -y vim && rm -rf /var/lib/apt/lists/*
