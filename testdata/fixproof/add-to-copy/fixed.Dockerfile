FROM busybox
WORKDIR /etc/app
COPY settings.ini ./
COPY scripts/ /usr/local/bin/
CMD ["/usr/local/bin/start.sh"]
