# expect: 3:6 DO116
# expect: 8:6 DO116
FROM --platform=linux/amd64 node:20-bookworm AS web
WORKDIR /web
COPY web/ .
RUN npm ci && npm run build

FROM --platform=linux/arm64/v8 python:3.12-slim
COPY --from=web /web/dist /srv/static
