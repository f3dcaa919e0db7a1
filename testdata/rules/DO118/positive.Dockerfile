# expect: 5:11 DO118
# expect: 5:18 DO118
FROM coredns/coredns:1.11.1
COPY Corefile /Corefile
EXPOSE 53/UDP 53/Tcp 9153/tcp
ENTRYPOINT ["/coredns"]
