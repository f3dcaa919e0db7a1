FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app .
# the inner shell's cd is its own business
RUN sh -c 'cd /tmp && ls'
RUN ["go", "build", "./..."]
