# expect: 6:5 DO133
# expect: 7:34 DO133
FROM ubuntu:24.04
RUN useradd -m app
USER app
RUN sudo apt-get update
RUN mkdir -p /home/app/.cache && sudo -E chown app /opt
