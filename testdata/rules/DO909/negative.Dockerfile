FROM centos:7
RUN yum install -y httpd-2.4.6-99.el7 ./local/tool-1.0-1.x86_64.rpm && yum clean all
RUN yum groupinstall -y "Development Tools" && yum clean all
