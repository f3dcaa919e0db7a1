FROM coredns/coredns:1.11.1
ARG METRICS_PORT=9153
COPY Corefile /Corefile
EXPOSE 53/udp 53/tcp ${METRICS_PORT}/tcp 8443
ENTRYPOINT ["/coredns"]
