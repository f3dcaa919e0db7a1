# expect: 7:12 DO208
# the copied sources are removed (and replaced by a clone) in a later RUN: they stay in the COPY layer
FROM python:3.12-slim
WORKDIR /home/app
COPY docs docs
RUN if [ "$LOCAL_CHANGES" = false ]; then \
    rm -rf docs; \
    git clone https://example.com/docs.git docs; fi
