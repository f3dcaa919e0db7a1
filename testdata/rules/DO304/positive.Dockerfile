# expect: 6:1 DO304
# expect: 7:1 DO304
# expect: 9:1 DO304
# expect: 10:1 DO304
FROM python:3.12-slim
ADD requirements.txt setup.cfg /app/
add --chown=app:app src /app/src
ARG BUILDDIR=out
ADD ${BUILDDIR}/app-linux /usr/local/bin/app
ADD ./${PLUGIN_DIR}/ /app/plugins/
