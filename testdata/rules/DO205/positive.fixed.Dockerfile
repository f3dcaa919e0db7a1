# expect: 3:5 DO205
FROM registry.access.redhat.com/ubi9/ubi:9.4
RUN dnf install -y --setopt=tsflags=nodocs nginx && dnf clean all
RUN microdnf install -y tar && microdnf clean all
CMD ["nginx", "-g", "daemon off;"]
