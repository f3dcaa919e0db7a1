FROM busybox
WORKDIR /srv
COPY build.sh /app/build.sh
RUN cd /app && sh build.sh \
    && sh /app/build.sh
