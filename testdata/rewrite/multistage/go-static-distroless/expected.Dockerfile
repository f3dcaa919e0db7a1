FROM golang:1.22-bookworm AS build
ENV CGO_ENABLED=0 GOFLAGS=-trimpath
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -ldflags="-s -w" -o /usr/local/bin/api ./cmd/api

FROM gcr.io/distroless/static-debian12
ENV CGO_ENABLED=0 GOFLAGS=-trimpath
WORKDIR /src
COPY --from=build /usr/local/bin/api /usr/local/bin/api
USER 65532:65532
EXPOSE 8080
CMD ["api", "--listen", ":8080"]
