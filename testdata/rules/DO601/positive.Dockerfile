FROM node:22-bookworm AS assets
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci
COPY web/ ./
RUN npm run build

FROM python:3.12-slim AS docs
RUN pip install --no-cache-dir mkdocs-material
COPY docs/ /docs
RUN mkdocs build -f /docs/mkdocs.yml

FROM golang:1.22 AS tools
RUN go install github.com/example/migrate@v1.2.0

FROM python:3.12-slim
COPY --from=assets /web/dist /srv/static
COPY app/ /srv/app
CMD ["python", "-m", "app"]
