# expect: 4:6 DO114
# expect: 9:6 DO114
ARG ALPINE_VERSION=3.20
FROM alpine:${ALPINE_VERSION} AS certs
RUN apk add --no-cache ca-certificates

FROM --platform=$BUILDPLATFORM golang:1.22 AS build
RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app
FROM gcr.io/distroless/static-debian12
COPY --from=certs /etc/ssl/certs /etc/ssl/certs
COPY --from=build /out/app /app
