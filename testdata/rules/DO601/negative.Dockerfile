ARG BASE=python:3.12-slim
FROM ${BASE} AS base
RUN pip install --no-cache-dir gunicorn==22.0.0

FROM base AS deps
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

FROM golang:1.22 AS tools
RUN go install github.com/example/migrate@v1.2.0

FROM deps
COPY --from=tools /go/bin/migrate /usr/local/bin/migrate
RUN --mount=type=bind,from=base,source=/etc/os-release,target=/tmp/os-release cat /tmp/os-release
COPY . /srv
CMD ["gunicorn", "app:app"]
