FROM busybox
RUN set -e && mkdir -p /etc/app && echo 'mode = production' > /etc/app/app.conf && chmod 0600 /etc/app/app.conf
