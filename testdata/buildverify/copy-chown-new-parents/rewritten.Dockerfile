FROM busybox
COPY --chown=1000:1000 app/ /srv/app/
