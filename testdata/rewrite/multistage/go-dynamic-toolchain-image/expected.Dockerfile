FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN cd cmd/worker && go build -o ../../bin/worker .

FROM debian:bookworm-slim AS app
WORKDIR /src
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /src/bin/worker /src/bin/worker
LABEL org.opencontainers.image.title="worker"
USER 10001
ENTRYPOINT ["/src/bin/worker"]
CMD ["--queue", "default"]
