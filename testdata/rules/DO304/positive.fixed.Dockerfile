# expect: 6:1 DO304
# expect: 7:1 DO304
# expect: 9:1 DO304
# expect: 10:1 DO304
FROM python:3.12-slim
COPY requirements.txt setup.cfg /app/
copy --chown=app:app src /app/src
ARG BUILDDIR=out
COPY ${BUILDDIR}/app-linux /usr/local/bin/app
COPY ./${PLUGIN_DIR}/ /app/plugins/
