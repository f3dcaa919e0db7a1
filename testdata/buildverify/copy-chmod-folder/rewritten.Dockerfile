FROM busybox
COPY --chmod=750 app/ /etc/app/
RUN chmod 750 /etc/app
