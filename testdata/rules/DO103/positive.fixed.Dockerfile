# expect: 3:23 DO103
# expect: 8:39 DO103
FROM node:20-bookworm AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci

from nginxinc/nginx-unprivileged:1.27 as web
copy --from=deps /app/node_modules /usr/share/nginx/node_modules
