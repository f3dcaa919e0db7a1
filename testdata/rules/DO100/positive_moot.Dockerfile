# expect: 9:10 SC1007
# expect: 10:5 SC2164
# expect: 11:12 SC2086
# expect: 11:12 SC2115
# Where the concern is real: a command run with an empty variable, a failed cd that lets the next
# command run in the wrong folder, a folder no ENV sets.
FROM example.com/platform/base:2024.1
ENV TOOL_HOME=/opt/tool
RUN ARCH= make install
RUN cd /srv/app; make install
RUN rm -rf ${DATA_HOME}/bin/*
