FROM debian:bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        gcc \
        libc6-dev \
        python3 \
        python3-dev \
        python3-pip \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /srv/escaper
COPY requirements.txt .
# markupsafe from its sources: pip compiles its C speedups with gcc (-g0: no build folder in the object)
RUN CFLAGS=-g0 pip install --break-system-packages --no-cache-dir --no-binary markupsafe -r requirements.txt

FROM debian:bookworm
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        python3 \
        python3-pip \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /srv/escaper
COPY requirements.txt .
COPY --from=build /usr/local/lib/python3.11/dist-packages /usr/local/lib/python3.11/dist-packages
COPY --from=build /usr/local/bin /usr/local/bin
COPY escape.py .
USER nobody
ENTRYPOINT ["python3", "escape.py"]
