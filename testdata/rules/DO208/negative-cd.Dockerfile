# the file removed after `cd /tmp` is not the one written to the WORKDIR
FROM debian:12-slim
WORKDIR /opt/app
COPY settings.ini ./
RUN cd /tmp && echo build > settings.ini && rm settings.ini
