ARG TAG=1.4.2
FROM node:20-alpine AS web
FROM node:latest@sha256:2e863c44b718727c860746568e1d54afd13b2fa71b160f5cd9058fc436217b30 AS pinned
FROM ghcr.io/example/runtime:${TAG}
COPY --from=web /app /app
