# expect: 4:5 DO213
# expect: 5:5 DO213
FROM debian:12-slim
RUN dd if=/dev/zero of=/swapfile bs=1M count=1024 && chmod 600 /swapfile
RUN fallocate -l 2G /var/lib/db/prealloc
