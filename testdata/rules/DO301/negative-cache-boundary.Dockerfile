# a dependency fetch (manifests only) and the build of the sources are never joined: the COPY of
# the sources belongs between them (DO303 moves it there), and a merge would tie the fetch to
# every source change
FROM golang:1.22 AS go
WORKDIR /src
COPY . .
RUN go mod download
RUN CGO_ENABLED=0 go build -o /out/server ./cmd/server
FROM rust:1.79 AS rust
WORKDIR /src
COPY . .
RUN cargo fetch --locked
RUN cargo build --release --locked
FROM maven:3.9-eclipse-temurin-21 AS java
WORKDIR /src
COPY . .
RUN mvn -B dependency:go-offline
RUN mvn -B -o package -DskipTests
FROM python:3.12-slim AS py
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -r ./requirements.txt
RUN python manage.py collectstatic --noinput
FROM python:3.12-slim AS pkg
WORKDIR /app
COPY . .
RUN python -m pip install --no-cache-dir -r requirements.txt
RUN python -m pip install --no-cache-dir --no-deps .
FROM node:22-slim AS web
WORKDIR /app
COPY . .
RUN yarn install --frozen-lockfile
RUN yarn build
