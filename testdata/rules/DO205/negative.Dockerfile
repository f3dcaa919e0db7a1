FROM rockylinux:9
RUN yum install -y httpd && yum clean all
RUN dnf install -y git && rm -rf /var/cache/dnf/*
RUN --mount=type=cache,target=/var/cache/dnf dnf install -y make
