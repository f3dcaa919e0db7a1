FROM rust:1.79 AS build
RUN apt-get update && apt-get install -y --no-install-recommends protobuf-compiler && rm -rf /var/lib/apt/lists/*
COPY . /src
RUN cargo build --release --manifest-path /src/Cargo.toml

FROM rust:1.79 AS lint
RUN apt-get update && apt-get install -y --no-install-recommends protobuf-compiler && rm -rf /var/lib/apt/lists/*
COPY . /src
RUN cargo clippy --manifest-path /src/Cargo.toml

FROM debian:bookworm-slim
COPY --from=build /src/target/release/app /usr/local/bin/app
COPY --from=lint /src/Cargo.lock /Cargo.lock
