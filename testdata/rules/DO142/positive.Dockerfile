# expect: 6:1 DO142
# expect: 9:1 DO142
FROM node:22-slim AS app
USER node
WORKDIR /home/node/app
COPY package.json ./
FROM app
ARG CONFIG=config
ADD ${CONFIG}/ /home/node/.config/
