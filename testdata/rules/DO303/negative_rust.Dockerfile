FROM rust:1.82 AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
# a placeholder main: the dependencies are fetched and compiled in their own cached layer
RUN mkdir src \
    && echo "fn main() {}" > src/main.rs \
    && cargo build --release \
    && rm -rf src
COPY . .
RUN touch src/main.rs && cargo build --release

FROM debian:bookworm-slim
COPY --from=build /src/target/release/app /usr/local/bin/app
CMD ["app"]
