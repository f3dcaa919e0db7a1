FROM node:20-alpine AS web-build
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci
COPY web/ .
RUN npm run build

FROM golang:1.22 AS api-build
WORKDIR /api
COPY api/ .
RUN go build -o /out/api ./cmd/api

FROM alpine:3.20
COPY --from=web-build /web/dist /srv/www
COPY --from=api-build /out/api /usr/local/bin/api
CMD ["api"]
