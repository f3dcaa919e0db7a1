FROM python:3.12-slim
ADD https://example.com/get-pip.py /tmp/get-pip.py
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool /usr/local/bin/tool
ADD vendor/runtime.tar.gz /opt/runtime/
ADD git@github.com:example/private.git /src/private
ADD ${ASSET} /opt/asset
COPY requirements.txt /app/
ARG DOWNLOADS=https://example.com/releases
ADD ${DOWNLOADS}/tool-1.0 /usr/local/bin/tool
ADD ./dist/${ARCHIVE} /opt/
