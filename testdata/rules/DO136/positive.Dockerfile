# expect: 3:5 DO136
FROM debian:12-slim
RUN ln -sf /bin/bash /bin/sh
