FROM debian:12-slim
RUN wget -nv https://example.com/a.tar.gz -O /tmp/a.tar.gz
RUN wget --progress=dot:giga https://example.com/b
RUN wget -qO- https://example.com/c | tar -xz
RUN wget --quiet https://example.com/d
RUN wget -o /tmp/wget.log https://example.com/e
RUN wget --no-verbose https://example.com/f
RUN curl -fsSLO https://example.com/g
