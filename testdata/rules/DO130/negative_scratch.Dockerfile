# builds in scratch directories: a WORKDIR would keep the directory and move later instructions
FROM debian:12-slim
ENV PYTHON_VERSION=3.12.8
RUN set -eux; \
    mkdir -p /usr/src/python; \
    tar --extract --directory /usr/src/python --strip-components=1 --file /python.tar.xz; \
    cd /usr/src/python; \
    ./configure --enable-optimizations; \
    make -j "$(nproc)"; \
    make install; \
    cd /; \
    rm -rf /usr/src/python /python.tar.xz
RUN cd /tmp && curl -fsSLO https://example.com/tool.tgz && tar -xzf tool.tgz -C /usr/local/bin && rm tool.tgz
RUN dir="$(mktemp -d)" \
    && cd "$dir" \
    && curl -fsSLO https://example.com/tool.tgz \
    && tar -xzf tool.tgz -C /usr/local/bin
RUN export ERL_TOP=/usr/src/otp \
    && mkdir -p $ERL_TOP \
    && ( cd $ERL_TOP && ./configure && make install ) \
    && rm -rf $ERL_TOP
