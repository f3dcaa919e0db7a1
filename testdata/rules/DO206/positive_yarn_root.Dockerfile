# expect: 7:5 DO206
FROM node:22-slim
WORKDIR /app
COPY package.json yarn.lock ./
# yarn 1 as root keeps its cache under /usr/local/share/.cache/yarn:
# removing ~/.cache/yarn does not remove it
RUN yarn install --frozen-lockfile --production && rm -rf /root/.cache/yarn
