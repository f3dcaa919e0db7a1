FROM node:22-slim
WORKDIR /home/node/app
COPY --chown=node:node . .
COPY --chmod=0755 docker/entrypoint.sh /usr/local/bin/entrypoint.sh
RUN mkdir -p /data && chown node:node /data
USER node
