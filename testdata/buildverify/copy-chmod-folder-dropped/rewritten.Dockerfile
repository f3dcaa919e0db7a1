FROM busybox
COPY --chmod=750 app/ /etc/app/
