FROM debian:bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        gcc \
        libc6-dev \
        libsqlite3-dev \
        libsqlite3-0 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /usr/src/notes
COPY notes.c .
RUN gcc -O2 -Wall -o /usr/local/bin/notes notes.c -lsqlite3

FROM debian:bookworm
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libsqlite3-0 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /usr/src/notes
COPY --from=build /usr/local/bin/notes /usr/local/bin/notes
USER 1000
ENTRYPOINT ["notes"]
CMD ["--version"]
