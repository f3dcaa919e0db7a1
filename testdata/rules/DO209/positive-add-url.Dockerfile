# expect: 7:16 DO209
# expect: 9:5 DO209
FROM debian:12-slim
# ADD does not unpack a remote archive: it stays in the ADD layer, and the rm in the
# later RUN does not shrink the image
ADD https://example.com/releases/tool-1.2.tar.gz /opt/
RUN cd /opt && tar xzf tool-1.2.tar.gz && rm tool-1.2.tar.gz
ADD https://example.com/releases/other-3.0.tgz /tmp/other.tgz
RUN tar -xzf /tmp/other.tgz -C /usr/local && rm /tmp/other.tgz
