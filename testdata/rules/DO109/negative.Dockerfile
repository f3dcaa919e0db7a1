ARG NODE_VERSION=20
ARG NGINX_VERSION
ARG REGISTRY=docker.io
FROM --platform=$BUILDPLATFORM ${REGISTRY}/library/node:${NODE_VERSION}-alpine AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci

FROM nginx:${NGINX_VERSION:-1.27}-alpine
COPY --from=deps /app/node_modules /srv/node_modules
