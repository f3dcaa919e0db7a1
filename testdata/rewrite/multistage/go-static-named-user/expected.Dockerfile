FROM golang:1.23-alpine AS build
RUN addgroup -S app && adduser -S -G app app
WORKDIR /build
COPY . .
RUN go build -o /usr/local/bin/server .

FROM alpine:3
RUN addgroup -S app && adduser -S -G app app
WORKDIR /build
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /usr/local/bin/server /usr/local/bin/server
USER app
CMD ["server"]
