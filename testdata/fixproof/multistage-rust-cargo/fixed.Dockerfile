FROM debian:bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends cargo \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /usr/src/hello
COPY Cargo.toml Cargo.lock ./
COPY src ./src
RUN cargo build --release --offline --locked

FROM debian:bookworm
WORKDIR /usr/src/hello
COPY --from=build /usr/src/hello/target/release/hello-rs /usr/src/hello/target/release/hello-rs
ENV RUST_BACKTRACE=1
CMD ["/usr/src/hello/target/release/hello-rs"]
