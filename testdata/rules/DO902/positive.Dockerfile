# expect: 4:6 DO902
# expect: 7:6 DO902
ARG TAG=latest
FROM node:latest AS web
RUN npm ci

FROM ghcr.io/example/runtime:${TAG}
COPY --from=web /app /app
