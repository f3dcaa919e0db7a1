# expect: 4:5 DO136
# expect: 6:5 DO136
FROM debian:12-slim
RUN ln -sf /bin/bash /bin/sh
RUN rm /bin/sh && \
    ln -s /bin/bash /bin/sh
