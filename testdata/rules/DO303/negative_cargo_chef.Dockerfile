# cargo-chef: the planner writes a recipe of the manifests, `cargo chef cook` builds the
# dependencies from it alone, and the build after COPY . compiles only the project's own crates.
FROM rust:1.83-bookworm AS chef
RUN cargo install cargo-chef --locked
WORKDIR /app

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS builder
COPY --from=planner /app/recipe.json recipe.json
RUN cargo chef cook --release --recipe-path recipe.json
COPY . .
RUN cargo build --release --locked --bin api

FROM debian:bookworm-slim
COPY --from=builder /app/target/release/api /usr/local/bin/api
USER 65532
ENTRYPOINT ["/usr/local/bin/api"]
