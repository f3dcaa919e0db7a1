# expect: 8:8 DO129
# expect: 12:13 DO129
# A checksum list piped into `sha256sum -c` fails the check when it arrives empty (information);
# a download piped into sha256sum to print its sum does not check anything (a warning).
FROM debian:12-slim
RUN curl -fsSLO https://example.com/dist/app-1.4.tar.xz \
    && curl -fsSLO https://example.com/dist/SHASUMS256.txt \
    && grep " app-1.4.tar.xz\$" SHASUMS256.txt | sha256sum -c - \
    && tar -xJf app-1.4.tar.xz -C /opt

FROM debian:12-slim AS sum
RUN set -e; curl -fsSL https://example.com/dist/app-1.4.tar.xz | sha256sum > /tmp/app.sum
