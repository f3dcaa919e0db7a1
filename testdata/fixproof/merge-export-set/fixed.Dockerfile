FROM busybox
RUN ( set -e; mkdir -p /work/out; cd /work; export GREETING=hello; echo "$GREETING" > out/first ) \
    && pwd > /where && echo "${GREETING:-unset}" > /greeting \
    && ( cd /work/out || exit 1; ls > /listing )
