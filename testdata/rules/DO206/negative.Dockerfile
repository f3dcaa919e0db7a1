FROM node:22-slim AS build
WORKDIR /app
RUN npm ci && npm run build && npm cache clean --force
FROM node:22-slim
WORKDIR /app
RUN npm ci --omit=dev && npm cache clean --force
RUN --mount=type=cache,target=/root/.npm npm install -g pm2@5.4.2
COPY --from=build /app/dist ./dist
