# expect: 4:20 DO911
# expect: 5:25 DO911
FROM fedora:40
RUN dnf install -y nginx && dnf clean all
RUN microdnf install -y tzdata && microdnf clean all
