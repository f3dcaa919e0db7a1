# expect: 3:33 DO108
# expect: 7:21 DO108
FROM rust:1.79-slim-bookworm AS scratch
WORKDIR /src
COPY . .
RUN cargo build --release
FROM alpine:3.20 AS context
RUN apk add --no-cache ca-certificates
FROM scratch
COPY --from=context /etc/ssl/certs /etc/ssl/certs
