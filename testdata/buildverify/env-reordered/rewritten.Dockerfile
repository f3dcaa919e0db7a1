FROM busybox
ENV DATA_DIR=$APP_HOME/data
ENV APP_HOME=/srv/app
CMD ["sh", "-c", "ls $DATA_DIR"]
