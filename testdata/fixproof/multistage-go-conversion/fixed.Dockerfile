FROM debian:bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends golang-go \
    && rm -rf /var/lib/apt/lists/*
ENV GOFLAGS=-trimpath
WORKDIR /src
COPY go.mod main.go ./
RUN go build -o /usr/local/bin/hello .

FROM debian:bookworm
ENV GOFLAGS=-trimpath
WORKDIR /src
COPY --from=build /usr/local/bin/hello /usr/local/bin/hello
EXPOSE 8080
USER 65532
CMD ["hello"]
