# expect: 4:16 DO912
# expect: 5:16 DO912
FROM golang:1.22
RUN go install golang.org/x/tools/cmd/goimports@latest
RUN go install github.com/go-delve/delve/cmd/dlv
