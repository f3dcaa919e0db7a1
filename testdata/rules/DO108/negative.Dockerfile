FROM rust:1.79-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release
FROM alpine:3.20 AS certs
RUN apk add --no-cache ca-certificates
FROM scratch
COPY --from=certs /etc/ssl/certs /etc/ssl/certs
COPY --from=build /src/target/release/app /app
ENTRYPOINT ["/app"]
