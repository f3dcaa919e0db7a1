# expect: 9:21 DO107
FROM node:20-alpine AS build
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci
COPY web/ .
RUN npm run build

FROM golang:1.22 AS Build
WORKDIR /api
COPY api/ .
RUN go build -o /out/api ./cmd/api

FROM alpine:3.20
COPY --from=build /web/dist /srv/www
COPY --from=build /out/api /usr/local/bin/api
CMD ["api"]
