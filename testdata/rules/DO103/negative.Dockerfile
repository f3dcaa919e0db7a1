FROM node:20-bookworm AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci

from nginxinc/nginx-unprivileged:1.27 as web
copy --from=deps /app/node_modules /usr/share/nginx/node_modules

# "From" is mixed case: DO106 reports it, not DO103
From alpine:3.20 AS tools
