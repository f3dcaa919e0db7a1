FROM busybox
ENV APP_PORT=8080 APP_HOME=/srv/app
RUN mkdir -p /srv/app && echo 'listen 8080' > /srv/app/app.conf
CMD ["sh", "-c", "cat $APP_HOME/app.conf"]
