# expect: 9:7 DO141
# expect: 10:7 DO141
# expect: 11:7 DO141
# expect: 12:7 DO141
# expect: 13:7 DO141
# expect: 14:7 DO141
# expect: 15:7 DO141
FROM alpine:3.20
LABEL org.opencontainers.image.source=github.com/example/app \
      org.opencontainers.image.licenses="MIT or" \
      org.opencontainers.image.version=v1.2 \
      org.opencontainers.image.revision=HEAD \
      org.opencontainers.image.created="May 1st" \
      org.opencontainers.image.authors="ops at example.com" \
      org.opencontainers.image.title=""
