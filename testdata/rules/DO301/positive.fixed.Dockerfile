# expect: 8:1 DO301
# expect: 9:1 DO301
# expect: 10:1 DO301
# expect: 11:1 DO301
FROM alpine:3.20
WORKDIR /srv
RUN mkdir -p /srv/app/logs \
    && adduser -D -h /srv/app app \
    && apk add --no-cache curl \
    && apk add --no-cache jq \
    && apk add --no-cache tini
CMD ["sh"]
