FROM alpine:3.20 AS build
RUN apk add --no-cache build-base tzdata
WORKDIR /src
COPY . .
RUN make && make install PREFIX=/usr/local

FROM alpine:3.20
RUN apk add --no-cache tzdata
WORKDIR /src
COPY --from=build /usr/local/bin/greet /usr/local/bin/greet
CMD ["greet", "--name", "world"]
