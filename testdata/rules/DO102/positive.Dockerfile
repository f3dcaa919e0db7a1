# expect: 4:30 DO102
# expect: 9:17 DO102
# syntax is fine, but the stage names are not lowercase
FROM golang:1.22-bookworm AS Builder
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
FROM builder AS TestRunner
RUN go test ./...
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=Builder /src/bin/server /server
ENTRYPOINT ["/server"]
