# expect: 5:5 DO603
# the file builds in its own stage and copies the result, yet the -dev packages sit in the base
# that the release stage derives from: a warning
FROM alpine:3.20 AS base
RUN apk add --no-cache \
    grpc-dev protobuf-dev
FROM base AS builder
RUN apk add --no-cache cmake make g++
COPY . /src
RUN cmake -S /src -B /build && cmake --build /build --parallel 2
FROM base AS release
COPY --from=builder /build/currency /usr/local/bin/currency
ENTRYPOINT ["/usr/local/bin/currency"]
