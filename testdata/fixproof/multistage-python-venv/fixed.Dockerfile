FROM debian:bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        gcc \
        libc6-dev \
        python3 \
        python3-dev \
        python3-venv \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --no-create-home escaper \
    && python3 -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
WORKDIR /srv/escaper
COPY requirements.txt .
# markupsafe from its sources: pip compiles its C speedups with gcc (-g0: no build folder in the object)
RUN CFLAGS=-g0 pip install --no-cache-dir --no-binary markupsafe -r requirements.txt \
    && rm requirements.txt

FROM debian:bookworm
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        python3 \
        python3-venv \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --no-create-home escaper
ENV PATH="/opt/venv/bin:$PATH"
WORKDIR /srv/escaper
COPY --from=build /opt/venv /opt/venv
COPY escape.py .
USER escaper
ENTRYPOINT ["python", "escape.py"]
