# expect: 8:5 SC3046
# expect: 12:11 SC2086
# The pragma names bash for the RUNs after it (its base image's SHELL is bash): `source` is
# fine there, and only there; a bare variable is still worth quoting.
FROM debian:12-slim AS tools
COPY env.sh /etc/profile.d/tools.sh
# /bin/sh is dash here, which has no `source`
RUN source /etc/profile.d/tools.sh && tools --version
FROM tools
# tally shell=bash
RUN source /etc/profile.d/tools.sh \
    && cd $TOOLS_HOME && tools init
