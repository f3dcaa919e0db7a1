# expect: 5:8 DO603
# one stage with compilers: it may well be a development or SDK image, so the finding is info
FROM debian:12-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential git \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /workspace
CMD ["bash"]
