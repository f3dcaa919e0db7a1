# expect: 9:1 DO127
FROM golang:1.22 AS builder
WORKDIR /src
COPY . .
RUN go build -o /out/app ./cmd/app

FROM debian:12-slim
RUN useradd --system app
COPY --from=builder / /
USER app
ENTRYPOINT ["/out/app"]
