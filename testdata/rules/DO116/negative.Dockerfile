ARG PLATFORM=linux/amd64
FROM --platform=$BUILDPLATFORM node:20-bookworm AS web
WORKDIR /web
COPY web/ .
RUN npm ci && npm run build

# a stage named after its platform is pinned on purpose
FROM --platform=linux/amd64 debian:12-slim AS fetch-amd64
RUN echo "amd64-only vendor tool"

FROM --platform=$PLATFORM python:3.12-slim
COPY --from=web /web/dist /srv/static
