FROM golang:1.22
WORKDIR /src
COPY . .
RUN go install golang.org/x/tools/cmd/goimports@v0.24.0
RUN go install ./cmd/app
RUN go install tool
RUN go run build.go
