FROM busybox
ENV APP_HOME=/srv/app
ENV DATA_DIR=$APP_HOME/data
CMD ["sh", "-c", "ls $DATA_DIR"]
