FROM busybox
RUN mkdir -p /srv/app && echo 'listen 8080' > /srv/app/app.conf
ENV APP_PORT=8080 APP_HOME=/srv/app
CMD ["sh", "-c", "cat $APP_HOME/app.conf"]
