FROM node:20-alpine AS base
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci

FROM base AS build
# relative to /app, set in the stage this one is built on
WORKDIR src
COPY . .

FROM python:3.12-slim AS docs
WORKDIR $HOME/docs
COPY docs/ .

FROM scratch AS export
WORKDIR out
COPY --from=build /app/src/dist .

FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS win
WORKDIR C:\\app

FROM quay.io/jupyter/pyspark-notebook:2024-10-07 AS notebook
WORKDIR "${HOME}"
