FROM golang:1.22 AS build
RUN go build -o /out/app .

FROM gcr.io/distroless/static-debian12 AS base
LABEL org.opencontainers.image.source=https://github.com/example/app \
      org.opencontainers.image.licenses=MIT \
      org.opencontainers.image.version=1.4.2 \
      org.opencontainers.image.revision=0123abc \
      org.opencontainers.image.created=2024-05-01T12:00:00Z \
      org.opencontainers.image.authors=ops@example.com

FROM base
LABEL org.opencontainers.image.title=app
COPY --from=build /out/app /app
