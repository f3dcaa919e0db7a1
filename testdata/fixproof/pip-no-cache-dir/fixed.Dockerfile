FROM debian:bookworm
ENV PIP_BREAK_SYSTEM_PACKAGES=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3-pip \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/tool
RUN pip install --no-cache-dir six==1.16.0 && python3 -c "import six" > /opt/tool/ok
CMD ["python3", "-c", "import six; print(six.__version__)"]
