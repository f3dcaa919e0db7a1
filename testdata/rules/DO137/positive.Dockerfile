# expect: 4:5 DO137
# expect: 5:36 DO137
FROM debian:12-slim
RUN service nginx start
RUN apt-get update && echo done && vim /etc/hosts
