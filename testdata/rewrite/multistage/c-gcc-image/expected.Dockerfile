FROM gcc:14 AS build
WORKDIR /usr/src/counter
COPY counter.c .
RUN gcc -O2 -Wall -o /usr/local/bin/counter counter.c -lm

FROM debian:trixie-slim
WORKDIR /usr/src/counter
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /usr/local/bin/counter /usr/local/bin/counter
ENTRYPOINT ["counter"]
