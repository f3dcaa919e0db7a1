# expect: 5:5 DO206
# expect: 6:5 DO206
FROM node:22-slim
WORKDIR /app
RUN npm ci --omit=dev && npm cache clean --force
RUN yarn install --frozen-lockfile --production && yarn cache clean
CMD ["node", "server.js"]
