FROM python:3.12-slim AS base
COPY requirements.txt /tmp/requirements.txt
RUN pip install --no-cache-dir -r /tmp/requirements.txt
WORKDIR /app
COPY . .

FROM base AS test
# WORKDIR /app is inherited from base
COPY tests/ tests/

FROM scratch AS export
COPY --from=base /app/dist dist/

FROM base AS final
ARG DEST=/srv
COPY config/ ${DEST}/config/
CMD ["python", "main.py"]

FROM debian:12-slim AS tools
ENV APP=/opt/tools
COPY bin/entrypoint.sh "$APP"/entrypoint.sh
