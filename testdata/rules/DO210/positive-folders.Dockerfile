# expect: 11:5 DO210
# expect: 13:5 DO210
# expect: 15:5 DO210
# expect: 17:5 DO210
# expect: 19:5 DO210
FROM debian:bookworm-slim
RUN useradd --system --uid 10001 app
# the folder's own mode stays 0750: COPY made it 0755 before BuildKit 0.21
WORKDIR /srv
COPY app/ /srv/app/
RUN chmod -R 750 /srv/app
COPY app/ /opt/app/
RUN chown -R app:app /opt/app
COPY app/ /etc/app/
RUN chown -R app /etc/app
COPY docker/entrypoint.sh /usr/local/bin/entrypoint.sh
RUN chmod +x /usr/local/bin/entrypoint.sh
COPY docker/entrypoint.sh /etc/app/entrypoint.sh
RUN chmod 0700 /etc/app/entrypoint.sh
USER 10001
