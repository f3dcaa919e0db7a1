# expect: 3:19 DO203
FROM alpine:3.20
RUN apk update && apk add --no-cache curl tini
ENTRYPOINT ["/sbin/tini", "--"]
