FROM rust:1.82-alpine AS build
RUN apk add --no-cache musl-dev
WORKDIR /app
COPY . .
RUN cargo build --release --target x86_64-unknown-linux-musl

FROM gcr.io/distroless/static-debian12
WORKDIR /app
COPY --from=build /app/target/x86_64-unknown-linux-musl/release/ping /app/target/x86_64-unknown-linux-musl/release/ping
CMD ["/app/target/x86_64-unknown-linux-musl/release/ping"]
