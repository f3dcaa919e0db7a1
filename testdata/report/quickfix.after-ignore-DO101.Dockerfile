# syntax=docker/dockerfile:1
FROM python:3.12-slim AS base
MAINTAINER Jane Doe <jane@example.com>
WORKDIR /app
COPY . .
    # dockeropt: ignore=DO101 -- reason
    CMD python -m http.server 8000
