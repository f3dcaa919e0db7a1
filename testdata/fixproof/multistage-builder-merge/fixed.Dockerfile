FROM busybox AS build
WORKDIR /src
RUN echo 'one' > a.txt \
    && echo 'two' > b.txt \
    && tar -cf /bundle.tar -C /src .

FROM busybox
COPY --from=build /bundle.tar /tmp/bundle.tar
RUN mkdir -p /srv/app \
    && tar -xf /tmp/bundle.tar -C /srv/app && rm /tmp/bundle.tar
WORKDIR /srv/app
CMD ["cat", "a.txt", "b.txt"]
