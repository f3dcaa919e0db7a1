FROM busybox
CMD httpd -f -p 8080 -h /srv/www
