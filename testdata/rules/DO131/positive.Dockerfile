# expect: 5:5 DO131
# expect: 7:56 DO131
# expect: 9:13 DO131
FROM debian:12-slim
RUN wget https://example.com/a.tar.gz -O /tmp/a.tar.gz
# -n alone is not -nv
RUN wget -q -O /tmp/b.zip https://example.com/b.zip && wget -n https://example.com/c
# a trigger too
ONBUILD RUN wget https://example.com/d
