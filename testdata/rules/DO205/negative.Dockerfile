FROM rockylinux:9
RUN yum install -y httpd && yum clean all
RUN dnf install -y git && rm -rf /var/cache/dnf/*
RUN --mount=type=cache,target=/var/cache/dnf dnf install -y make
# an rm -rf before the install is not a clean-up that came too early (hadolint's DL3040 thinks so)
RUN rm -rf /tmp/old && dnf install -y nginx && dnf clean all
