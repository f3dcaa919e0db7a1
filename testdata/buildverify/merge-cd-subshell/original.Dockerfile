FROM busybox
WORKDIR /srv
COPY build.sh /app/build.sh
RUN cd /app && sh build.sh
RUN sh /app/build.sh
