FROM busybox
COPY app/ /srv/app/
RUN chown -R 1000:1000 /srv/app
