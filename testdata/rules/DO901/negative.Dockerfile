ARG PYTHON_IMAGE=python:3.12-slim
ARG BASE
ARG NODE_VERSION=20
FROM ${PYTHON_IMAGE} AS app
FROM node:${NODE_VERSION}-alpine AS web
FROM ubuntu@sha256:2e863c44b718727c860746568e1d54afd13b2fa71b160f5cd9058fc436217b30 AS pinned
FROM registry.example.com:5000/team/builder:2024.06 AS build
FROM app AS test
FROM ${BASE} AS custom
FROM scratch
COPY --from=build /out /app
