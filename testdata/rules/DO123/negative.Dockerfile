FROM node:20 AS build
RUN npm ci && npm run build
FROM nginx:1.27-alpine AS web
COPY --from=build /app/dist /usr/share/nginx/html
RUN --mount=from=0,source=/app,target=/mnt cp /mnt/robots.txt /usr/share/nginx/html/
