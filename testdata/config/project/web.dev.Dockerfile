FROM alpine:3.20
MAINTAINER ops@example.com
CMD run server
