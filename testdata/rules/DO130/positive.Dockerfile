# expect: 5:22 DO130
# expect: 8:5 DO130
FROM golang:1.22 AS build
COPY . /src
RUN mkdir -p /out && cd /src && go build -o /out/app . && cd /
# the directory change ends with the RUN
RUN go mod download
RUN cd /src
ONBUILD RUN cd /src && make
