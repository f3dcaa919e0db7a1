# expect: 13:10 SC1007
# expect: 14:5 SC2164
# expect: 15:12 SC2086
# expect: 15:12 SC2115
# expect: 18:12 SC2155
# expect: 19:14 SC2046
# expect: 20:16 SC2043
# Where the concern is real: a command run with an empty variable, a failed cd that lets the next
# command run in the wrong folder, a folder no ENV sets.
FROM example.com/platform/base:2024.1
ENV TOOL_HOME=/opt/tool
ARG packages="curl jq"
RUN ARCH= make install
RUN cd /srv/app; make install
RUN rm -rf ${DATA_HOME}/bin/*
# a download whose failure export hides; ls output split on blanks; a loop over the word
# "packages" where $packages was meant
RUN export VERSION="$(curl -fsSL https://example.com/version)" && echo "$VERSION" > /etc/version
RUN tar -xzf $(ls /tmp/*.tar.gz) -C /opt
RUN for pkg in packages; do apk add --no-cache "$pkg"; done
