# review of real files: the rm belongs to its own RUN's apt-get update (the earlier RUN's lists are
# DO201's finding), and the COPY of *.Apache.conf did not write the packaged status.conf
FROM httpd:2.4-alpine
RUN apk add --no-cache apache2-utils
COPY conf/*.Apache.conf /etc/apache2/conf.d/
RUN rm -f /etc/apache2/conf.d/status.conf /etc/apache2/conf.d/userdir.conf
FROM debian:12-slim AS runner
RUN if [ "$DEBUG" = 1 ]; then apt-get update && apt-get install -y gdb; fi
RUN apt-get update && apt-get install -y --no-install-recommends dumb-init \
    && rm -rf /var/lib/apt/lists/*
