FROM busybox
COPY app/ /etc/app/
RUN chmod -R 750 /etc/app
