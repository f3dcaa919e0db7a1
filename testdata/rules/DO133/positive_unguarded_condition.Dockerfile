# expect: 6:41 DO133
# A condition that is not about the user does not make sudo right.
FROM ubuntu:24.04
RUN useradd -m builder
USER builder
RUN if [ -f /etc/debian_version ]; then sudo apt-get update; fi
