FROM golang:1.22 AS builder
WORKDIR /src
COPY . .
RUN go build -o /out/app ./cmd/app

FROM scratch AS export
COPY --from=builder /out/ /

FROM debian:12-slim
COPY --from=builder /out/app /usr/local/bin/app
COPY rootfs/ /
ENTRYPOINT ["/usr/local/bin/app"]

# a helper image made to be copied whole, and an export stage of artifacts
FROM --platform=$BUILDPLATFORM tonistiigi/xx:1.4 AS xx
FROM scratch AS binaries
COPY --from=builder /out/app /app
FROM debian:12-slim AS cross
COPY --from=xx / /
COPY --from=binaries / /

# squash the builder stage into one layer
FROM scratch AS squashed
COPY --from=builder / /
