FROM debian:12-slim AS one
RUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz

# each stage starts afresh
FROM alpine:3.20
RUN wget -q -O /tmp/b.tgz https://example.com/b.tgz
