# expect: 5:37 DO121
# expect: 8:44 DO121
FROM node:20-alpine
WORKDIR /srv
COPY package.json package-lock.json /app/
RUN cd /app && npm ci
COPY tsconfig.json src /app/
COPY --chown=node:node .env.example .npmrc config/
