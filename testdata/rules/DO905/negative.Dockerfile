FROM alpine:3.20
RUN apk add --no-cache curl=8.9.1-r0 git~2.45 "python3>=3.12" /tmp/local.apk
