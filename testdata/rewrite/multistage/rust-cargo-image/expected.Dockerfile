FROM rust:1.80 AS build
WORKDIR /usr/src/tools
COPY . .
RUN cargo build --release --locked

FROM debian:bookworm-slim
WORKDIR /usr/src/tools
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /usr/src/tools/target/release/tools-api /usr/src/tools/target/release/tools-api
COPY --from=build /usr/src/tools/target/release/tools-cli /usr/src/tools/target/release/tools-cli
ENV RUST_LOG=info
EXPOSE 3000
CMD ["/usr/src/tools/target/release/tools-api"]
