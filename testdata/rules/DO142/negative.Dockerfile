FROM node:22-slim
COPY package.json /app/
USER node
COPY --chown=node:node . /app/
COPY src/ /srv/src/
RUN chown -R node /srv/src/
USER root
COPY extra/ /opt/extra/
