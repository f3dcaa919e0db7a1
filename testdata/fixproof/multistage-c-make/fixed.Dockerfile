FROM debian:bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc make libc6-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Makefile greet.c ./
RUN make && make install PREFIX=/usr/local

FROM debian:bookworm
WORKDIR /src
COPY --from=build /usr/local/bin/greet /usr/local/bin/greet
CMD ["greet", "builds"]
