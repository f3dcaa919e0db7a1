ARG ALPINE_VERSION=3.20
FROM alpine:${ALPINE_VERSION} AS certs
RUN apk add --no-cache ca-certificates

FROM --platform=$BUILDPLATFORM golang:1.22 AS build
ARG TARGETOS TARGETARCH
RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app ./cmd/app
FROM --platform=${TARGETOS}/${TARGETARCH} gcr.io/distroless/static-debian12
COPY --from=certs /etc/ssl/certs /etc/ssl/certs
COPY --from=build /out/app /app
