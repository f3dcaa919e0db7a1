# syntax=docker/dockerfile:1
FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
WORKDIR /source
COPY . .
# the packages come from a cache mount: only the build itself re-runs on a source change
RUN --mount=type=cache,target=/root/.nuget/packages \
    dotnet publish -c Release -o /app
