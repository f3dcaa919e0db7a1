# /bin/sh is the shell the image links there: busybox ash on Alpine, dash on Debian and Ubuntu,
# bash on the Red Hat family. What that shell supports is not reported as a POSIX portability issue,
# nor the flags of /bin/echo, a program (coreutils, busybox) rather than the shell's builtin.
FROM alpine:3.20 AS fetch
RUN fetch() { local name="$1" url="$2"; wget -qO "/tmp/$name" "$url"; } \
 && fetch tool.tgz https://example.com/tool.tgz \
 && echo -e "[tool]\nhome=/opt/tool" > /etc/tool.ini \
 && source /etc/profile \
 && arch="$(apk --print-arch)" && echo "${arch/x86_64/amd64}" > /etc/tool-arch

FROM debian:12-slim AS build
RUN unpack() { local archive="$1"; tar -xzf "$archive" -C /opt; } \
 && echo -n "unpacking: " && echo finished \
 && /bin/echo -e "[build]\njobs=4" > /etc/build.ini

# docker:cli says nothing of its distribution; its stage installs with apk: Alpine
FROM docker:27-cli AS cli
RUN apk add --no-cache iptables \
 && for f in iptables ip6tables; do b="$(command -v "${f/tables/tables-legacy}")" && echo "$b"; done

FROM rockylinux:9 AS rpm
FROM rpm
RUN source /etc/os-release && echo "${VERSION_ID//./-}" > /etc/release-tag
