# expect: 5:11 DO109
# expect: 9:17 DO109
# expect: 9:39 DO109
ARG NODE_VERSION=20
FROM node:${NODE_VERSON}-alpine AS deps
RUN npm ci

FROM deps AS build
FROM --platform=$BUILD_PLATFORM nginx:${NGINX_VERSION}-alpine
ARG NGINX_VERSION=1.27
