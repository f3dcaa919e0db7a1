# expect: 3:20 DO909
FROM centos:7
RUN yum install -y httpd mod_ssl-2.4.6 && yum clean all
