# expect: 4:1 DO001
# expect: 6:1 DO001
# a LABEL before the first FROM (hadolint's DL3061), a chained ONBUILD (DL3043)
LABEL org.opencontainers.image.title=app
FROM python:3.12-slim
ONBUILD ONBUILD RUN echo never
