FROM busybox
COPY app/ /etc/app/
RUN chown -R 1000:1000 /etc/app
