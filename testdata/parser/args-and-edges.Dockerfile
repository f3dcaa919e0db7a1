ARG REGISTRY=docker.io
ARG GO_VERSION=1.22
ARG ALPINE=alpine:3.19
FROM --platform=$BUILDPLATFORM ${REGISTRY}/library/golang:${GO_VERSION} AS build
ARG TARGETOS TARGETARCH
ARG GO_VERSION
WORKDIR /src
RUN --mount=type=bind,source=go.mod,target=go.mod \
    --mount=type=bind,source=go.sum,target=go.sum \
    --mount=type=cache,target=/go/pkg/mod \
    go mod download
RUN --mount=type=bind,target=. \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/server ./cmd/server

FROM build AS test
RUN --mount=type=bind,target=. go test ./...

FROM ${ALPINE:-alpine:latest} AS certs
RUN apk add --no-cache ca-certificates

FROM scratch
COPY --from=certs /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=build /out/server /server
COPY --from=1 /src/LICENSE /LICENSE
COPY --from=docker.io/library/busybox:1.36 /bin/busybox /busybox
ENTRYPOINT ["/server"]
