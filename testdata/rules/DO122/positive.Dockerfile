# expect: 11:6 DO122
# expect: 12:6 DO122
# expect: 13:6 DO122
ARG BUILDER=builder
FROM golang:1.22 AS builder
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=buidler /out/app /app
COPY --from=${BUILDER} /out/app /app2
COPY --from=assets /srv/assets /assets
ENTRYPOINT ["/app"]

FROM node:20-alpine AS assets
RUN npm run build
