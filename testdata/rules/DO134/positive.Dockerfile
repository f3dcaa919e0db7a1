# expect: 6:5 DO134
# expect: 7:5 DO134
FROM debian:12-slim AS fetch
RUN apt-get update && apt-get install -y --no-install-recommends curl wget && rm -rf /var/lib/apt/lists/*
RUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz
RUN wget -q -O /tmp/b.tgz https://example.com/b.tgz
RUN curl -fsSLo /tmp/c.tgz https://example.com/c.tgz
