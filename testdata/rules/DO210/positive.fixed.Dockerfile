# expect: 6:5 DO210
# expect: 8:5 DO210
FROM node:22-slim
WORKDIR /home/node/app
COPY --chown=node:node . .
RUN chown node:node /home/node/app
COPY docker/entrypoint.sh /usr/local/bin/entrypoint.sh
RUN chmod 0755 /usr/local/bin/entrypoint.sh && echo ready
USER node
