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
