FROM golang:1.22-bookworm AS builder
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /src/bin/server ./cmd/server

FROM gcr.io/distroless/static-debian12:nonroot AS runtime-amd64
COPY --from=builder /src/bin/server /server
ENTRYPOINT ["/server"]
