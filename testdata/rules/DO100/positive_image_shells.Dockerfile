# expect: 8:26 SC3036
# expect: 11:21 SC3043
# On Debian /bin/sh is dash: `echo -e` prints "-e" into the file. An image whose distribution is
# not known (no distribution in its name, no package manager run) is checked as POSIX sh.
FROM debian:12-slim
RUN apt-get update \
 && rm -rf /var/lib/apt/lists/* \
 && printf 'a\n' && echo -e "[app]\nport=8080" > /etc/app.ini

FROM example.com/platform/base:2024.1
RUN install_one() { local name="$1"; cp "/src/$name" /usr/local/bin/; } \
 && install_one app
