FROM debian:12-slim
RUN dd if=/dev/urandom of=/etc/machine-seed bs=32 count=1
RUN truncate -s 0 /var/log/dpkg.log
