# expect: 4:23 DO202
# expect: 6:8 DO202
FROM ubuntu:24.04
RUN apt-get update && apt-get install --no-install-recommends -y git curl && rm -rf /var/lib/apt/lists/*
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive \
       apt-get -y install --no-install-recommends tzdata \
    && rm -rf /var/lib/apt/lists/*
